import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { notFound } from '../../core/errors/domain-error.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { localNameOf } from '../actors/actor-name.js';
import { ActorsRepository } from '../actors/actors.repository.js';
import { ActorsService } from '../actors/actors.service.js';
import { hasRight, type AuthUser } from '../auth/auth-user.js';
import { formatChannel } from './channel.formatter.js';
import { channelErrors } from './channels.errors.js';
import { ChannelsRepository, type ChannelSearchSort, type ChannelSortColumn } from './channels.repository.js';
import type {
  CreateChannelDto,
  ListChannelsQueryDto,
  SearchChannelsQueryDto,
  UpdateChannelDto,
} from './dto/channel.dto.js';
import type { VideoChannelEntity } from './video-channel.entity.js';

export interface NewChannel {
  accountId: number;
  name: string;
  displayName: string;
  description?: string;
  support?: string;
}

@Injectable()
export class ChannelsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsRepository,
    private readonly accountsService: AccountsService,
    private readonly actors: ActorsRepository,
    private readonly actorsService: ActorsService,
    private readonly events: DomainEvents,
  ) {}

  async list(query: ListChannelsQueryDto, accountName?: string): Promise<ResultList<VideoChannel>> {
    const accountId = accountName === undefined ? undefined : (await this.accountsService.getByHandle(accountName)).id;
    const [rows, total] = await this.channels.list({
      start: query.start,
      count: query.count,
      sort: parseSort<ChannelSortColumn>(query.sort),
      accountId,
    });
    return toResultList(
      total,
      rows.map((row) => this.format(row)),
    );
  }

  /**
   * PeerTube's channel search, over this instance's database: a handle (`name@host`, `@name@host`) or an actor URL
   * finds that channel if it is known here (no remote fetch); other text matches names and display names.
   */
  async search(query: SearchChannelsQueryDto): Promise<ResultList<VideoChannel>> {
    const text = query.search?.trim();
    const byUri = text === undefined ? undefined : this.uriSearch(text);
    if (byUri) {
      const channel =
        'url' in byUri
          ? await this.channels.getByActorUrl(byUri.url)
          : await this.channels.getByNameAndHost(byUri.name, byUri.host);
      return toResultList(channel ? 1 : 0, channel ? [this.format(channel)] : []);
    }
    const [rows, total] = await this.channels.search({
      start: query.start,
      count: query.count,
      sort: parseSort<ChannelSearchSort>(query.sort),
      text: text?.replace(/^@/, '') || undefined,
      handles: query.handles?.map((handle) => this.parseHandle(handle.replace(/^@/, ''))),
      host: query.host === undefined ? undefined : this.hostOrLocal(query.host),
    });
    return toResultList(
      total,
      rows.map((row) => this.format(row)),
    );
  }

  /** A search that names one channel: its actor URL, or a `name@host` handle (as PeerTube tells them apart). */
  private uriSearch(text: string): { url: string } | { name: string; host: string | null } | undefined {
    if (/^https?:\/\//.test(text)) return { url: text };
    const parts = text.replace(/^@/, '').split('@');
    if (parts.length !== 2 || parts.some((part) => part === '' || /\s/.test(part))) return undefined;
    return this.parseHandle(parts.join('@'));
  }

  private parseHandle(handle: string): { name: string; host: string | null } {
    const at = handle.indexOf('@');
    if (at === -1) return { name: handle, host: null };
    return { name: handle.slice(0, at), host: this.hostOrLocal(handle.slice(at + 1)) };
  }

  private hostOrLocal(host: string): string | null {
    const lower = host.toLowerCase();
    return lower === this.config.derived.host ? null : lower;
  }

  async get(handle: string): Promise<VideoChannel> {
    return this.format(await this.getByHandle(handle));
  }

  async create(user: AuthUser, dto: CreateChannelDto): Promise<{ videoChannel: { id: number } }> {
    const channel = await this.dataSource.transaction(async (manager) => {
      const owned = await this.channels.countForAccount(user.accountId, manager);
      if (owned >= this.config.video_channels.max_per_user)
        throw channelErrors.tooMany(this.config.video_channels.max_per_user);
      return this.createInTransaction(manager, { accountId: user.accountId, ...dto });
    });
    return { videoChannel: { id: channel.id } };
  }

  /** Creates a channel and its actor inside the caller's transaction (also used when a user is created). */
  async createInTransaction(manager: EntityManager, channel: NewChannel): Promise<VideoChannelEntity> {
    // Serializes creations of the same name; the unique index is the last line of defence.
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`actor-name:${channel.name}`]);
    if (await this.actors.isLocalNameTaken(channel.name, manager)) throw channelErrors.nameTaken(channel.name);
    const actor = await this.actorsService.createLocal(manager, 'Group', channel.name);
    return this.channels.create(manager, {
      actorId: actor.id,
      accountId: channel.accountId,
      displayName: channel.displayName,
      description: channel.description ?? null,
      support: channel.support ?? null,
    });
  }

  async update(user: AuthUser, handle: string, dto: UpdateChannelDto): Promise<void> {
    const channel = await this.getByHandle(handle);
    this.assertCanManage(user, channel);
    await this.dataSource.transaction(async (manager) => {
      await this.channels.update(channel.id, dto, manager);
      // Other instances show the channel's name and description from its Group: they get an Update.
      await this.events.emit(manager, 'actor.updated', { actorId: channel.actorId });
    });
  }

  async delete(user: AuthUser, handle: string): Promise<void> {
    const channel = await this.getByHandle(handle);
    this.assertCanManage(user, channel);
    if ((await this.channels.countForAccount(channel.accountId)) <= 1) throw channelErrors.lastChannel();
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`account-channels:${channel.accountId}`]);
      if ((await this.channels.countForAccount(channel.accountId, manager)) <= 1) throw channelErrors.lastChannel();
      await this.events.emit(manager, 'channel.deleting', { channelId: channel.id });
      await this.actors.deleteAndReserveNames(manager, [channel.actorId]);
    });
  }

  format(channel: VideoChannelEntity): VideoChannel {
    return formatChannel(channel, this.config.derived.host);
  }

  /** A local channel by `name` or `name@host` (host being this instance); 404 otherwise. */
  async getByHandle(handle: string): Promise<VideoChannelEntity> {
    const name = localNameOf(handle, this.config.derived.host);
    const channel = name === undefined ? null : await this.channels.getByName(name);
    if (!channel) throw notFound('Video channel');
    return channel;
  }

  /** A local channel the user may manage (its owner, or a moderator with the right); 404 or 403 otherwise. */
  async getManaged(user: AuthUser, handle: string): Promise<VideoChannelEntity> {
    const channel = await this.getByHandle(handle);
    this.assertCanManage(user, channel);
    return channel;
  }

  private assertCanManage(user: AuthUser, channel: VideoChannelEntity): void {
    if (channel.accountId !== user.accountId && !hasRight(user, UserRight.ManageAnyChannel))
      throw channelErrors.notOwner();
  }
}
