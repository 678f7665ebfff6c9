import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ActorsModule } from '../actors/actors.module.js';
import { AccountChannelsController, ChannelsController, SearchChannelsController } from './channels.controller.js';
import { ChannelsRepository } from './channels.repository.js';
import { ChannelsService } from './channels.service.js';

@Module({
  imports: [ActorsModule, AccountsModule],
  controllers: [ChannelsController, AccountChannelsController, SearchChannelsController],
  providers: [ChannelsRepository, ChannelsService],
  exports: [ChannelsRepository, ChannelsService],
})
export class ChannelsModule {}
