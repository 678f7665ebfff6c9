import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { InboxStatsStore } from './inbox-stats.store.js';
import { ServerStatsController } from './server-stats.controller.js';
import { ServerStatsRepository } from './server-stats.repository.js';
import { ServerStatsService } from './server-stats.service.js';

@Module({
  imports: [AccountsModule],
  controllers: [ServerStatsController],
  providers: [ServerStatsRepository, ServerStatsService, InboxStatsStore],
  exports: [InboxStatsStore],
})
export class ServerStatsModule {}
