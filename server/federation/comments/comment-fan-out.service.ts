import { Inject, Injectable } from '@nestjs/common';
import type { Activity } from '../../../shared/models/activitypub/activity.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { CommentsRepository } from '../../modules/comments/comments.repository.js';
import { localCommentUrl } from '../../modules/comments/comments.service.js';
import type { VideoCommentEntity } from '../../modules/comments/video-comment.entity.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { isFederated } from '../../modules/videos/videos.service.js';
import type {
  CommentTombstoneObject,
  VideoCommentObject,
} from '../../../shared/models/activitypub/video-comment-object.js';
import { notFound } from '../../core/errors/domain-error.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { buildCommentObject, commentAudience, type CommentAudience } from '../builders/comment-object.builder.js';
import { DeliveryService } from '../delivery/delivery.service.js';

/** Who hears of a comment, and how it is addressed. */
interface CommentRecipients {
  audience: CommentAudience;
  inboxes: string[];
}

/**
 * Comments written here, to other instances as PeerTube sends them: a Create of the Note by its author, and on
 * deletion a Delete (by the author, or by the video's owner for another instance's comment on a video of this
 * one). They go to the followers of the author, to the authors of the comments answered, and, for a video of this
 * instance, to the followers of the actors that share it (instance, channel, account); for another instance's video,
 * to its origin, which passes them on.
 */
@Injectable()
export class CommentFanOutService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly comments: CommentsRepository,
    private readonly actors: ActorsRepository,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
  ) {}

  @OnDomainEvent('comment.created')
  async onCreated({ commentId }: DomainEventMap['comment.created']): Promise<void> {
    await this.sendCreate(commentId);
  }

  /**
   * A held comment approved. One written here is sent now; on another instance's video, sent again with the owner's
   * `replyApproval`, for the origin to pass it on (PeerTube's way). Another instance's comment on a video of this one: its instance, which holds
   * it too, is told with an ApproveReply by the video's owner, as PeerTube 8 does, and sends it on itself.
   */
  @OnDomainEvent('comment.approved')
  async onApproved({ commentId, replyApproval }: DomainEventMap['comment.approved']): Promise<void> {
    const comment = await this.comments.getById(commentId);
    const author = comment?.account?.actor;
    if (!comment || !author) return;
    if (author.serverId === null) return this.sendCreate(commentId, replyApproval);
    if (!comment.video.isLocal || !this.mayFederate(comment)) return;
    const owner = comment.video.channel.account.actor;
    const approval: Activity = {
      id: `${localCommentUrl(this.config.derived.url, comment.video.uuid, comment.id)}/approve-reply`,
      type: 'ApproveReply',
      actor: owner.url,
      to: [author.url],
      inReplyTo: comment.inReplyTo?.url ?? comment.video.url,
      object: comment.url,
    };
    await this.send(approval, owner, [author.sharedInboxUrl || author.inboxUrl]);
  }

  @OnDomainEvent('comment.deleted')
  async onDeleted({ commentId, authorAccountId }: DomainEventMap['comment.deleted']): Promise<void> {
    const comment = await this.comments.getById(commentId);
    if (!comment || !this.mayFederate(comment)) return;
    const localComment = this.isLocalUrl(comment.url);
    // PeerTube's signer: the author of a comment written here; the video's owner for another instance's comment.
    let signer: ActorEntity | null = null;
    if (localComment && authorAccountId !== null) signer = await this.accountActor(authorAccountId);
    else if (!localComment && comment.video.isLocal) signer = comment.video.channel.account.actor;
    if (!signer) return;
    const { audience, inboxes } = await this.recipients(comment, signer);
    await this.send(
      { id: `${comment.url}/delete`, type: 'Delete', actor: signer.url, ...audience, object: comment.url },
      signer,
      inboxes,
    );
  }

  /** The Note (or Tombstone) of a comment written here, as served at its id; 404 for any other. */
  async localObject(videoUuid: string, commentId: number): Promise<VideoCommentObject | CommentTombstoneObject> {
    const comment = await this.comments.getById(commentId);
    const served =
      comment &&
      comment.video.uuid === videoUuid &&
      this.isLocalUrl(comment.url) &&
      // Held on another instance's video: its origin, which holds it too, reads it here (PeerTube fetches every Note).
      !(comment.video.isLocal && comment.heldForReview) &&
      this.mayFederate(comment);
    if (!served) throw notFound('Comment');
    const ancestors = await this.comments.listAncestors(comment);
    const involved = comment.video.isLocal ? await this.involvedActors(comment) : [];
    const followers = [...(comment.account ? [comment.account.actor] : []), ...involved].map((a) => a.followersUrl);
    const audience = commentAudience(comment, ancestors, followers);
    const object = buildCommentObject(comment, ancestors, audience, this.config.derived.host);
    return { '@context': ACTIVITY_PUB_CONTEXT, ...object };
  }

  private async sendCreate(commentId: number, replyApproval?: string): Promise<void> {
    const comment = await this.comments.getById(commentId);
    const author = comment?.account?.actor;
    if (!comment || !author || author.serverId !== null || comment.deletedAt || !this.mayFederate(comment)) return;
    // A held comment on a video of this instance waits for approval; on another's, its origin decides.
    if (comment.video.isLocal && comment.heldForReview) return;
    const ancestors = await this.comments.listAncestors(comment);
    const { audience, inboxes } = await this.recipients(comment, author, ancestors);
    const built = buildCommentObject(comment, ancestors, audience, this.config.derived.host) as VideoCommentObject;
    const object = replyApproval ? { ...built, replyApproval } : built;
    const create: Activity = { id: `${comment.url}/activity`, type: 'Create', actor: author.url, ...audience, object };
    // Sent again once approved: a sending of its own, not absorbed by the first one's deliveries.
    await this.send(create, author, inboxes, replyApproval);
  }

  /** A comment on a local video that other instances may see, or on another instance's video. */
  private mayFederate(comment: VideoCommentEntity): boolean {
    return !comment.video.isLocal || isFederated(comment.video);
  }

  /** Audience and inboxes of a comment's activities, as PeerTube computes them for `byActor`. */
  async recipients(
    comment: VideoCommentEntity,
    byActor: ActorEntity,
    ancestorsGiven?: VideoCommentEntity[],
  ): Promise<CommentRecipients> {
    const video = comment.video;
    const ancestors = (ancestorsGiven ?? (await this.comments.listAncestors(comment))).filter(
      (ancestor) => ancestor.account && !ancestor.deletedAt && !ancestor.heldForReview,
    );
    const involved = video.isLocal ? await this.involvedActors(comment) : [];
    const followed = [byActor, ...involved];
    const audience = commentAudience(
      comment,
      ancestors,
      followed.map((actor) => actor.followersUrl),
    );
    // Another instance's video: its owner is addressed too, as PeerTube does.
    if (!video.isLocal) audience.cc.push(video.channel.account.actor.url);
    const inboxes = await this.follows.followerInboxes(followed.map((actor) => actor.id));
    for (const ancestor of ancestors) {
      const actor = ancestor.account!.actor;
      if (actor.serverId !== null) inboxes.push(actor.sharedInboxUrl || actor.inboxUrl);
    }
    if (!video.isLocal) {
      const origin = video.channel.account.actor;
      inboxes.push(origin.sharedInboxUrl || origin.inboxUrl);
    }
    return { audience, inboxes };
  }

  /** The actors that share a local video: the instance actor, its channel and its account. */
  async involvedActors(comment: VideoCommentEntity): Promise<ActorEntity[]> {
    const instance = await this.actors.getById((await this.instanceAccount.get()).actorId);
    const channel = comment.video.channel;
    return [...(instance ? [instance] : []), channel.actor, channel.account.actor];
  }

  private async accountActor(accountId: number): Promise<ActorEntity | null> {
    const actorId = await this.comments.getActorIdOfAccount(accountId);
    return actorId === undefined ? null : this.actors.getById(actorId);
  }

  private isLocalUrl(url: string): boolean {
    return url.startsWith(`${this.config.derived.url}/`);
  }

  private async send(activity: Activity, signer: ActorEntity, inboxes: string[], generation?: string): Promise<void> {
    const key = generation ? `${activity.id}#${generation}` : activity.id;
    if (inboxes.length > 0) await this.delivery.deliver(activity, signer.id, inboxes, key);
  }
}
