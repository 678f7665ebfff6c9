import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { AdvisoryLock, withAdvisoryLock } from '../../core/database/advisory-lock.js';
import { ActorsService } from '../actors/actors.service.js';
import type { AccountEntity } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';

/**
 * The instance's own actor (an Application) and its account, named as PeerTube names it: PeerTube instances
 * asked to follow a host look up `acct:peertube@host`. Instance follows are made and accepted by this actor.
 */
export const INSTANCE_ACCOUNT_NAME = 'peertube';

@Injectable()
export class InstanceAccountService implements OnApplicationBootstrap {
  private account?: AccountEntity;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly actors: ActorsService,
    private readonly accounts: AccountsRepository,
  ) {}

  /** Creates the instance account at first boot; under the seeding lock, so processes booting together create it once. */
  onApplicationBootstrap(): Promise<void> {
    return withAdvisoryLock(this.dataSource, AdvisoryLock.Seeding, async () => {
      if (await this.accounts.getByName(INSTANCE_ACCOUNT_NAME)) return;
      await this.dataSource.transaction(async (manager) => {
        const actor = await this.actors.createLocal(manager, 'Application', INSTANCE_ACCOUNT_NAME);
        await this.accounts.create(manager, {
          actorId: actor.id,
          userId: null,
          displayName: this.config.instance.name,
          description: this.config.instance.short_description,
        });
      });
    });
  }

  async get(): Promise<AccountEntity> {
    this.account ??= (await this.accounts.getByName(INSTANCE_ACCOUNT_NAME)) ?? undefined;
    if (!this.account) throw new Error('the instance account is missing (created at boot)');
    return this.account;
  }
}
