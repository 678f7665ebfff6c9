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

  async get(handle: string): Promise<Account> {
    return this.format(await this.getByHandle(handle));
  }

  /** A local account by `name` or `name@host` (host being this instance); 404 otherwise. */
  async getByHandle(handle: string): Promise<AccountEntity> {
    const name = localNameOf(handle, this.config.derived.host);
    const account = name === undefined ? null : await this.accounts.getByName(name);
    if (!account) throw notFound('Account');
    return account;
  }

  format(account: AccountEntity): Account {
    return formatAccount(account, this.config.derived.host);
  }
}
