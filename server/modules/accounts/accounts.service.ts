import { Inject, Injectable } from '@nestjs/common';
import type { Account } from '../../../shared/models/actors/actor.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { notFound } from '../../core/errors/domain-error.js';
import { localNameOf } from '../actors/actor-name.js';
import { formatAccount } from './account.formatter.js';
import type { AccountEntity } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';

@Injectable()
export class AccountsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsRepository,
  ) {}

  /** `name` or `name@host` when host is this instance. */
  async get(handle: string): Promise<Account> {
    const name = localNameOf(handle, this.config.derived.host);
    const account = name === undefined ? null : await this.accounts.getByName(name);
    if (!account) throw notFound('Account');
    return this.format(account);
  }

  format(account: AccountEntity): Account {
    return formatAccount(account, this.config.derived.host);
  }
}
