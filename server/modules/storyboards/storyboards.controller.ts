import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Storyboards } from '../../../shared/models/videos/storyboard.model.js';
import { CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoIdParamDto } from '../videos/dto/video.dto.js';
import { StoryboardsService } from './storyboards.service.js';

@ApiTags('Video')
@Controller('api/v1/videos')
export class StoryboardsController {
  constructor(private readonly storyboards: StoryboardsService) {}

  @Get(':id/storyboards')
  @ApiOperation({ summary: "A video's storyboards: sprite sheets of frames, shown when seeking" })
  list(@Param() params: VideoIdParamDto, @CurrentUser() user?: AuthUser): Promise<Storyboards> {
    return this.storyboards.list(params.id, user);
  }
}
