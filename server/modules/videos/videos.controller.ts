import { Body, Controller, Delete, Get, Header, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  VIDEO_CATEGORIES,
  VIDEO_LANGUAGES,
  VIDEO_LICENCES,
  VIDEO_PRIVACY_LABELS,
} from '../../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../../shared/models/videos/video.model.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ListVideosQueryDto, SearchVideosQueryDto, VideoIdParamDto, VideoUpdateDto } from './dto/video.dto.js';
import { VideoUploadService } from './video-upload.service.js';
import { VideosService } from './videos.service.js';

/**
 * The lists answer their JSON text (VideosService.listJson), serialized once for the callers sharing it; the header
 * says what it is, as `res.json` would.
 */
const JSON_TEXT = 'application/json; charset=utf-8';
/** What the OpenAPI document says of the lists' freshness (AnonymousVideoLists). */
const ANONYMOUS_LISTS =
  'Without a token, answers are shared between callers for `videos.anonymous_list_cache` (1 second by default): ' +
  'a change made through another process may show that much later.';

@ApiTags('Video')
@Controller('api/v1/videos')
export class VideosController {
  constructor(private readonly videos: VideosService) {}

  @Get()
  @Header('Content-Type', JSON_TEXT)
  @ApiOperation({ summary: 'List published videos', description: ANONYMOUS_LISTS })
  list(@Query() query: ListVideosQueryDto, @CurrentUser() user?: AuthUser): Promise<string> {
    return this.videos.listJson(query, user);
  }

  @Get('categories')
  @ApiOperation({ summary: 'Video categories, by id' })
  categories(): Record<number, string> {
    return VIDEO_CATEGORIES;
  }

  @Get('licences')
  @ApiOperation({ summary: 'Video licences, by id' })
  licences(): Record<number, string> {
    return VIDEO_LICENCES;
  }

  @Get('languages')
  @ApiOperation({ summary: 'Video languages, by code' })
  languages(): Record<string, string> {
    return VIDEO_LANGUAGES;
  }

  @Get('privacies')
  @ApiOperation({ summary: 'Video privacies, by id' })
  privacies(): Record<number, string> {
    return VIDEO_PRIVACY_LABELS;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a video by id, UUID or shortUUID, with its files and HLS playlists' })
  get(@Param() params: VideoIdParamDto, @CurrentUser() user?: AuthUser): Promise<VideoDetails> {
    return this.videos.get(params.id, user);
  }

  @Put(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Update a video' })
  update(@CurrentUser() user: AuthUser, @Param() params: VideoIdParamDto, @Body() dto: VideoUpdateDto): Promise<void> {
    return this.videos.update(user, params.id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a video and its files' })
  delete(@CurrentUser() user: AuthUser, @Param() params: VideoIdParamDto): Promise<void> {
    return this.videos.delete(user, params.id);
  }
}

@ApiTags('Search')
@Controller('api/v1/search')
export class SearchController {
  constructor(private readonly videos: VideosService) {}

  @Get('videos')
  @Header('Content-Type', JSON_TEXT)
  @ApiOperation({ summary: 'Search videos by name and tag', description: ANONYMOUS_LISTS })
  searchVideos(@Query() query: SearchVideosQueryDto, @CurrentUser() user?: AuthUser): Promise<string> {
    return this.videos.listJson(query, user);
  }
}

@ApiTags('My User')
@Controller('api/v1/users/me')
export class MyVideoQuotaController {
  constructor(private readonly uploads: VideoUploadService) {}

  @Get('video-quota-used')
  @Authenticated()
  @ApiOperation({ summary: 'Bytes of video counted against my quota, in total and over the last 24 hours' })
  quotaUsed(@CurrentUser() user: AuthUser): Promise<{ videoQuotaUsed: number; videoQuotaUsedDaily: number }> {
    return this.uploads.quotaUsed(user);
  }
}

@ApiTags('Video')
@Controller('api/v1')
export class OwnerVideosController {
  constructor(private readonly videos: VideosService) {}

  @Get('video-channels/:handle/videos')
  @Header('Content-Type', JSON_TEXT)
  @ApiOperation({ summary: 'List the videos of a channel', description: ANONYMOUS_LISTS })
  channelVideos(
    @Param('handle') handle: string,
    @Query() query: ListVideosQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<string> {
    return this.videos.listJson(query, user, { channel: handle });
  }

  @Get('accounts/:name/videos')
  @Header('Content-Type', JSON_TEXT)
  @ApiOperation({ summary: 'List the videos of an account', description: ANONYMOUS_LISTS })
  accountVideos(
    @Param('name') name: string,
    @Query() query: ListVideosQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<string> {
    return this.videos.listJson(query, user, { account: name });
  }
}
