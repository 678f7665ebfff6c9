import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Account } from '../../../shared/models/actors/actor.model.js';
import { AccountsService } from './accounts.service.js';

@ApiTags('Accounts')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get(':name')
  @ApiOperation({ summary: 'Get an account by name (name or name@host)' })
  get(@Param('name') name: string): Promise<Account> {
    return this.accounts.get(name);
  }
}
