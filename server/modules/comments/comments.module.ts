import { Module } from '@nestjs/common';
import { VideosModule } from '../videos/videos.module.js';
import { CommentsController, MyVideosCommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [VideosModule],
  controllers: [CommentsController, MyVideosCommentsController],
  providers: [CommentsRepository, CommentsService],
  exports: [CommentsRepository],
})
export class CommentsModule {}
