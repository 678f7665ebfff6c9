import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { ActivityFollow } from '../../../shared/models/activitypub/activity.js';
import type { ResultList } from '../../../shared/models/common.js';
import type { ActorFollow } from '../../../shared/models/server/follow.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError, notFound, validationFailed } from '../../core/errors/domain-error.js';
import { DomainEvents, OnDomainEvent } from '../../core/events/domain-events.js';
import { toResultList } from '../../core/http/pagination.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { INSTANCE_ACCOUNT_NAME, InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import type { ActorFollowEntity, FollowState } from '../../modules/follows/actor-follow.entity.js';
import { FollowsRepository, type FollowListQuery } from '../../modules/follows/follows.repository.js';
import { normalizeHost } from '../../modules/servers/host.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { idOf, isObject } from '../activitypub/remote-document.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { WebFingerClient } from '../discovery/webfinger-client.js';
import {
  acceptActivity,
  followActivity,
  newFollowId,
  rejectActivity,
  undoFollowActivity,
} from './follow-activities.js';
import { formatFollow } from './follow.formatter.js';

const followErrors = {
  self: () => new DomainError('cannot_follow_self', HttpStatus.BAD_REQUEST, 'An instance cannot follow itself.'),
  blocked: (host: string) =>
    new DomainError('server_blocked', HttpStatus.FORBIDDEN, `${host} is on this instance's blocklist.`),
  unreachable: (host: string, reason: string) =>
    new DomainError(
      'remote_unreachable',
      HttpStatus.BAD_GATEWAY,
      `Could not find the instance actor of ${host}: ${reason}`,
    ),
};

/**
 * Follows between this instance's actor and other instances' actors (PeerTube's "server following"): following a
 * host, unfollowing it, and deciding on followers; plus what the inbox does with Follow, Accept, Reject and Undo,
 * including remote actors following local accounts and channels.
 */
@Injectable()
export class InstanceFollowsService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly webFinger: WebFingerClient,
    private readonly remoteActors: RemoteActorsService,
    private readonly follows: FollowsRepository,
    private readonly servers: ServersRepository,
    private readonly actors: ActorsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
    private readonly jobs: JobsService,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  async follow(hostText: string): Promise<void> {
    const host = this.validHost(hostText);
    if (host === this.config.derived.host) throw followErrors.self();
    if (await this.servers.isBlocked(host)) throw followErrors.blocked(host);
    const target = await this.instanceActorOf(host);
    const me = await this.localActor();
    if (await this.follows.get(me.id, target.id)) return;
    const activity = followActivity(newFollowId(me.url), me.url, target.url);
    await this.follows.save({ followerId: me.id, followingId: target.id, state: 'pending', url: activity.id });
    await this.delivery.deliver(activity, me.id, [target.inboxUrl]);
  }

  async unfollow(hostText: string): Promise<void> {
    const me = await this.localActor();
    const follow = await this.findFollow('following', me, { host: this.validHost(hostText) });
    await this.follows.delete(me.id, follow.followingId);
    const activity = undoFollowActivity(followActivity(follow.url, me.url, follow.following.url));
    await this.delivery.deliver(activity, me.id, [follow.following.inboxUrl]);
  }

  async list(side: 'following' | 'followers', query: FollowListQuery): Promise<ResultList<ActorFollow>> {
    const [rows, total] = await this.follows.list((await this.localActor()).id, side, query);
    return toResultList(
      total,
      rows.map((row) => formatFollow(row, this.config.derived.host)),
    );
  }

  /** A moderator's decision on a pending follower (`name@host`): accept, or reject (the follow is removed). */
  async decide(handle: string, decision: 'accept' | 'reject' | 'remove'): Promise<void> {
    const me = await this.localActor();
    const follow = await this.findFollow('followers', me, this.parseHandle(handle));
    const activity = followActivity(follow.url, follow.follower.url, me.url);
    if (decision === 'accept') {
      await this.follows.setState(follow.id, 'accepted');
      await this.delivery.deliver(acceptActivity(activity, me.url), me.id, [follow.follower.inboxUrl]);
      await this.followBack(follow.follower);
      return;
    }
    await this.follows.delete(follow.followerId, me.id);
    await this.delivery.deliver(rejectActivity(activity, me.url), me.id, [follow.follower.inboxUrl]);
  }

  /** Inbox: a remote actor follows a local one. */
  /**
   * Inbox: a remote actor follows a local one. Follows of the instance wait for a moderator unless
   * `federation.followers.auto_accept`; follows of accounts and channels (people following a channel from
   * Mastodon, say) are accepted at once, as PeerTube does.
   */
  async onFollow(follower: ActorEntity, activity: ActivityFollow): Promise<void> {
    const me = await this.localActor();
    const target = activity.object === me.url ? me : await this.actors.getByUrl(activity.object);
    if (!target || target.serverId !== null) {
      this.logger.info({ activity: activity.id, object: activity.object }, 'follow of an actor that is not local');
      return;
    }
    const autoAccept = target.id !== me.id || this.config.federation.followers.auto_accept;
    const state: FollowState = autoAccept ? 'accepted' : 'pending';
    await this.dataSource.transaction(async (manager) => {
      const follow = { followerId: follower.id, followingId: target.id, state, url: activity.id };
      const saved = await this.follows.save(follow, manager);
      if (saved.created) await this.events.emit(manager, 'actor.followed', { followId: saved.id });
    });
    if (state === 'pending') return;
    await this.delivery.deliver(acceptActivity(activity, target.url), target.id, [follower.inboxUrl]);
    if (target.id === me.id) await this.followBack(follower);
  }

  /** With `federation.followers.auto_follow_back`, an instance whose follow was accepted is followed back. */
  private async followBack(follower: ActorEntity): Promise<void> {
    if (!this.config.federation.followers.auto_follow_back || follower.type !== 'Application' || !follower.server)
      return;
    const me = await this.localActor();
    if (!(await this.follows.get(me.id, follower.id))) await this.follow(follower.server.host);
  }

  /**
   * Inbox: a remote actor accepted (or rejected) a follow of ours: the instance's, or a local account's (a user's
   * subscription to a channel), found by the Follow's id.
   */
  async onAnswer(answerer: ActorEntity, follow: unknown, accepted: boolean): Promise<void> {
    const existing = await this.answeredFollow(answerer, follow);
    if (!existing || existing.follower.serverId !== null) return;
    if (!accepted) {
      await this.follows.delete(existing.followerId, answerer.id);
      return;
    }
    // An Accept repeated (or replayed with a new signature) changes nothing and crawls nothing again.
    if (existing.state === 'accepted') return;
    await this.follows.setState(existing.id, 'accepted');
    // What the instance (or channel) published before the follow is in its outbox.
    await this.jobs.enqueue({ name: JobName.CrawlOutbox, data: { outboxUrl: answerer.outboxUrl } });
  }

  /** Inbox: a remote actor stopped following a local one. */
  async onUndoFollow(follower: ActorEntity, follow: unknown): Promise<void> {
    const targetUrl = isObject(follow) ? idOf(follow.object) : undefined;
    const target = targetUrl === undefined ? null : await this.actors.getByUrl(targetUrl);
    if (!target || target.serverId !== null) return;
    const followUrl = isObject(follow) ? follow.id : undefined;
    if (typeof followUrl === 'string') await this.follows.deleteUndone(follower.id, target.id, followUrl);
    else await this.follows.delete(follower.id, target.id);
  }

  /** In the blocking transaction: once the block is seen, no follow with the host is left. */
  @OnDomainEvent('server.blocked', { inTransaction: true })
  async onServerBlocked({ host }: { host: string }, manager: EntityManager): Promise<void> {
    await this.follows.deleteWithHost(host, manager);
  }

  /**
   * The follow an Accept or Reject answers: named by its Follow's id, or else by the two actors of the Follow it
   * embeds (PeerTube answers a follow it already holds, one this instance forgot when it blocked and unblocked the
   * host, with the id of the first Follow it received). An answer naming no Follow is the instance's.
   */
  private async answeredFollow(answerer: ActorEntity, follow: unknown): Promise<ActorFollowEntity | null> {
    const followId = isObject(follow) ? follow.id : follow;
    const byId = typeof followId === 'string' ? await this.follows.getByActivity(followId, answerer.id) : null;
    if (byId) return byId;
    if (follow === undefined) return this.follows.get((await this.localActor()).id, answerer.id);
    const followerUrl = isObject(follow) && follow.type === 'Follow' ? idOf(follow.actor) : undefined;
    if (!followerUrl || !isObject(follow) || idOf(follow.object) !== answerer.url) return null;
    const follower = await this.actors.getByUrl(followerUrl);
    return follower && follower.serverId === null ? this.follows.get(follower.id, answerer.id) : null;
  }

  private async localActor(): Promise<ActorEntity> {
    return (await this.instanceAccount.get()).actor;
  }

  /** The follow between this instance and a remote actor, as follower or followed; 404 when there is none. */
  private async findFollow(
    side: 'following' | 'followers',
    me: ActorEntity,
    remote: { host: string; name?: string },
  ): Promise<ActorFollowEntity> {
    const follow = await this.follows.getWithRemote(me.id, side, remote);
    if (!follow) throw notFound(side === 'following' ? 'Followed server' : 'Follower');
    return follow;
  }

  /** WebFinger `acct:peertube@host`, then the actor document. */
  private async instanceActorOf(host: string): Promise<ActorEntity> {
    try {
      const url = await this.webFinger.actorUrl(INSTANCE_ACCOUNT_NAME, host);
      if (!url) throw new Error(`${host} has no actor ${INSTANCE_ACCOUNT_NAME}`);
      return await this.remoteActors.get(url);
    } catch (error) {
      throw followErrors.unreachable(host, error instanceof Error ? error.message : String(error));
    }
  }

  private validHost(text: string): string {
    const host = normalizeHost(text);
    if (!host) throw validationFailed([{ name: 'host', reason: 'must be a host name, with an optional port' }]);
    return host;
  }

  /** `name@host` of a follower. */
  private parseHandle(handle: string): { name: string; host: string } {
    const [name, hostText] = handle.split('@');
    const host = hostText === undefined ? undefined : normalizeHost(hostText);
    if (!name || !host) throw validationFailed([{ name: 'handle', reason: 'must be name@host' }]);
    return { name, host };
  }
}
