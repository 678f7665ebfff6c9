import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  UserNotificationType,
  type UserNotificationTypeValue,
} from '../../../shared/models/users/user-notification.model.js';
import { UserRole } from '../../../shared/models/users/user-role.js';
import { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import {
  NotificationRecipientsRepository,
  type Recipient,
  type VideoFacts,
} from './notification-recipients.repository.js';
import { wantsWeb, type NotificationSettingName } from './notification-settings.js';
import { NotificationsRepository, type NewNotification } from './notifications.repository.js';

type Subject = Omit<NewNotification, 'userId' | 'type'>;

/**
 * Makes users' notifications from domain events, with PeerTube's rules: each kind has its setting (only web
 * notifications are made), no one hears of their own action, and nothing comes of a blocked instance's content.
 * A failure here is logged and never fails what caused the event.
 */
@Injectable()
export class NotificationTriggersService {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly recipients: NotificationRecipientsRepository,
    private readonly notifications: NotificationsRepository,
  ) {
    this.logger = logger.child({ component: 'notifications' });
  }

  /** A local video is published (transcoded): its channel's subscribers, and its owner if it waited for it. */
  @OnDomainEvent('video.published')
  async onVideoPublished({ videoId }: DomainEventMap['video.published']): Promise<void> {
    await this.safely('video.published', async () => {
      const video = await this.recipients.video(videoId);
      // Other instances' videos are announced by 'video.received'; this one also fires for crawled ones.
      if (!video?.isLocal) return;
      await this.notifySubscribers(video);
      if (!video.waitTranscoding || video.ownerUserId === null) return;
      const owner = await this.recipients.byUserId(video.ownerUserId);
      await this.notify(UserNotificationType.MY_VIDEO_PUBLISHED, 'myVideoPublished', owner ? [owner] : [], {
        videoId,
      });
    });
  }

  /** A video that was private or unlisted becomes listed: news to its channel's subscribers, as PeerTube. */
  @OnDomainEvent('video.updated')
  async onVideoUpdated({ videoId, previousPrivacy }: DomainEventMap['video.updated']): Promise<void> {
    if (previousPrivacy !== VideoPrivacy.Private && previousPrivacy !== VideoPrivacy.Unlisted) return;
    await this.safely('video.updated', async () => {
      const video = await this.recipients.video(videoId);
      if (video) await this.notifySubscribers(video);
    });
  }

  @OnDomainEvent('video.received')
  async onVideoReceived({ videoId }: DomainEventMap['video.received']): Promise<void> {
    await this.safely('video.received', async () => {
      const video = await this.recipients.video(videoId);
      if (video && !video.isLocal) await this.notifySubscribers(video);
    });
  }

  @OnDomainEvent('video.transcoding-failed')
  async onTranscodingFailed({ videoId }: DomainEventMap['video.transcoding-failed']): Promise<void> {
    await this.safely('video.transcoding-failed', async () => {
      const video = await this.recipients.video(videoId);
      const owner = video?.ownerUserId ? await this.recipients.byUserId(video.ownerUserId) : null;
      // PeerTube has no kind for this; its nearest is a failed import of the video, under the same setting.
      await this.notify(UserNotificationType.MY_VIDEO_IMPORT_ERROR, 'myVideoImportFinished', owner ? [owner] : [], {
        videoId,
      });
    });
  }

  /**
   * The owner of a local video hears of each comment on it (even one held for review, which they decide on); the
   * author of the comment answered hears of the reply, as PeerTube's mention (its clients start a reply with one).
   */
  @OnDomainEvent('comment.created')
  async onCommentCreated(comment: DomainEventMap['comment.created']): Promise<void> {
    await this.safely('comment.created', async () => {
      const video = await this.recipients.video(comment.videoId);
      if (!video || (await this.recipients.isAccountBlocked(comment.authorAccountId))) return;
      const subject: Subject = {
        videoId: video.id,
        accountId: comment.authorAccountId,
        commentId: comment.commentId,
        commentThreadId: comment.threadId,
        commentHeldForReview: comment.heldForReview,
      };
      const owner = video.isLocal && video.ownerUserId ? await this.recipients.byUserId(video.ownerUserId) : null;
      const ownerTold = owner && owner.accountId !== comment.authorAccountId ? [owner] : [];
      await this.notify(UserNotificationType.NEW_COMMENT_ON_MY_VIDEO, 'newCommentOnMyVideo', ownerTold, subject);

      if (comment.heldForReview || comment.inReplyToAccountId === null) return;
      const answered = await this.recipients.byAccountId(comment.inReplyToAccountId);
      if (!answered || answered.accountId === comment.authorAccountId || answered.userId === owner?.userId) return;
      await this.notify(UserNotificationType.COMMENT_MENTION, 'commentMention', [answered], subject);
    });
  }

  /** A new follower of a user's account or channel (NEW_FOLLOW), or of the instance (its administrators). */
  @OnDomainEvent('actor.followed')
  async onActorFollowed({ followId }: DomainEventMap['actor.followed']): Promise<void> {
    await this.safely('actor.followed', async () => {
      const follow = await this.recipients.follow(followId);
      if (!follow?.followingIsLocal || follow.followerBlocked) return;
      if (follow.followingIsInstance) {
        const admins = await this.recipients.withRoles([UserRole.Administrator]);
        await this.notify(UserNotificationType.NEW_INSTANCE_FOLLOWER, 'newInstanceFollower', admins, {
          actorFollowId: followId,
        });
        return;
      }
      const owner = await this.recipients.ownerOfActor(follow.followingActorId);
      const told = owner && owner.userId !== follow.followerUserId ? [owner] : [];
      await this.notify(UserNotificationType.NEW_FOLLOW, 'newFollow', told, { actorFollowId: followId });
    });
  }

  @OnDomainEvent('user.registered')
  async onUserRegistered({ userId, accountId }: DomainEventMap['user.registered']): Promise<void> {
    await this.safely('user.registered', async () => {
      const moderators = (await this.moderators()).filter((recipient) => recipient.userId !== userId);
      await this.notify(UserNotificationType.NEW_USER_REGISTRATION, 'newUserRegistration', moderators, { accountId });
    });
  }

  @OnDomainEvent('user.registration-requested')
  async onRegistrationRequested({ registrationId }: DomainEventMap['user.registration-requested']): Promise<void> {
    await this.safely('user.registration-requested', async () => {
      await this.notify(
        UserNotificationType.NEW_USER_REGISTRATION_REQUEST,
        'newUserRegistration',
        await this.moderators(),
        { userRegistrationId: registrationId },
      );
    });
  }

  /** As PeerTube when an instance is muted: what was said of its content goes. */
  @OnDomainEvent('server.blocked')
  async onServerBlocked({ host }: DomainEventMap['server.blocked']): Promise<void> {
    await this.safely('server.blocked', () => this.notifications.deleteAboutHost(host));
  }

  /** PeerTube tells subscribers of public and internal videos only, once published, never their own. */
  private async notifySubscribers(video: VideoFacts): Promise<void> {
    const listed = video.privacy === VideoPrivacy.Public || video.privacy === VideoPrivacy.Internal;
    if (!listed || video.state !== VideoState.Published || video.originBlocked) return;
    const subscribers = (await this.recipients.subscribersOf(video.channelActorId)).filter(
      (recipient) => recipient.userId !== video.ownerUserId,
    );
    await this.notify(UserNotificationType.NEW_VIDEO_FROM_SUBSCRIPTION, 'newVideoFromSubscription', subscribers, {
      videoId: video.id,
    });
  }

  /** Users with PeerTube's rights to manage users and registrations. */
  private moderators(): Promise<Recipient[]> {
    return this.recipients.withRoles([UserRole.Administrator, UserRole.Moderator]);
  }

  private async notify(
    type: UserNotificationTypeValue,
    setting: NotificationSettingName,
    recipients: Recipient[],
    subject: Subject,
  ): Promise<void> {
    const told = recipients.filter((recipient) => wantsWeb(recipient.settings[setting]));
    await this.notifications.insertMany(told.map((recipient) => ({ ...subject, userId: recipient.userId, type })));
    if (told.length > 0) this.logger.debug({ type, users: told.length }, 'notifications made');
  }

  private async safely(event: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ err: error, event }, 'notifications of an event could not be made');
    }
  }
}
