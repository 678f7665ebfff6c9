import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VideoChapters } from '../../../shared/models/videos/video-chapter.model.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoIdParamDto } from '../videos/dto/video.dto.js';
import { ChaptersService } from './chapters.service.js';
import { ChaptersUpdateDto } from './dto/chapters.dto.js';

@ApiTags('Video Chapters')
@Controller('api/v1/videos')
export class ChaptersController {
  constructor(private readonly chapters: ChaptersService) {}

  @Get(':id/chapters')
  @ApiOperation({ summary: "A video's chapters, in timecode order" })
  list(@Param() params: VideoIdParamDto, @CurrentUser() user?: AuthUser): Promise<VideoChapters> {
    return this.chapters.list(params.id, user);
  }

  @Put(':id/chapters')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: "Replace a video's chapters (they no longer follow its description)" })
  replace(
    @CurrentUser() user: AuthUser,
    @Param() params: VideoIdParamDto,
    @Body() dto: ChaptersUpdateDto,
  ): Promise<void> {
    return this.chapters.replace(user, params.id, dto.chapters);
  }
}
