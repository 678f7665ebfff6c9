import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRole } from '../../../shared/models/users/user-role.js';
import type { User, UserCreateResult } from '../../../shared/models/users/user.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { hashPassword } from '../../core/crypto/passwords.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import { ActorsRepository } from '../actors/actors.repository.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import { ChannelsService } from '../channels/channels.service.js';
import type { BlockUserDto, CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto.js';
import { UserCreationService } from './user-creation.service.js';
import type { UserEntity } from './user.entity.js';
import { formatUser } from './user.formatter.js';
import { userErrors } from './users.errors.js';
import { UsersRepository, type UserSortColumn } from './users.repository.js';

export const ROOT_USERNAME = 'root';

/** The user administration API and the authenticated user's own profile. */
@Injectable()
export class UsersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
    private readonly channelsService: ChannelsService,
    private readonly actors: ActorsRepository,
    private readonly creation: UserCreationService,
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  /** The user's own profile: PeerTube adds the notification settings there. */
  async me(authUser: AuthUser): Promise<User> {
    const [user, notificationSettings] = await Promise.all([
      this.get(authUser.id),
      this.notifications.getSettings(authUser.id),
    ]);
    return { ...user, notificationSettings };
  }

  async get(id: number): Promise<User> {
    const user = await this.users.getById(id);
    if (!user) throw userErrors.notFound();
    const [formatted] = await this.format([user]);
    return formatted;
  }

  async list(query: ListUsersQueryDto): Promise<ResultList<User>> {
    const [rows, total] = await this.users.list({
      start: query.start,
      count: query.count,
      sort: parseSort<UserSortColumn>(query.sort),
      search: query.search,
      blocked: query.blocked,
    });
    return toResultList(total, await this.format(rows));
  }

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserCreateResult> {
    this.assertMayManageRole(actor, dto.role);
    const created = await this.creation.create({
      username: dto.username,
      email: dto.email,
      passwordHash: await hashPassword(dto.password),
      role: dto.role,
      videoQuota: dto.videoQuota,
      videoQuotaDaily: dto.videoQuotaDaily,
      channel: dto.channelName ? { name: dto.channelName, displayName: dto.channelName } : undefined,
    });
    return { user: { id: created.userId, account: { id: created.accountId } } };
  }

  async update(actor: AuthUser, id: number, dto: UpdateUserDto): Promise<void> {
    const user = await this.getManageable(actor, id);
    if (dto.role !== undefined) this.assertMayManageRole(actor, dto.role);
    if (dto.email !== undefined && (await this.emailTaken(dto.email, id))) throw userErrors.exists();
    const { password, ...changes } = dto;
    const passwordHash = password !== undefined ? await hashPassword(password) : undefined;
    await this.dataSource.transaction(async (manager) => {
      await this.users.update(id, { ...changes, ...(passwordHash !== undefined && { passwordHash }) }, manager);
      if (password !== undefined || (dto.role !== undefined && dto.role !== user.role)) {
        await this.events.emit(manager, 'user.credentials-changed', { userId: id });
      }
    });
  }

  async setBlocked(actor: AuthUser, id: number, blocked: boolean, dto: BlockUserDto = {}): Promise<void> {
    const user = await this.getManageable(actor, id);
    if (blocked && user.username === ROOT_USERNAME) throw userErrors.roleNotManageable();
    await this.dataSource.transaction(async (manager) => {
      await this.users.update(id, { blocked, blockedReason: blocked ? (dto.reason ?? null) : null }, manager);
      if (blocked) await this.events.emit(manager, 'user.credentials-changed', { userId: id });
    });
  }

  /** Deletes the user, its account and channels; their actor names stay reserved. */
  async delete(actor: AuthUser, id: number): Promise<void> {
    const user = await this.getManageable(actor, id);
    if (user.username === ROOT_USERNAME) throw userErrors.cannotDeleteRoot();
    await this.dataSource.transaction(async (manager) => {
      const account = await this.accounts.getByUserId(id, manager);
      if (account) await this.events.emit(manager, 'account.deleting', { accountId: account.id });
      const channelActorIds = account ? await this.channels.actorIdsOfAccount(account.id, manager) : [];
      await this.users.delete(manager, id);
      await this.actors.deleteAndReserveNames(manager, [...channelActorIds, ...(account ? [account.actorId] : [])]);
    });
  }

  private async emailTaken(email: string, exceptUserId: number): Promise<boolean> {
    const owner = await this.users.getForLogin(email);
    return owner !== null && owner.id !== exceptUserId;
  }

  private async getManageable(actor: AuthUser, id: number): Promise<UserEntity> {
    const user = await this.users.getById(id);
    if (!user) throw userErrors.notFound();
    this.assertMayManageRole(actor, user.role);
    return user;
  }

  /** Administrators manage everyone; moderators only users with the User role. */
  private assertMayManageRole(actor: AuthUser, role: UserRole): void {
    if (actor.role !== UserRole.Administrator && role !== UserRole.User) throw userErrors.roleNotManageable();
  }

  private async format(users: UserEntity[]): Promise<User[]> {
    const accounts = await this.accounts.getByUserIds(users.map((user) => user.id));
    const channels = await this.channels.listForAccounts(accounts.map((account) => account.id));
    return users.map((user) => {
      const account = accounts.find((candidate) => candidate.userId === user.id)!;
      const own = channels
        .filter((channel) => channel.accountId === account.id)
        .map((channel) => this.channelsService.format(channel));
      return formatUser(user, account, own, this.config.derived.host);
    });
  }
}
