import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { ResultList } from '../../../shared/models/common.js';
import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import type { Video } from '../../../shared/models/videos/video.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError, notFound, validationFailed } from '../../core/errors/domain-error.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { toResultList, type SortOrder } from '../../core/http/pagination.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import type { AuthUser } from '../../modules/auth/auth-user.js';
import { formatChannel } from '../../modules/channels/channel.formatter.js';
import { ChannelsRepository, type SubscriptionSortColumn } from '../../modules/channels/channels.repository.js';
import type { VideoChannelEntity } from '../../modules/channels/video-channel.entity.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { hostOf, normalizeHost } from '../../modules/servers/host.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import type { ListVideosQueryDto } from '../../modules/videos/dto/video.dto.js';
import { VideosService } from '../../modules/videos/videos.service.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { RemoteChannelsService } from '../actors/remote-channels.service.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { WebFingerClient } from '../discovery/webfinger-client.js';
import { FederationRequestError } from '../http/federation-http-client.js';
import { followActivity, newFollowId, undoFollowActivity } from './follow-activities.js';

const NAME_PATTERN = /^[a-zA-Z0-9\-_.:]{1,50}$/;

const subscriptionErrors = {
  notAChannel: (uri: string) =>
    new DomainError('not_a_channel', HttpStatus.BAD_REQUEST, `${uri} is not a video channel`, {
      invalidParams: [{ name: 'uri', reason: 'not a video channel' }],
    }),
  blocked: (host: string) =>
    new DomainError('server_blocked', HttpStatus.FORBIDDEN, `${host} is on this instance's blocklist.`),
  unreachable: (uri: string, reason: string) =>
    new DomainError('remote_unreachable', HttpStatus.BAD_GATEWAY, `Could not find the channel ${uri}: ${reason}`),
};

/** A channel handle: `name` or `name@host`; `host` null for this instance's channels. */
interface ChannelHandle {
  uri: string;
  name: string;
  host: string | null;
}

/**
 * Users' subscriptions (PeerTube's `/users/me/subscriptions`): the user's account follows a channel, of this
 * instance (accepted at once) or of another (WebFinger, then a Follow to the channel, pending until it accepts).
 * Videos of followed channels and accounts are taken in even from instances this one does not follow.
 */
@Injectable()
export class UserSubscriptionsService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly webFinger: WebFingerClient,
    private readonly remoteActors: RemoteActorsService,
    private readonly remoteChannels: RemoteChannelsService,
    private readonly follows: FollowsRepository,
    private readonly channels: ChannelsRepository,
    private readonly accounts: AccountsRepository,
    private readonly servers: ServersRepository,
    private readonly delivery: DeliveryService,
    private readonly videos: VideosService,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  async subscribe(user: AuthUser, uri: string): Promise<void> {
    const handle = this.parse(uri, 'uri');
    const me = await this.accountActor(user);
    const channel =
      handle.host === null ? await this.knownChannel(handle) : await this.remoteChannel(handle, handle.host);
    const existing = await this.follows.get(me.id, channel.actorId);
    if (existing?.state === 'accepted') return;
    if (handle.host === null) {
      const url = `${me.url}/follows/${channel.actorId}`;
      await this.dataSource.transaction(async (manager) => {
        const saved = await this.follows.save(
          { followerId: me.id, followingId: channel.actorId, state: 'accepted', url },
          manager,
        );
        if (saved.created) await this.events.emit(manager, 'actor.followed', { followId: saved.id });
      });
      return;
    }
    // A follow still pending is asked again, with its own id.
    const activity = followActivity(existing?.url ?? newFollowId(me.url), me.url, channel.actor.url);
    if (!existing) {
      await this.follows.save({ followerId: me.id, followingId: channel.actorId, state: 'pending', url: activity.id });
    }
    await this.delivery.deliver(activity, me.id, [channel.actor.inboxUrl], `${activity.id} ${Date.now()}`);
  }

  async unsubscribe(user: AuthUser, uri: string): Promise<void> {
    const handle = this.parse(uri, 'uri');
    const me = await this.accountActor(user);
    const channel = await this.followedChannel(me, handle);
    const follow = await this.follows.get(me.id, channel.actorId);
    if (!follow) throw notFound('Subscription');
    await this.follows.delete(me.id, channel.actorId);
    if (channel.actor.serverId === null) return;
    const undo = undoFollowActivity(followActivity(follow.url, me.url, channel.actor.url));
    await this.delivery.deliver(undo, me.id, [channel.actor.inboxUrl]);
  }

  async list(
    user: AuthUser,
    page: { start: number; count: number; sort: SortOrder<SubscriptionSortColumn>; search?: string },
  ): Promise<ResultList<VideoChannel>> {
    const me = await this.accountActor(user);
    const [rows, total] = await this.channels.listFollowedBy(me.id, page);
    return toResultList(
      total,
      rows.map((row) => formatChannel(row, this.config.derived.host)),
    );
  }

  /** The channel of an accepted subscription; 404 otherwise. */
  async get(user: AuthUser, uri: string): Promise<VideoChannel> {
    const me = await this.accountActor(user);
    const channel = await this.followedChannel(me, this.parse(uri, 'uri'));
    const follow = await this.follows.get(me.id, channel.actorId);
    if (follow?.state !== 'accepted') throw notFound('Subscription');
    return formatChannel(channel, this.config.derived.host);
  }

  /** For each handle as given, whether the user is subscribed to it (accepted); names match in any case. */
  async exist(user: AuthUser, uris: string[]): Promise<Record<string, boolean>> {
    const me = await this.accountActor(user);
    const handles = uris.map((uri) => this.parse(uri, 'uris'));
    const followed = await this.follows.acceptedFollowingHandles(me.id, handles);
    const key = (name: string, host: string | null) => `${name.toLowerCase()}@${host ?? ''}`;
    const keys = new Set(followed.map((row) => key(row.name, row.host)));
    return Object.fromEntries(handles.map((handle) => [handle.uri, keys.has(key(handle.name, handle.host))]));
  }

  /** Videos of the channels and accounts the user follows. */
  videosOf(user: AuthUser, query: ListVideosQueryDto): Promise<ResultList<Video>> {
    return this.videos.list(query, user, { followedByAccountId: user.accountId });
  }

  private parse(uri: string, field: string): ChannelHandle {
    const [name, hostText, ...rest] = uri.split('@');
    const host = hostText === undefined ? this.config.derived.host : normalizeHost(hostText);
    if (!NAME_PATTERN.test(name) || !host || rest.length > 0) {
      throw validationFailed([{ name: field, reason: 'must be a channel handle: name@host' }]);
    }
    return { uri, name, host: host === this.config.derived.host ? null : host };
  }

  /** A channel this instance knows (its own, or another instance's seen before); 404 otherwise. */
  private async knownChannel(handle: ChannelHandle): Promise<VideoChannelEntity> {
    const channel = await this.channels.getByNameAndHost(handle.name, handle.host);
    if (!channel) throw notFound(handle.host === null ? 'Video channel' : 'Subscription');
    return channel;
  }

  /** A channel the actor follows, its name in any case; 404 otherwise. */
  private async followedChannel(me: ActorEntity, handle: ChannelHandle): Promise<VideoChannelEntity> {
    const channel = await this.channels.getFollowedByNameAndHost(me.id, handle.name, handle.host);
    if (!channel) throw notFound('Subscription');
    return channel;
  }

  /** Another instance's channel, looked up (WebFinger, then its Group and its owner's Person) and stored. */
  private async remoteChannel(handle: ChannelHandle, host: string): Promise<VideoChannelEntity> {
    if (await this.servers.isBlocked(host)) throw subscriptionErrors.blocked(host);
    let channel: VideoChannelEntity;
    try {
      const url = await this.webFinger.actorUrl(handle.name, host);
      if (!url) throw notFound('Video channel');
      if (hostOf(url) !== host) throw new InvalidRemoteDocument(`its WebFinger names ${url}, on another host`);
      if ((await this.remoteActors.get(url)).type !== 'Group') throw subscriptionErrors.notAChannel(handle.uri);
      channel = await this.remoteChannels.channelOf(url);
    } catch (error) {
      if (!(error instanceof InvalidRemoteDocument || error instanceof FederationRequestError)) throw error;
      this.logger.info({ uri: handle.uri, reason: error.message }, 'subscription to a channel that cannot be found');
      throw subscriptionErrors.unreachable(handle.uri, error.message);
    }
    return channel;
  }

  private async accountActor(user: AuthUser): Promise<ActorEntity> {
    const account = await this.accounts.getByUserId(user.id);
    if (!account) throw new Error(`user ${user.id} has no account`);
    return account.actor;
  }
}
