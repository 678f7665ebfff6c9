import { Module } from '@nestjs/common';
import { VideosModule } from '../videos/videos.module.js';
import { StoryboardsController } from './storyboards.controller.js';
import { StoryboardsRepository } from './storyboards.repository.js';
import { StoryboardsService } from './storyboards.service.js';

@Module({
  imports: [VideosModule],
  controllers: [StoryboardsController],
  providers: [StoryboardsRepository, StoryboardsService],
  exports: [StoryboardsRepository],
})
export class StoryboardsModule {}
