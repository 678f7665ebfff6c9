import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import multer from 'multer';
import type { ResultList } from '../../../shared/models/common.js';
import {
  VIDEO_PLAYLIST_PRIVACY_LABELS,
  type VideoExistInPlaylist,
  type VideoPlaylist,
  type VideoPlaylistCreateResult,
  type VideoPlaylistElement,
  type VideoPlaylistElementCreateResult,
} from '../../../shared/models/videos/video-playlist.model.js';
import { PaginationQueryDto } from '../../core/http/pagination.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import {
  AddPlaylistElementDto,
  CreatePlaylistDto,
  ListPlaylistsQueryDto,
  PlaylistElementParamDto,
  PlaylistIdParamDto,
  ReorderPlaylistDto,
  SearchPlaylistsQueryDto,
  UpdatePlaylistDto,
  UpdatePlaylistElementDto,
  VideosExistQueryDto,
} from './dto/playlist.dto.js';
import { PlaylistElementsService } from './playlist-elements.service.js';
import { PlaylistsService } from './playlists.service.js';

/**
 * PeerTube's client sends playlists as multipart forms (with an optional `thumbnailfile`): the fields are read, the
 * picture is not kept (playlists show no picture of their own here), and the body is bounded.
 */
const multipartFields = FileInterceptor('thumbnailfile', {
  storage: multer.memoryStorage(),
  limits: { files: 1, fields: 10, fileSize: 8 * 1024 * 1024 },
});

@ApiTags('Video Playlists')
@Controller('api/v1/video-playlists')
export class PlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    private readonly elements: PlaylistElementsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List public video playlists' })
  list(@Query() query: ListPlaylistsQueryDto): Promise<ResultList<VideoPlaylist>> {
    return this.playlists.list(query);
  }

  @Get('privacies')
  @ApiOperation({ summary: 'Video playlist privacies, by id' })
  privacies(): Record<number, string> {
    return VIDEO_PLAYLIST_PRIVACY_LABELS;
  }

  @Post()
  @HttpCode(200)
  @Authenticated()
  @UseInterceptors(multipartFields)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiOperation({ summary: 'Create a video playlist (a channel is required unless it is private)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreatePlaylistDto): Promise<VideoPlaylistCreateResult> {
    return this.playlists.create(user, dto);
  }

  @Get(':playlistId')
  @ApiOperation({ summary: 'Get a video playlist by id, UUID or shortUUID (an unlisted one by UUID only)' })
  get(@Param() params: PlaylistIdParamDto, @CurrentUser() user?: AuthUser): Promise<VideoPlaylist> {
    return this.playlists.get(params.playlistId, user);
  }

  @Put(':playlistId')
  @HttpCode(204)
  @Authenticated()
  @UseInterceptors(multipartFields)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Update a video playlist' })
  update(
    @CurrentUser() user: AuthUser,
    @Param() params: PlaylistIdParamDto,
    @Body() dto: UpdatePlaylistDto,
  ): Promise<void> {
    return this.playlists.update(user, params.playlistId, dto);
  }

  @Delete(':playlistId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a video playlist' })
  delete(@CurrentUser() user: AuthUser, @Param() params: PlaylistIdParamDto): Promise<void> {
    return this.playlists.delete(user, params.playlistId);
  }

  @Get(':playlistId/videos')
  @ApiOperation({ summary: 'List the videos of a playlist, in order' })
  listVideos(
    @Param() params: PlaylistIdParamDto,
    @Query() query: PaginationQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<ResultList<VideoPlaylistElement>> {
    return this.elements.list(params.playlistId, query, user);
  }

  @Post(':playlistId/videos')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Add a video to a playlist, at its end' })
  addVideo(
    @CurrentUser() user: AuthUser,
    @Param() params: PlaylistIdParamDto,
    @Body() dto: AddPlaylistElementDto,
  ): Promise<VideoPlaylistElementCreateResult> {
    return this.elements.add(user, params.playlistId, dto);
  }

  @Post(':playlistId/videos/reorder')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Move videos of a playlist to another position' })
  reorder(
    @CurrentUser() user: AuthUser,
    @Param() params: PlaylistIdParamDto,
    @Body() dto: ReorderPlaylistDto,
  ): Promise<void> {
    return this.elements.reorder(user, params.playlistId, dto);
  }

  @Put(':playlistId/videos/:playlistElementId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Change where a video of a playlist starts and stops' })
  updateVideo(
    @CurrentUser() user: AuthUser,
    @Param() params: PlaylistElementParamDto,
    @Body() dto: UpdatePlaylistElementDto,
  ): Promise<void> {
    return this.elements.update(user, params.playlistId, params.playlistElementId, dto);
  }

  @Delete(':playlistId/videos/:playlistElementId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Remove a video from a playlist' })
  removeVideo(@CurrentUser() user: AuthUser, @Param() params: PlaylistElementParamDto): Promise<void> {
    return this.elements.remove(user, params.playlistId, params.playlistElementId);
  }
}

@ApiTags('Video Playlists')
@Controller('api/v1')
export class OwnerPlaylistsController {
  constructor(
    private readonly playlists: PlaylistsService,
    private readonly elements: PlaylistElementsService,
  ) {}

  @Get('users/me/video-playlists/videos-exist')
  @Authenticated()
  @ApiOperation({ summary: 'Where videos are in my playlists, by video id' })
  videosExist(
    @CurrentUser() user: AuthUser,
    @Query() query: VideosExistQueryDto,
  ): Promise<Record<number, VideoExistInPlaylist[]>> {
    return this.elements.videosExist(user, query.videoIds);
  }

  @Get('accounts/:name/video-playlists')
  @ApiOperation({ summary: "List an account's playlists (all of them, watch later too, for the account itself)" })
  accountPlaylists(
    @Param('name') name: string,
    @Query() query: ListPlaylistsQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<ResultList<VideoPlaylist>> {
    return this.playlists.listOfAccount(name, query, user);
  }

  @Get('video-channels/:handle/video-playlists')
  @ApiOperation({ summary: "List a channel's playlists" })
  channelPlaylists(
    @Param('handle') handle: string,
    @Query() query: ListPlaylistsQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<ResultList<VideoPlaylist>> {
    return this.playlists.listOfChannel(handle, query, user);
  }

  @Get('search/video-playlists')
  @ApiTags('Search')
  @ApiOperation({ summary: 'Search public video playlists by name' })
  search(@Query() query: SearchPlaylistsQueryDto): Promise<ResultList<VideoPlaylist>> {
    return this.playlists.search(query);
  }
}
