import { Module } from '@nestjs/common';
import { ActorsModule } from '../actors/actors.module.js';
import { VideosModule } from '../videos/videos.module.js';
import { CommentsController, MyVideosCommentsController } from './comments.controller.js';
import { CommentsRepository } from './comments.repository.js';
import { CommentsService } from './comments.service.js';

@Module({
  imports: [ActorsModule, VideosModule],
  controllers: [CommentsController, MyVideosCommentsController],
  providers: [CommentsRepository, CommentsService],
  exports: [CommentsRepository],
})
export class CommentsModule {}
