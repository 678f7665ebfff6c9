import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { VideoCommentPolicy } from '../../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { CommentsRepository } from '../../modules/comments/comments.repository.js';
import { threadIdOf, type VideoCommentEntity } from '../../modules/comments/video-comment.entity.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';
import { isFederated } from '../../modules/videos/videos.service.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, InvalidRemoteDocument, isObject, type JsonObject } from '../activitypub/remote-document.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { RemoteVideosService } from '../videos/remote-videos.service.js';
import { sanitizeCommentObject, type SanitizedComment } from './comment-object.sanitizer.js';

/** How many unknown comments above a received one are fetched, at most, to find the video they are under. */
const MAX_UNKNOWN_PARENTS = 20;

/** Where a comment goes: under a video, as a thread's first comment or below `parent`. */
interface Placement {
  video: VideoEntity;
  parent: VideoCommentEntity | null;
}

/**
 * Comments from other instances: a Create of a Note in reply to a video or a comment known here (unknown parent
 * comments are fetched, up to a bound) is stored, held when a local video requires approval; comments on a video of
 * this instance are passed on to the followers of the actors that share it, as PeerTube does. Delete leaves a
 * tombstone, when sent by the comment's author or the video's owner.
 */
@Injectable()
export class RemoteCommentsService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly comments: CommentsRepository,
    private readonly videos: VideosRepository,
    private readonly accounts: AccountsRepository,
    private readonly remoteActors: RemoteActorsService,
    private readonly remoteVideos: RemoteVideosService,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  /** Whether a Create's object is a comment (a Note, or its id alone, fetched then). */
  isComment(object: unknown): boolean {
    return isObject(object) && object.type === 'Note';
  }

  /** A Create of a Note by `actor` (whose server the Note is on: checked at the inbox). */
  async receiveCreate(activity: JsonObject, actor: ActorEntity): Promise<boolean> {
    const host = hostOfUrl(actor.url)!;
    const note = sanitizeCommentObject(activity.object, host);
    if (note.attributedTo !== actor.url) throw new InvalidRemoteDocument('the Note is not attributed to its actor');
    const stored = await this.store(note, 0);
    if (!stored) return false;
    const { comment, created } = stored;
    // Passed on by the video's origin to those who follow the video through it: once new, or once more when sent
    // again after its approval (PeerTube's `replyApproval`). Signed by its author, so only the activity as received
    // (relayed ones are reduced to their ids: nothing to pass on).
    const toPassOn = created || note.replyApproval !== null;
    if (toPassOn && comment.video.isLocal && !comment.heldForReview && isObject(activity.signature)) {
      await this.forward(activity, comment.video, actor);
    }
    return true;
  }

  /** A Delete of a comment; false when `url` is no comment known here. */
  async receiveDelete(activity: JsonObject, url: string, actor: ActorEntity): Promise<boolean> {
    const comment = await this.comments.getByUrl(url);
    if (!comment) return false;
    if (comment.deletedAt) return true;
    const byAuthor = comment.account?.actorId === actor.id;
    const byVideoOwner = comment.video.channel.account.actorId === actor.id;
    if (!byAuthor && !byVideoOwner) {
      this.logger.info({ comment: url, actor: actor.url }, 'Delete of a comment by someone else: ignored');
      return true;
    }
    await this.comments.markDeleted(comment);
    if (comment.video.isLocal && isObject(activity.signature)) await this.forward(activity, comment.video, actor);
    return true;
  }

  /**
   * An ApproveReply by the owner of another instance's video, of a comment written here and held for its approval;
   * false when it is not one.
   */
  async receiveApproval(url: string, actor: ActorEntity, approvalId: string): Promise<boolean> {
    const comment = await this.comments.getByUrl(url);
    if (!comment || comment.deletedAt || !comment.heldForReview || comment.video.isLocal) return false;
    if (!url.startsWith(`${this.config.derived.url}/`)) return false;
    if (comment.video.channel.account.actorId !== actor.id) {
      this.logger.info({ comment: url, actor: actor.url }, 'ApproveReply by someone else than the video owner');
      return false;
    }
    await this.dataSource.transaction(async (manager) => {
      await this.comments.approve(comment, manager);
      await this.events.emit(manager, 'comment.approved', { commentId: comment.id, replyApproval: approvalId });
    });
    return true;
  }

  /** Stores a received comment (and the unknown comments above it); undefined when it is not taken. */
  private async store(
    note: SanitizedComment,
    depth: number,
  ): Promise<{ comment: VideoCommentEntity; created: boolean } | undefined> {
    const known = await this.comments.getByUrl(note.url);
    if (known) return { comment: known, created: false };
    const placement = await this.place(note.inReplyTo, depth);
    if (!placement) return this.refuse(note, 'it answers nothing known here');
    const { video, parent } = placement;
    if (video.isLocal && !isFederated(video)) return this.refuse(note, 'its video is not federated');
    if (video.commentsPolicy === VideoCommentPolicy.Disabled) return this.refuse(note, 'comments are disabled');
    const accountId = await this.accountOf(note.attributedTo);
    // The origin of a video decides on comments held for review; elsewhere its word is taken.
    const heldForReview = video.isLocal && video.commentsPolicy === VideoCommentPolicy.RequiresApproval;
    const id = await this.dataSource.transaction(async (manager) => {
      const created = await this.comments.createRemote(
        {
          url: note.url,
          text: note.text,
          videoId: video.id,
          accountId,
          inReplyToCommentId: parent?.id ?? null,
          originCommentId: parent ? threadIdOf(parent) : null,
          heldForReview,
          createdAt: note.published,
          updatedAt: note.updated,
        },
        manager,
      );
      if (created === undefined) return undefined;
      await this.events.emit(manager, 'comment.created', {
        commentId: created,
        threadId: parent ? threadIdOf(parent) : created,
        videoId: video.id,
        authorAccountId: accountId,
        inReplyToAccountId: parent?.accountId ?? null,
        heldForReview,
      });
      return created;
    });
    const comment = await this.comments.getByUrl(note.url);
    if (!comment) return undefined;
    return { comment, created: id !== undefined };
  }

  /** The video and parent comment `inReplyTo` names: known here, or fetched (a comment, or a video followed here). */
  private async place(inReplyTo: string, depth: number): Promise<Placement | undefined> {
    const parent = await this.comments.getByUrl(inReplyTo);
    if (parent) return { video: parent.video, parent };
    const video = await this.videoByUrl(inReplyTo);
    if (video) return { video, parent: null };
    const host = hostOfUrl(inReplyTo);
    if (depth >= MAX_UNKNOWN_PARENTS || !host || host === this.config.derived.host) return undefined;
    const document = await this.remoteActors.fetchDocument(inReplyTo);
    if (isObject(document) && document.type === 'Note') {
      const stored = await this.store(sanitizeCommentObject(document, host), depth + 1);
      return stored && { video: stored.comment.video, parent: stored.comment };
    }
    // A video: taken in if this instance follows its channel, as if announced.
    await this.remoteVideos.receiveAnnounce(inReplyTo);
    const fetched = await this.videoByUrl(inReplyTo);
    return fetched && { video: fetched, parent: null };
  }

  private async videoByUrl(url: string): Promise<VideoEntity | undefined> {
    const id = await this.comments.getVideoIdByUrl(url);
    return (id !== undefined && (await this.videos.getDetailsById(id))) || undefined;
  }

  /** The account of a remote Person, created from its profile the first time. */
  private async accountOf(actorUrl: string): Promise<number> {
    const actor = await this.remoteActors.get(actorUrl);
    if (actor.type !== 'Person') throw new InvalidRemoteDocument(`${actorUrl} is not a Person`);
    const known = await this.comments.getAccountIdOfActor(actor.id);
    if (known !== undefined) return known;
    const { profile } = await this.remoteActors.fetchWithProfile(actorUrl);
    return this.accounts.upsertRemote(actor.id, profile);
  }

  /** To the followers of the actors that share a local video, except the server it came from. */
  private async forward(activity: JsonObject, video: VideoEntity, sender: ActorEntity): Promise<void> {
    const instanceActorId = (await this.instanceAccount.get()).actorId;
    const followed = [instanceActorId, video.channel.actorId, video.channel.account.actorId];
    const senderInboxes = new Set([sender.sharedInboxUrl, sender.inboxUrl]);
    const inboxes = (await this.follows.followerInboxes(followed)).filter((inbox) => !senderInboxes.has(inbox));
    if (inboxes.length > 0) await this.delivery.forward(activity, instanceActorId, inboxes);
  }

  private refuse(note: SanitizedComment, reason: string): undefined {
    this.logger.info({ comment: note.url, reason }, 'remote comment refused');
    return undefined;
  }
}
