import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRole } from '../../../shared/models/users/user-role.js';
import {
  UserRegistrationState,
  type UserRegistration,
  type UserRegistrationResult,
} from '../../../shared/models/users/user.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { hashPassword } from '../../core/crypto/passwords.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import { RateLimiter } from '../../core/http/rate-limiter.js';
import { REDIS } from '../../core/redis/redis.module.js';
import { ActorsService } from '../actors/actors.service.js';
import { channelErrors } from '../channels/channels.errors.js';
import type { ListRegistrationsQueryDto, ModerateRegistrationDto, RegisterUserDto } from './dto/user.dto.js';
import { RegistrationsRepository, type RegistrationSortColumn } from './registrations.repository.js';
import type { UserRegistrationEntity } from './user-registration.entity.js';
import { UserCreationService } from './user-creation.service.js';
import { userErrors } from './users.errors.js';
import { UsersRepository } from './users.repository.js';

const STATE_LABELS: Record<UserRegistrationState, string> = {
  [UserRegistrationState.Pending]: 'Pending',
  [UserRegistrationState.Rejected]: 'Rejected',
  [UserRegistrationState.Accepted]: 'Accepted',
};

const stateOf = (id: UserRegistrationState) => ({ id, label: STATE_LABELS[id] });

/** Self-service signup: direct, or as a request that a moderator accepts or rejects. */
@Injectable()
export class RegistrationsService {
  private readonly signupLimiter: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly registrations: RegistrationsRepository,
    private readonly creation: UserCreationService,
    private readonly actors: ActorsService,
    private readonly events: DomainEvents,
  ) {
    const { window, max } = config.rate_limit.signup;
    this.signupLimiter = new RateLimiter(redis, `${config.redis.key_prefix}:ratelimit:signup`, {
      windowMs: window,
      max,
    });
  }

  async register(dto: RegisterUserDto, ip: string): Promise<UserRegistrationResult> {
    await this.assertSignupAllowed();
    // Taken before the work, so concurrent signups cannot all pass the limit; given back if this one fails.
    const attempt = await this.signupLimiter.take(ip);
    try {
      return await this.registerCounted(dto);
    } catch (error) {
      await attempt.release();
      throw error;
    }
  }

  private async registerCounted(dto: RegisterUserDto): Promise<UserRegistrationResult> {
    const channel = dto.channel ?? {
      name: `${dto.username}_channel`.slice(0, 50),
      displayName: `Main ${dto.username} channel`,
    };
    const passwordHash = await hashPassword(dto.password);

    let result: UserRegistrationResult;
    if (this.config.signup.requires_approval) {
      if (!dto.registrationReason) throw userErrors.reasonRequired();
      await this.createRequest(dto, dto.registrationReason, channel, passwordHash);
      result = { state: stateOf(UserRegistrationState.Pending) };
    } else {
      await this.dataSource.transaction(async (manager) => {
        const created = await this.creation.create(
          {
            username: dto.username,
            email: dto.email,
            passwordHash,
            role: UserRole.User,
            displayName: dto.displayName,
            channel: dto.channel,
          },
          manager,
        );
        await this.events.emit(manager, 'user.registered', created);
      });
      result = { state: stateOf(UserRegistrationState.Accepted) };
    }
    return result;
  }

  /** The explicit request endpoint, only meaningful when registrations need approval. */
  async request(dto: RegisterUserDto, ip: string): Promise<UserRegistrationResult> {
    if (!this.config.signup.requires_approval) throw userErrors.approvalNotEnabled();
    return this.register(dto, ip);
  }

  async list(query: ListRegistrationsQueryDto): Promise<ResultList<UserRegistration>> {
    const [rows, total] = await this.registrations.list({
      start: query.start,
      count: query.count,
      sort: parseSort<RegistrationSortColumn>(query.sort),
    });
    return toResultList(total, rows.map(formatRegistration));
  }

  async accept(id: number, dto: ModerateRegistrationDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const registration = await this.getPending(id, manager);
      const created = await this.creation.create(
        {
          username: registration.username,
          email: registration.email,
          passwordHash: registration.passwordHash,
          role: UserRole.User,
          displayName: registration.accountDisplayName,
          channel: { name: registration.channelHandle, displayName: registration.channelDisplayName },
        },
        manager,
      );
      await this.registrations.update(manager, id, {
        state: UserRegistrationState.Accepted,
        moderationResponse: dto.moderationResponse,
        userId: created.userId,
      });
    });
  }

  async reject(id: number, dto: ModerateRegistrationDto): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.getPending(id, manager);
      await this.registrations.update(manager, id, {
        state: UserRegistrationState.Rejected,
        moderationResponse: dto.moderationResponse,
      });
    });
  }

  async delete(id: number): Promise<void> {
    if (!(await this.registrations.getById(id))) throw userErrors.registrationNotFound();
    await this.registrations.delete(id);
  }

  private async getPending(id: number, manager: EntityManager): Promise<UserRegistrationEntity> {
    const registration = await this.registrations.getById(id, manager);
    if (!registration) throw userErrors.registrationNotFound();
    if (registration.state !== UserRegistrationState.Pending) throw userErrors.registrationNotPending();
    return registration;
  }

  private async createRequest(
    dto: RegisterUserDto,
    reason: string,
    channel: { name: string; displayName: string },
    passwordHash: string,
  ): Promise<void> {
    if (channel.name === dto.username) throw channelErrors.sameNameAsUser();
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`actor-name:${dto.username}`]);
      if (await this.users.isUsernameOrEmailTaken(dto.username, dto.email, manager)) throw userErrors.exists();
      if (await this.registrations.conflicts(dto.username, dto.email, channel.name, manager))
        throw userErrors.registrationExists();
      for (const name of [dto.username, channel.name]) {
        if (await this.actors.isLocalNameTaken(name, manager)) throw channelErrors.nameTaken(name);
      }
      const registration = await this.registrations.create(manager, {
        state: UserRegistrationState.Pending,
        registrationReason: reason,
        username: dto.username,
        email: dto.email,
        passwordHash,
        accountDisplayName: dto.displayName ?? dto.username,
        channelHandle: channel.name,
        channelDisplayName: channel.displayName,
      });
      await this.events.emit(manager, 'user.registration-requested', { registrationId: registration.id });
    });
  }

  private async assertSignupAllowed(): Promise<void> {
    if (!this.config.signup.enabled) throw userErrors.signupNotAllowed('registrations are closed on this instance');
    const limit = this.config.signup.limit;
    if (limit !== -1 && (await this.users.countAll()) >= limit)
      throw userErrors.signupNotAllowed('the user limit is reached');
  }
}

function formatRegistration(registration: UserRegistrationEntity): UserRegistration {
  return {
    id: registration.id,
    state: stateOf(registration.state),
    registrationReason: registration.registrationReason,
    moderationResponse: registration.moderationResponse,
    username: registration.username,
    email: registration.email,
    accountDisplayName: registration.accountDisplayName,
    channelHandle: registration.channelHandle,
    channelDisplayName: registration.channelDisplayName,
    createdAt: registration.createdAt.toISOString(),
    updatedAt: registration.updatedAt.toISOString(),
    user: registration.userId === null ? null : { id: registration.userId },
  };
}
