import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type QueryRunner } from 'typeorm';
import type { VideoPlaylistPrivacy } from '../../../shared/models/videos/video-playlist.model.js';
import type { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logging.module.js';
import { EventListeners } from './event-listeners.js';
import { OutboxRelay } from './outbox-relay.js';

export { OnDomainEvent } from './on-domain-event.js';

/**
 * Domain events, by name, with their payloads. Modules emit them; other modules and the subsystems
 * (federation, transcoding, tracker) react without the emitter knowing them.
 */
export interface DomainEventMap {
  /** A user's password, role or blocked state changed: existing sessions must end. */
  'user.credentials-changed': { userId: number };
  /** About to be deleted with everything it owns: listeners remove what is theirs (e.g. video files). */
  'channel.deleting': { channelId: number };
  'account.deleting': { accountId: number };
  /** A local account's or channel's actor changed as other instances see it (avatar, banner): they must know. */
  'actor.updated': { actorId: number };
  /** Another instance's account or channel described itself anew (an Update): what shows it must be read again. */
  'remote-actor.updated': { actorId: number };
  /**
   * A local video was uploaded: its row exists, waiting for transcoding (lists already show it unless it waits for
   * transcoding to be published).
   */
  'video.created': { videoId: number; uuid: string };
  /** Transcoding finished: the video has files and is published. */
  'video.published': { videoId: number; uuid: string };
  /** Metadata or privacy changed; `previousPrivacy` is set when the privacy did. */
  'video.updated': { videoId: number; uuid: string; previousPrivacy?: VideoPrivacy };
  /**
   * A local video's description was set (at upload, `previous` null) or changed: chapters may follow from its
   * timestamps.
   */
  'video.description-changed': { videoId: number; previous: string | null; current: string | null };
  /** About to be deleted: listeners remove what is theirs and lives outside its rows (caption, storyboard files). */
  'video.deleting': { videoId: number; uuid: string };
  /**
   * The video and its files are gone. `federated`: a local video other instances knew (public or unlisted,
   * published), which they must now drop; `url` and `accountActorId` say which and by whom.
   */
  'video.deleted': { videoId: number; uuid: string; url: string; federated: boolean; accountActorId: number | null };
  /**
   * A local account (`actorId`: its actor) rated a video (`null`: no rate), replacing `previous`; the video's
   * origin, or for a local video the followers, must know.
   */
  'video.rated': {
    videoId: number;
    actorId: number;
    previous: 'like' | 'dislike' | null;
    rating: 'like' | 'dislike' | null;
  };
  /**
   * A comment was stored on a video, local or received from another instance. `heldForReview`: the video's
   * policy requires approval, and the comment is not shown until its owner approves it. `inReplyToAccountId`:
   * the author of the comment it answers (null for a thread's first comment). `threadId`: the thread's first comment
   * (the comment itself when it starts a thread).
   */
  'comment.created': {
    commentId: number;
    threadId: number;
    videoId: number;
    authorAccountId: number;
    inReplyToAccountId: number | null;
    heldForReview: boolean;
  };
  /**
   * A held comment was approved by the video's owner or a moderator: now everyone sees it. `replyApproval`: the id of
   * the ApproveReply activity, when the owner is on another instance.
   */
  'comment.approved': { commentId: number; replyApproval?: string };
  /**
   * A comment was deleted here by a user (its author, the video's owner or a moderator); it stays as a tombstone,
   * without its author (`authorAccountId`: who it was). Not emitted for deletions received from other instances.
   */
  'comment.deleted': { commentId: number; authorAccountId: number | null };
  /**
   * Another instance's video arrived through the inbox (a Create or an Announce) and is new here; an outbox crawl or
   * a refresh is not an arrival. Its channel's subscribers here hear of it.
   */
  'video.received': { videoId: number };
  /** Transcoding of a local video failed for good (no attempt left): its owner hears of it. */
  'video.transcoding-failed': { videoId: number };
  /**
   * A follow of a local actor (account, channel, or the instance actor) was recorded for the first time: a remote
   * actor's Follow, or a local user subscribing to a local channel. `followId`: the actor_follows row.
   */
  'actor.followed': { followId: number };
  /** Someone signed up and their account exists at once (no approval needed). */
  'user.registered': { userId: number; accountId: number };
  /** Someone asked to sign up; a moderator decides. */
  'user.registration-requested': { registrationId: number };
  /**
   * A local playlist was created (`previousPrivacy` null) or changed: its name, privacy, channel or elements. Other
   * instances learn of it while it is public or unlisted; one made private is withdrawn from them.
   */
  'playlist.updated': { playlistId: number; previousPrivacy: VideoPlaylistPrivacy | null };
  /** A local playlist is gone; `federated`: it was public or unlisted, and its owner's followers must drop it. */
  'playlist.deleted': { url: string; federated: boolean; ownerActorId: number; channelActorId: number | null };
  /** A viewer here watched another instance's video: its origin counts the view. */
  'video.viewed': { videoId: number };
  /**
   * A viewer here is watching another instance's video (new, or not reported for most of `views.viewer_window`):
   * its origin counts them among the video's concurrent viewers. `viewerId`: an opaque, stable id of the viewer.
   */
  'video.watching': { videoId: number; viewerId: string };
  /** A local video has viewers now (sent every views.viewer_window while it has): followers get the figure. */
  'video.viewers-counted': { videoId: number; uuid: string; viewers: number };
  /** The views flush raised a local video's view counter: followers get the new figure. */
  'video.views-counted': { videoId: number; uuid: string };
  /** An administrator blocked an instance: follows with it and its content must go. */
  'server.blocked': { host: string };
  /** An administrator unblocked an instance: its videos here are shown again. */
  'server.unblocked': { host: string };
}

export type DomainEventName = keyof DomainEventMap;

/**
 * The emitting side of domain events. `emit` writes the event into the outbox (`domain_events`) with the caller's
 * EntityManager, so the event commits or rolls back with the change. After the commit, this process runs its
 * every-process listeners and kicks the relay, which hands the event to its consumers as jobs.
 */
@Injectable()
export class DomainEvents implements OnModuleInit {
  /** What runs once each open transaction commits; dropped if it rolls back. */
  private readonly pending = new WeakMap<QueryRunner, (() => Promise<void>)[]>();
  private readonly logger: Logger;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) logger: Logger,
    private readonly listeners: EventListeners,
    private readonly relay: OutboxRelay,
  ) {
    this.logger = logger.child({ component: 'events' });
  }

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => this.transactionCommitted(queryRunner),
      afterTransactionRollback: ({ queryRunner }) => this.transactionRolledBack(queryRunner),
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /**
   * Records the event in the transaction of `manager` (a manager outside a transaction commits it at once). Listeners
   * marked `inTransaction` run before this resolves; the others after the commit.
   */
  async emit<N extends DomainEventName>(manager: EntityManager, name: N, payload: DomainEventMap[N]): Promise<void> {
    await manager.query('INSERT INTO domain_events (name, payload) VALUES ($1, $2)', [name, JSON.stringify(payload)]);
    await this.listeners.runInTransaction(name, payload, manager);
    this.onCommit(manager, () => {
      this.listeners.runEveryProcess(name, payload);
      this.relay.kick();
      return Promise.resolve();
    });
  }

  /**
   * Runs `work` once the transaction of `manager` commits (at once outside a transaction), never if it rolls back:
   * for what cannot be undone, such as removing files of rows the transaction deletes. The transaction's caller gets
   * its answer once `work` is done (TypeORM awaits commit subscribers); a failure is logged. It is not durable: a
   * process dying right after the commit skips it, so it suits only what may be left undone.
   */
  afterCommit(manager: EntityManager, work: () => Promise<void>): void {
    this.onCommit(manager, () =>
      work().catch((error: unknown) => this.logger.warn({ err: error }, 'work after a commit failed')),
    );
  }

  private onCommit(manager: EntityManager, callback: () => Promise<void>): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      void callback();
      return;
    }
    this.pending.set(runner, [...(this.pending.get(runner) ?? []), callback]);
  }

  private async transactionCommitted(runner: QueryRunner): Promise<void> {
    // A released savepoint is not a commit: its callbacks wait for the outermost one.
    if (runner.isTransactionActive) return;
    const callbacks = this.pending.get(runner) ?? [];
    this.pending.delete(runner);
    await Promise.all(callbacks.map((callback) => callback()));
  }

  /**
   * A rollback to a savepoint keeps the callbacks: the outbox rows it undid are gone from the database, which is what
   * the relay reads, and what they do here (dropping caches, a kick) is harmless when it is one too many. Callers of
   * afterCommit roll back whole transactions.
   */
  private transactionRolledBack(runner: QueryRunner): void {
    if (!runner.isTransactionActive) this.pending.delete(runner);
  }
}
