import { Module } from '@nestjs/common';
import { ActorsModule } from '../actors/actors.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountsService } from './accounts.service.js';
import { InstanceAccountService } from './instance-account.service.js';

@Module({
  imports: [ActorsModule],
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService, InstanceAccountService],
  exports: [AccountsRepository, AccountsService, InstanceAccountService],
})
export class AccountsModule {}
