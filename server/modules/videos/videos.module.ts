import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import multer from 'multer';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { feedWithinLimit } from '../../core/http/request-body-limit.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ActorsModule } from '../actors/actors.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { UsersModule } from '../users/users.module.js';
import { ResumableUploadService } from './resumable-upload.service.js';
import { UploadBytes } from './upload-bytes.js';
import { TranscodingResumerService } from './transcoding-resumer.service.js';
import { UploadQuotaInterceptor } from './upload-quota.interceptor.js';
import { UploadQuotaRepository } from './upload-quota.repository.js';
import { UploadQuotaService } from './upload-quota.service.js';
import { SourceWebVideoService } from './source-web-video.service.js';
import { VideoFilesService } from './video-files.service.js';
import { VideoUploadController } from './video-upload.controller.js';
import { VideoUploadService } from './video-upload.service.js';
import { VideoUploadsRepository } from './video-uploads.repository.js';
import {
  MyVideoQuotaController,
  OwnerVideosController,
  SearchController,
  VideosController,
} from './videos.controller.js';
import { RemoteVideosRepository } from './remote-videos.repository.js';
import { MyVideoRatingController, VideoInteractionsController } from './video-interactions.controller.js';
import { VideoRatesRepository } from './video-rates.repository.js';
import { VideoRatesService } from './video-rates.service.js';
import { VideoViewersBroadcastService } from './views/video-viewers-broadcast.service.js';
import { VideoViewersStore } from './views/video-viewers.store.js';
import { VideoViewsFlushService } from './views/video-views-flush.service.js';
import { VideoViewsBuffer } from './views/video-views.buffer.js';
import { VideoViewsRepository } from './views/video-views.repository.js';
import { VideoViewsService } from './views/video-views.service.js';
import { VideosRepository } from './videos.repository.js';
import { VideosService } from './videos.service.js';
import { ServersModule } from '../servers/servers.module.js';

@Module({
  imports: [
    AccountsModule,
    ActorsModule,
    ChannelsModule,
    ServersModule,
    UsersModule,
    // Multipart bodies stream to the uploads folder, never whole into memory.
    MulterModule.registerAsync({
      inject: [StoragePaths],
      useFactory: (paths: StoragePaths) => {
        mkdirSync(paths.uploadsDir, { recursive: true });
        return {
          storage: multer.diskStorage({
            destination: paths.uploadsDir,
            filename: (_request, _file, callback) => callback(null, randomBytes(16).toString('hex')),
          }),
          // No fileSize limit here: multer would read a too long body to its end before answering. The body is
          // counted as it arrives and cut at the size and quota limit that UploadQuotaInterceptor sets instead.
          limits: { files: 2, fields: 30 },
          streamHandler: feedWithinLimit,
        };
      },
    }),
  ],
  // The upload routes come first: `upload` must not be taken for a video id.
  controllers: [
    VideoUploadController,
    VideosController,
    VideoInteractionsController,
    SearchController,
    MyVideoQuotaController,
    MyVideoRatingController,
    OwnerVideosController,
  ],
  providers: [
    VideosRepository,
    RemoteVideosRepository,
    VideoRatesRepository,
    VideoUploadsRepository,
    VideoFilesService,
    SourceWebVideoService,
    VideosService,
    VideoRatesService,
    VideoViewsService,
    VideoViewsBuffer,
    VideoViewersStore,
    VideoViewsRepository,
    VideoViewsFlushService,
    VideoViewersBroadcastService,
    VideoUploadService,
    ResumableUploadService,
    UploadBytes,
    UploadQuotaRepository,
    UploadQuotaService,
    UploadQuotaInterceptor,
    TranscodingResumerService,
  ],
  exports: [
    VideosRepository,
    RemoteVideosRepository,
    VideoRatesRepository,
    VideosService,
    VideoUploadService,
    VideoViewsService,
    VideoViewersStore,
  ],
})
export class VideosModule {}
