import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { UserRole } from '../../../shared/models/users/user-role.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { ActorsService } from '../actors/actors.service.js';
import { channelErrors } from '../channels/channels.errors.js';
import { ChannelsService } from '../channels/channels.service.js';
import { createWatchLaterPlaylist } from '../playlists/watch-later.js';
import { userErrors } from './users.errors.js';
import { UsersRepository } from './users.repository.js';

export interface NewLocalUser {
  username: string;
  email: string;
  passwordHash: string;
  role: UserRole;
  videoQuota?: number;
  videoQuotaDaily?: number;
  emailVerified?: boolean | null;
  displayName?: string;
  /** The first channel; by default `<username>_channel`. */
  channel?: { name: string; displayName: string };
}

export interface CreatedUser {
  userId: number;
  accountId: number;
}

const MAX_NAME_LENGTH = 50;

/** Creates a user with its account (Person) and first channel (Group), each with its own key pair, atomically. */
@Injectable()
export class UserCreationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
    private readonly actors: ActorsService,
    private readonly channels: ChannelsService,
  ) {}

  create(input: NewLocalUser, manager?: EntityManager): Promise<CreatedUser> {
    if (manager) return this.createInTransaction(manager, input);
    return this.dataSource.transaction((transaction) => this.createInTransaction(transaction, input));
  }

  private async createInTransaction(manager: EntityManager, input: NewLocalUser): Promise<CreatedUser> {
    if (input.channel?.name === input.username) throw channelErrors.sameNameAsUser();
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`actor-name:${input.username}`]);
    if (await this.users.isUsernameOrEmailTaken(input.username, input.email, manager)) throw userErrors.exists();
    if (await this.actors.isLocalNameTaken(input.username, manager)) throw channelErrors.nameTaken(input.username);

    const user = await this.users.create(manager, {
      username: input.username,
      email: input.email,
      passwordHash: input.passwordHash,
      role: input.role,
      videoQuota: input.videoQuota ?? this.config.user.video_quota,
      videoQuotaDaily: input.videoQuotaDaily ?? this.config.user.video_quota_daily,
      emailVerified: input.emailVerified ?? null,
    });
    const actor = await this.actors.createLocal(manager, 'Person', input.username);
    const account = await this.accounts.create(manager, {
      actorId: actor.id,
      userId: user.id,
      displayName: input.displayName ?? input.username,
      description: null,
    });
    const channel = input.channel ?? {
      name: await this.availableChannelName(manager, `${input.username.slice(0, MAX_NAME_LENGTH - 8)}_channel`),
      displayName: `Main ${input.username} channel`,
    };
    await this.channels.createInTransaction(manager, { accountId: account.id, ...channel });
    await createWatchLaterPlaylist(manager, account.id, this.config.derived.url);
    return { userId: user.id, accountId: account.id };
  }

  private async availableChannelName(manager: EntityManager, preferred: string): Promise<string> {
    for (let suffix = 0; ; suffix++) {
      const candidate = suffix === 0 ? preferred : `${preferred.slice(0, MAX_NAME_LENGTH - 4)}_${suffix}`;
      if (!(await this.actors.isLocalNameTaken(candidate, manager))) return candidate;
    }
  }
}
