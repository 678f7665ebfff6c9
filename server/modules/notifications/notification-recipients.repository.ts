import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserNotificationSetting } from '../../../shared/models/users/user-notification.model.js';
import { UserRole } from '../../../shared/models/users/user-role.js';
import type { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from './notification-settings.js';

/** A local user who may be notified, with the settings in force for them. */
export interface Recipient {
  userId: number;
  accountId: number;
  settings: UserNotificationSetting;
}

/** What the notification rules need to know of a video. */
export interface VideoFacts {
  id: number;
  isLocal: boolean;
  privacy: VideoPrivacy;
  state: VideoState;
  waitTranscoding: boolean;
  channelActorId: number;
  /** The local user owning the video's channel; null for another instance's video. */
  ownerUserId: number | null;
  /** Its origin is on this instance's blocklist. */
  originBlocked: boolean;
}

/** What the notification rules need to know of a follow. */
export interface FollowFacts {
  id: number;
  followingActorId: number;
  followingIsLocal: boolean;
  /** The instance actor is followed (an instance following this one). */
  followingIsInstance: boolean;
  /** The local user whose account follows, if the follower is one. */
  followerUserId: number | null;
  followerBlocked: boolean;
}

interface RecipientRow {
  user_id: number;
  account_id: number;
  settings: Partial<UserNotificationSetting> | null;
}

// Local users (not blocked), their account and their settings, as `RecipientRow`.
const RECIPIENTS = `SELECT u.id AS user_id, acc.id AS account_id, s.settings
  FROM users u JOIN accounts acc ON acc.user_id = u.id
  LEFT JOIN user_notification_settings s ON s.user_id = u.id`;

const toRecipient = (row: RecipientRow): Recipient => ({
  userId: row.user_id,
  accountId: row.account_id,
  settings: { ...DEFAULT_NOTIFICATION_SETTINGS, ...row.settings },
});

/** Who is to be notified of what happened, and the facts the rules decide on; read-only queries. */
@Injectable()
export class NotificationRecipientsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async video(videoId: number): Promise<VideoFacts | null> {
    const rows: VideoFacts[] = await this.dataSource.query(
      `SELECT v.id, v.is_local AS "isLocal", v.privacy, v.state, v.wait_transcoding AS "waitTranscoding",
              ch.actor_id AS "channelActorId", acc.user_id AS "ownerUserId",
              EXISTS (SELECT 1 FROM servers s JOIN server_blocklist b ON b.host = s.host
                      WHERE s.id = a.server_id) AS "originBlocked"
       FROM videos v JOIN video_channels ch ON ch.id = v.channel_id JOIN actors a ON a.id = ch.actor_id
       JOIN accounts acc ON acc.id = ch.account_id
       WHERE v.id = $1`,
      [videoId],
    );
    return rows[0] ?? null;
  }

  async follow(followId: number): Promise<FollowFacts | null> {
    const rows: FollowFacts[] = await this.dataSource.query(
      `SELECT f.id, f.following_id AS "followingActorId", fg.server_id IS NULL AS "followingIsLocal",
              fg.type = 'Application' AS "followingIsInstance", fra.user_id AS "followerUserId",
              EXISTS (SELECT 1 FROM servers s JOIN server_blocklist b ON b.host = s.host
                      WHERE s.id = fr.server_id) AS "followerBlocked"
       FROM actor_follows f JOIN actors fr ON fr.id = f.follower_id JOIN actors fg ON fg.id = f.following_id
       LEFT JOIN accounts fra ON fra.actor_id = fr.id
       WHERE f.id = $1`,
      [followId],
    );
    return rows[0] ?? null;
  }

  /** Whether an account is another instance's on this instance's blocklist. */
  async isAccountBlocked(accountId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM accounts acc JOIN actors a ON a.id = acc.actor_id JOIN servers s ON s.id = a.server_id
       JOIN server_blocklist b ON b.host = s.host WHERE acc.id = $1`,
      [accountId],
    );
    return rows.length > 0;
  }

  async byUserId(userId: number): Promise<Recipient | null> {
    const rows: RecipientRow[] = await this.dataSource.query(`${RECIPIENTS} WHERE u.id = $1`, [userId]);
    return rows[0] ? toRecipient(rows[0]) : null;
  }

  /** The local user of an account; null for another instance's account. */
  async byAccountId(accountId: number): Promise<Recipient | null> {
    const rows: RecipientRow[] = await this.dataSource.query(`${RECIPIENTS} WHERE acc.id = $1`, [accountId]);
    return rows[0] ? toRecipient(rows[0]) : null;
  }

  /** The local user owning an actor: the account's user, or the user owning the channel. */
  async ownerOfActor(actorId: number): Promise<Recipient | null> {
    const rows: RecipientRow[] = await this.dataSource.query(
      `${RECIPIENTS} WHERE acc.actor_id = $1
          OR acc.id = (SELECT account_id FROM video_channels WHERE actor_id = $1)`,
      [actorId],
    );
    return rows[0] ? toRecipient(rows[0]) : null;
  }

  /** Local users whose account follows (accepted) a channel: PeerTube's subscribers of it. */
  async subscribersOf(channelActorId: number): Promise<Recipient[]> {
    const rows: RecipientRow[] = await this.dataSource.query(
      `${RECIPIENTS} WHERE EXISTS (SELECT 1 FROM actor_follows f
          WHERE f.follower_id = acc.actor_id AND f.following_id = $1 AND f.state = 'accepted')`,
      [channelActorId],
    );
    return rows.map(toRecipient);
  }

  /** Users of some roles (administrators, moderators), for what PeerTube tells those with a right. */
  async withRoles(roles: UserRole[]): Promise<Recipient[]> {
    const rows: RecipientRow[] = await this.dataSource.query(`${RECIPIENTS} WHERE u.role = ANY($1)`, [roles]);
    return rows.map(toRecipient);
  }
}
