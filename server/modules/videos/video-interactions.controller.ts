import { Body, Controller, Get, HttpCode, Ip, Param, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoIdParamDto, VideoRateDto, VideoRatingParamDto, VideoViewDto } from './dto/video.dto.js';
import { VideoRatesService, type UserRating } from './video-rates.service.js';
import { VideoViewsService } from './views/video-views.service.js';

@ApiTags('Video Rates')
@Controller('api/v1/videos')
export class VideoInteractionsController {
  constructor(
    private readonly rates: VideoRatesService,
    private readonly views: VideoViewsService,
  ) {}

  @Put(':id/rate')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Like or dislike a video, or take the rate back (`none`)' })
  rate(@CurrentUser() user: AuthUser, @Param() params: VideoIdParamDto, @Body() dto: VideoRateDto): Promise<void> {
    return this.rates.rate(user, params.id, dto.rating);
  }

  @Post(':id/views')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiOperation({
    summary: 'Report a view',
    description:
      'The viewer counts among the video viewers for `views.viewer_window`; one view is counted per viewer and ' +
      'video within `videos.view_window`, and reaches `views` with the next flush (`views.flush_interval`).',
  })
  async view(
    @Param() params: VideoIdParamDto,
    @Body() dto: VideoViewDto,
    @Ip() ip: string,
    @CurrentUser() user?: AuthUser,
  ): Promise<void> {
    await this.views.view(params.id, dto, ip, user);
  }
}

@ApiTags('My User')
@Controller('api/v1/users/me')
export class MyVideoRatingController {
  constructor(private readonly rates: VideoRatesService) {}

  @Get('videos/:videoId/rating')
  @Authenticated()
  @ApiOperation({ summary: 'My rate of a video' })
  rating(
    @CurrentUser() user: AuthUser,
    @Param() params: VideoRatingParamDto,
  ): Promise<{ videoId: number; rating: UserRating }> {
    return this.rates.getRating(user, params.videoId);
  }
}
