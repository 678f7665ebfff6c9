import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { ClientFilesMiddleware } from './client-files.middleware.js';
import { ClientPagesController } from './client-pages.controller.js';

/** Serves the web client built from client/ (`npm run build`). */
@Module({ controllers: [ClientPagesController] })
export class ClientModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ClientFilesMiddleware).forRoutes('client/*path', 'sw.min.js');
  }
}
