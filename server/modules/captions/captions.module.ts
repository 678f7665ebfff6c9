import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import multer from 'multer';
import { feedWithinLimit } from '../../core/http/request-body-limit.js';
import { VideosModule } from '../videos/videos.module.js';
import { CaptionBodyLimitInterceptor, CaptionsController } from './captions.controller.js';
import { CaptionsRepository } from './captions.repository.js';
import { CaptionsService } from './captions.service.js';

@Module({
  imports: [
    VideosModule,
    // A caption is small and parsed whole: it is kept in memory, its body cut at the caption size limit.
    MulterModule.registerAsync({
      useFactory: () => ({
        storage: multer.memoryStorage(),
        limits: { files: 1, fields: 5 },
        streamHandler: feedWithinLimit,
      }),
    }),
  ],
  controllers: [CaptionsController],
  providers: [CaptionsRepository, CaptionsService, CaptionBodyLimitInterceptor],
  exports: [CaptionsRepository],
})
export class CaptionsModule {}
