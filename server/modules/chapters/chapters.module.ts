import { Module } from '@nestjs/common';
import { VideosModule } from '../videos/videos.module.js';
import { ChaptersController } from './chapters.controller.js';
import { ChaptersRepository } from './chapters.repository.js';
import { ChaptersService } from './chapters.service.js';

@Module({
  imports: [VideosModule],
  controllers: [ChaptersController],
  providers: [ChaptersRepository, ChaptersService],
  exports: [ChaptersRepository],
})
export class ChaptersModule {}
