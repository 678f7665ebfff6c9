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
import { ChannelImagesController, MyAvatarController } from './actor-images.controller.js';
import { ActorImagesService } from './actor-images.service.js';
import { ImageUploadLimitInterceptor } from './image-upload-limit.interceptor.js';

/** Avatars and banners of this instance's accounts and channels (remote ones arrive through federation). */
@Module({
  imports: [
    ActorsModule,
    AccountsModule,
    ChannelsModule,
    // Pictures stream to the uploads folder, within the limit ImageUploadLimitInterceptor sets.
    MulterModule.registerAsync({
      inject: [StoragePaths],
      useFactory: (paths: StoragePaths) => {
        mkdirSync(paths.uploadsDir, { recursive: true });
        return {
          storage: multer.diskStorage({
            destination: paths.uploadsDir,
            filename: (_request, _file, callback) => callback(null, randomBytes(16).toString('hex')),
          }),
          limits: { files: 1, fields: 5 },
          streamHandler: feedWithinLimit,
        };
      },
    }),
  ],
  controllers: [MyAvatarController, ChannelImagesController],
  providers: [ActorImagesService, ImageUploadLimitInterceptor],
})
export class ActorImagesModule {}
