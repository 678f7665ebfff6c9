import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { SortOrder } from '../../core/http/pagination.js';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { ActorFollowEntity } from '../follows/actor-follow.entity.js';
import { VideoChannelEntity } from './video-channel.entity.js';

export const CHANNEL_SORT_COLUMNS = ['id', 'name', 'createdAt', 'updatedAt'] as const;
export type ChannelSortColumn = (typeof CHANNEL_SORT_COLUMNS)[number];

const SORT_EXPRESSIONS: Record<ChannelSortColumn, string> = {
  id: 'channel.id',
  name: 'actor.preferredUsername',
  createdAt: 'channel.createdAt',
  updatedAt: 'channel.updatedAt',
};

/** Sorts of channel search: relevance to the text, display name, creation. */
export const CHANNEL_SEARCH_SORTS = ['match', 'displayName', 'createdAt'] as const;
export type ChannelSearchSort = (typeof CHANNEL_SEARCH_SORTS)[number];

export interface ChannelSearchQuery {
  start: number;
  count: number;
  sort: SortOrder<ChannelSearchSort>;
  /** Words of the name or display name. */
  text?: string;
  /** Only these channels, by name and host (`null`: local). */
  handles?: { name: string; host: string | null }[];
  /** Only the channels of this host (`null`: local ones). */
  host?: string | null;
}

export interface ChannelListQuery {
  start: number;
  count: number;
  sort: SortOrder<ChannelSortColumn>;
  accountId?: number;
}

/** PeerTube's sorts of `GET /users/me/subscriptions`. */
export const SUBSCRIPTION_SORT_COLUMNS = ['id', 'createdAt', 'channelUpdatedAt'] as const;
export type SubscriptionSortColumn = (typeof SUBSCRIPTION_SORT_COLUMNS)[number];

@Injectable()
export class ChannelsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly images: ActorImagesRepository,
  ) {}

  /** The images of these channels' actors and of their owners' (loaded apart: see ActorImagesRepository.attach). */
  private async withImages<T extends VideoChannelEntity | null | VideoChannelEntity[]>(found: T): Promise<T> {
    const channels: (VideoChannelEntity | null)[] = [found].flat();
    await this.images.attach(channels.flatMap((channel) => (channel ? [channel.actor, channel.account.actor] : [])));
    return found;
  }

  /** Channels with their actor and owner account (and its actor): what the REST shape needs. */
  private withOwner(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<VideoChannelEntity> {
    return manager
      .getRepository(VideoChannelEntity)
      .createQueryBuilder('channel')
      .innerJoinAndSelect('channel.actor', 'actor')
      .leftJoinAndSelect('actor.server', 'actorServer')
      .innerJoinAndSelect('channel.account', 'account')
      .innerJoinAndSelect('account.actor', 'accountActor')
      .leftJoinAndSelect('accountActor.server', 'accountActorServer');
  }

  getByName(name: string): Promise<VideoChannelEntity | null> {
    return this.withOwner()
      .where('actor.preferredUsername = :name AND actor.serverId IS NULL', { name })
      .getOne()
      .then((channel) => this.withImages(channel));
  }

  /** A channel, local or remote, by its actor's ActivityPub id. */
  getByActorUrl(url: string): Promise<VideoChannelEntity | null> {
    return this.withOwner()
      .where('actor.url = :url', { url })
      .getOne()
      .then((channel) => this.withImages(channel));
  }

  /** A channel by name and host (`null`: a local channel). */
  getByNameAndHost(name: string, host: string | null): Promise<VideoChannelEntity | null> {
    const query = this.withOwner().where('actor.preferredUsername = :name', { name });
    if (host === null) query.andWhere('actor.serverId IS NULL');
    else query.andWhere('actorServer.host = :host', { host });
    return query.getOne().then((channel) => this.withImages(channel));
  }

  /** A channel an actor follows (in any state), by name in any case (as PeerTube finds a subscription) and host. */
  getFollowedByNameAndHost(
    followerActorId: number,
    name: string,
    host: string | null,
  ): Promise<VideoChannelEntity | null> {
    const query = this.withOwner()
      .innerJoin(
        ActorFollowEntity,
        'follow',
        'follow.followingId = actor.id AND follow.followerId = :followerActorId',
        {
          followerActorId,
        },
      )
      .where('lower(actor.preferredUsername) = lower(:name)', { name });
    if (host === null) query.andWhere('actor.serverId IS NULL');
    else query.andWhere('actorServer.host = :host', { host });
    return query.getOne();
  }

  /**
   * The channels an actor follows (accepted follows: PeerTube's subscriptions), ordered by the follow (`id`,
   * `createdAt`) or by the channel's `channelUpdatedAt`; `search` in the channel's name or display name.
   */
  listFollowedBy(
    followerActorId: number,
    page: { start: number; count: number; sort: SortOrder<SubscriptionSortColumn>; search?: string },
  ): Promise<[VideoChannelEntity[], number]> {
    const query = this.withOwner()
      .innerJoin(ActorFollowEntity, 'follow', 'follow.followingId = actor.id')
      .where('follow.followerId = :followerActorId AND follow.state = :accepted', {
        followerActorId,
        accepted: 'accepted',
      });
    if (page.search) {
      const like = `%${page.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      query.andWhere('(actor.preferredUsername ILIKE :like OR channel.displayName ILIKE :like)', { like });
    }
    const column = { id: 'follow.id', createdAt: 'follow.createdAt', channelUpdatedAt: 'channel.updatedAt' }[
      page.sort.column
    ];
    return (
      query
        .orderBy(column, page.sort.direction)
        .addOrderBy('follow.id', page.sort.direction)
        // Every join is to one row (one follow per pair), so plain OFFSET/LIMIT pages it.
        .offset(page.start)
        .limit(page.count)
        .getManyAndCount()
        .then(async ([rows, total]) => [await this.withImages(rows), total])
    );
  }

  getById(id: number, manager?: EntityManager): Promise<VideoChannelEntity | null> {
    return this.withOwner(manager)
      .where('channel.id = :id', { id })
      .getOne()
      .then((channel) => this.withImages(channel));
  }

  listForAccounts(accountIds: number[]): Promise<VideoChannelEntity[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return this.withOwner()
      .where('channel.accountId IN (:...accountIds)', { accountIds })
      .orderBy('channel.createdAt', 'ASC')
      .addOrderBy('channel.id', 'ASC')
      .getMany()
      .then((rows) => this.withImages(rows));
  }

  /** This instance's channels (remote ones are known only through their videos). */
  async list(query: ChannelListQuery): Promise<[VideoChannelEntity[], number]> {
    const builder = this.withOwner().where('actor.serverId IS NULL');
    if (query.accountId !== undefined)
      builder.andWhere('channel.accountId = :accountId', { accountId: query.accountId });
    return builder
      .orderBy(SORT_EXPRESSIONS[query.sort.column], query.sort.direction)
      .addOrderBy('channel.id', 'ASC')
      .skip(query.start)
      .take(query.count)
      .getManyAndCount()
      .then(async ([rows, total]) => [await this.withImages(rows), total]);
  }

  /**
   * Channels of this instance and of others it knows (a remote channel is known once one of its videos arrived or a
   * user subscribed to it), by words of their name or display name, or by handle.
   */
  async search(query: ChannelSearchQuery): Promise<[VideoChannelEntity[], number]> {
    const builder = this.withOwner();
    const like = `%${(query.text ?? '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    if (query.text) {
      builder.andWhere(
        `(actor.preferredUsername ILIKE :like OR channel.displayName ILIKE :like
          OR to_tsvector('simple', channel.displayName) @@ plainto_tsquery('simple', :text))`,
        { like, text: query.text },
      );
    }
    if (query.handles) {
      if (query.handles.length === 0) return [[], 0];
      const clauses = query.handles.map((handle, index) =>
        handle.host === null
          ? `(actor.preferredUsername = :name${index} AND actor.serverId IS NULL)`
          : `(actor.preferredUsername = :name${index} AND actorServer.host = :host${index})`,
      );
      builder.andWhere(
        `(${clauses.join(' OR ')})`,
        Object.fromEntries(
          query.handles.flatMap((handle, index) => [
            [`name${index}`, handle.name],
            [`host${index}`, handle.host],
          ]),
        ),
      );
    }
    if (query.host === null) builder.andWhere('actor.serverId IS NULL');
    else if (query.host !== undefined) builder.andWhere('actorServer.host = :onlyHost', { onlyHost: query.host });
    const { column, direction } = query.sort;
    if (column === 'match') {
      // The name as typed first, then names and display names that contain the text, then full-text rank.
      builder
        .addSelect(
          `(CASE WHEN lower(actor.preferredUsername) = lower(:text) THEN 3 ELSE 0 END
            + CASE WHEN actor.preferredUsername ILIKE :like OR channel.displayName ILIKE :like THEN 1 ELSE 0 END
            + ts_rank(to_tsvector('simple', channel.displayName), plainto_tsquery('simple', :text)))`,
          'match_score',
        )
        .setParameters({ like, text: query.text ?? '' })
        .orderBy('match_score', direction);
    } else {
      builder.orderBy(column === 'displayName' ? 'channel.displayName' : 'channel.createdAt', direction);
    }
    // Every join is to one row, so plain OFFSET/LIMIT pages it.
    return builder.addOrderBy('channel.id', 'ASC').offset(query.start).limit(query.count).getManyAndCount();
  }

  countForAccount(accountId: number, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.getRepository(VideoChannelEntity).countBy({ accountId });
  }

  actorIdsOfAccount(accountId: number, manager: EntityManager): Promise<number[]> {
    return manager
      .getRepository(VideoChannelEntity)
      .find({ select: { actorId: true }, where: { accountId } })
      .then((rows) => rows.map((row) => row.actorId));
  }

  async create(
    manager: EntityManager,
    channel: Pick<VideoChannelEntity, 'actorId' | 'accountId' | 'displayName' | 'description' | 'support'>,
  ): Promise<VideoChannelEntity> {
    const repository = manager.getRepository(VideoChannelEntity);
    return repository.save(repository.create(channel));
  }

  /** Changes a local channel; its actor's `updated_at` moves too, as it names the version other instances get. */
  async update(
    id: number,
    changes: Partial<Pick<VideoChannelEntity, 'displayName' | 'description' | 'support'>>,
    within?: EntityManager,
  ): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager.getRepository(VideoChannelEntity).update({ id }, changes);
      await manager.query(
        'UPDATE actors SET updated_at = now() WHERE id = (SELECT actor_id FROM video_channels WHERE id = $1)',
        [id],
      );
    });
  }

  /** Refreshes the profile of a remote Group's channel, if there is one. */
  async updateRemoteProfile(actorId: number, profile: { displayName: string; description: string | null }) {
    await this.dataSource.query(
      `UPDATE video_channels SET display_name = $2, description = $3, updated_at = now() WHERE actor_id = $1`,
      [actorId, profile.displayName, profile.description],
    );
  }

  /** The channel row of a remote Group, created or refreshed from its profile; answers its id. */
  async upsertRemote(
    actorId: number,
    accountId: number,
    profile: { displayName: string; description: string | null },
  ): Promise<number> {
    const rows: { id: number }[] = await this.dataSource.query(
      `INSERT INTO video_channels (actor_id, account_id, display_name, description) VALUES ($1, $2, $3, $4)
       ON CONFLICT (actor_id) DO UPDATE SET display_name = EXCLUDED.display_name, description = EXCLUDED.description,
         updated_at = now()
       RETURNING id`,
      [actorId, accountId, profile.displayName, profile.description],
    );
    return rows[0].id;
  }
}
