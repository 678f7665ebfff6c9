import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { BlocklistController } from './blocklist.controller.js';
import { BlocklistService } from './blocklist.service.js';
import { ServersRepository } from './servers.repository.js';

/** Other instances: their rows (remote actors belong to one) and the instance's blocklist. */
@Module({
  imports: [AccountsModule],
  controllers: [BlocklistController],
  providers: [ServersRepository, BlocklistService],
  exports: [ServersRepository],
})
export class ServersModule {}
