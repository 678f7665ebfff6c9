import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ServerConfigController } from './server-config.controller.js';
import { ServerConfigService } from './server-config.service.js';

@Module({ imports: [UsersModule], controllers: [ServerConfigController], providers: [ServerConfigService] })
export class ServerConfigModule {}
