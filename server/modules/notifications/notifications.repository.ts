import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { UserNotificationTypeValue } from '../../../shared/models/users/user-notification.model.js';
import type { SortOrder } from '../../core/http/pagination.js';
import { UserNotificationEntity } from './user-notification.entity.js';

export const NOTIFICATION_SORT_COLUMNS = ['createdAt', 'read'] as const;
export type NotificationSortColumn = (typeof NOTIFICATION_SORT_COLUMNS)[number];

export interface NotificationListQuery {
  start: number;
  count: number;
  sort: SortOrder<NotificationSortColumn>;
  unread?: boolean;
  typeOneOf?: number[];
}

export type NewNotification = Pick<UserNotificationEntity, 'userId' | 'type'> &
  Partial<
    Pick<
      UserNotificationEntity,
      | 'videoId'
      | 'accountId'
      | 'actorFollowId'
      | 'userRegistrationId'
      | 'commentId'
      | 'commentThreadId'
      | 'commentHeldForReview'
    >
  >;

/** An actor as a notification shows it; `host` null for this instance's. */
export interface NotifiedActorRow {
  id: number | null;
  name: string;
  display_name: string;
  host: string | null;
}

/** A notification with what its sub-objects show, one SQL row (see `list`). */
export interface NotificationRow {
  id: number;
  type: UserNotificationTypeValue;
  read: boolean;
  created_at: Date;
  updated_at: Date;
  comment_id: number | null;
  comment_thread_id: number | null;
  comment_held_for_review: boolean | null;
  video: { id: number; uuid: string; short_uuid: string; name: string; state: number } | null;
  video_channel: NotifiedActorRow | null;
  account: NotifiedActorRow | null;
  follow: {
    id: number;
    state: 'pending' | 'accepted';
    follower: NotifiedActorRow;
    following: NotifiedActorRow & { type: string };
  } | null;
  registration: { id: number; username: string } | null;
}

// An actor as `NotifiedActorRow`, from an actor alias and the account or channel alias that names it.
const actorJson = (owner: string, actor: string, server: string) =>
  `json_build_object('id', ${owner}.id, 'name', ${actor}.preferred_username,
     'display_name', COALESCE(${owner}.display_name, ${actor}.preferred_username), 'host', ${server}.host)`;

/** Users' notifications: written by the notification triggers, read and marked read by their users. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(UserNotificationEntity);
  }

  async insertMany(notifications: NewNotification[]): Promise<void> {
    if (notifications.length === 0) return;
    await this.repository().insert(notifications);
  }

  /** A user's notifications, newest first by default, each with the video, account, follow… it is about. */
  async list(userId: number, query: NotificationListQuery): Promise<[NotificationRow[], number]> {
    const conditions = ['n.user_id = $1'];
    const parameters: unknown[] = [userId];
    if (query.unread !== undefined) conditions.push(`n.read = ${query.unread ? 'false' : 'true'}`);
    if (query.typeOneOf) {
      parameters.push(query.typeOneOf);
      conditions.push(`n.type = ANY($${parameters.length})`);
    }
    const where = conditions.join(' AND ');
    const [{ total }]: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM user_notifications n WHERE ${where}`,
      parameters,
    );
    if (query.count === 0) return [[], total];
    const column = query.sort.column === 'read' ? 'n.read' : 'n.created_at';
    const rows: NotificationRow[] = await this.dataSource.query(
      `SELECT n.id, n.type, n.read, n.created_at, n.updated_at,
              n.comment_id, n.comment_thread_id, n.comment_held_for_review,
              CASE WHEN v.id IS NULL THEN NULL ELSE json_build_object('id', v.id, 'uuid', v.uuid,
                'short_uuid', v.short_uuid, 'name', v.name, 'state', v.state) END AS video,
              CASE WHEN vc.id IS NULL THEN NULL ELSE ${actorJson('vc', 'vca', 'vcs')} END AS video_channel,
              CASE WHEN acc.id IS NULL THEN NULL ELSE ${actorJson('acc', 'acca', 'accs')} END AS account,
              CASE WHEN f.id IS NULL THEN NULL ELSE json_build_object('id', f.id, 'state', f.state,
                'follower', ${actorJson('fra', 'fr', 'frs')},
                'following', json_build_object('id', NULL, 'type', fg.type, 'name', fg.preferred_username,
                  'display_name', COALESCE(fgc.display_name, fga.display_name, fg.preferred_username),
                  'host', fgs.host)) END AS follow,
              CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'username', r.username) END
                AS registration
       FROM user_notifications n
       LEFT JOIN videos v ON v.id = n.video_id
       LEFT JOIN video_channels vc ON vc.id = v.channel_id
       LEFT JOIN actors vca ON vca.id = vc.actor_id
       LEFT JOIN servers vcs ON vcs.id = vca.server_id
       LEFT JOIN accounts acc ON acc.id = n.account_id
       LEFT JOIN actors acca ON acca.id = acc.actor_id
       LEFT JOIN servers accs ON accs.id = acca.server_id
       LEFT JOIN actor_follows f ON f.id = n.actor_follow_id
       LEFT JOIN actors fr ON fr.id = f.follower_id
       LEFT JOIN servers frs ON frs.id = fr.server_id
       LEFT JOIN accounts fra ON fra.actor_id = fr.id
       LEFT JOIN actors fg ON fg.id = f.following_id
       LEFT JOIN servers fgs ON fgs.id = fg.server_id
       LEFT JOIN video_channels fgc ON fgc.actor_id = fg.id
       LEFT JOIN accounts fga ON fga.actor_id = fg.id
       LEFT JOIN user_registrations r ON r.id = n.user_registration_id
       WHERE ${where}
       ORDER BY ${column} ${query.sort.direction}, n.id ${query.sort.direction}
       OFFSET $${parameters.length + 1} LIMIT $${parameters.length + 2}`,
      [...parameters, query.start, query.count],
    );
    return [rows, total];
  }

  /** Marks some of the user's notifications read; ids of other users' notifications are ignored. */
  async markRead(userId: number, ids: number[]): Promise<void> {
    await this.repository().update({ userId, id: In(ids), read: false }, { read: true });
  }

  /**
   * Removes the notifications about a host's content: its videos, and what its accounts did (comments). Follows
   * with the host are removed with the block, and their notifications with them.
   */
  async deleteAboutHost(host: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM user_notifications n
       WHERE n.video_id IN (SELECT v.id FROM videos v JOIN video_channels ch ON ch.id = v.channel_id
                             JOIN actors a ON a.id = ch.actor_id JOIN servers s ON s.id = a.server_id
                            WHERE s.host = $1)
          OR n.account_id IN (SELECT acc.id FROM accounts acc JOIN actors a ON a.id = acc.actor_id
                               JOIN servers s ON s.id = a.server_id WHERE s.host = $1)`,
      [host],
    );
  }

  async markAllRead(userId: number): Promise<void> {
    await this.repository().update({ userId, read: false }, { read: true });
  }
}
