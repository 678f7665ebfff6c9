import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ActorsModule } from '../actors/actors.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { VideosModule } from '../videos/videos.module.js';
import { StaticFilesMiddleware } from './static-files.middleware.js';
import { VideoAccessCache } from './video-access.cache.js';

@Module({
  imports: [ActorsModule, AuthModule, VideosModule],
  providers: [VideoAccessCache],
})
export class StaticFilesModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(StaticFilesMiddleware).forRoutes('static/*path', 'lazy-static/*path');
  }
}
