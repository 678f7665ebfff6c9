import {
  UserNotificationType,
  type NotificationActorInfo,
  type NotificationVideoInfo,
  type UserNotification,
} from '../../../shared/models/users/user-notification.model.js';
import { VIDEO_STATE_LABELS, type VideoState } from '../../../shared/models/videos/video-enums.js';
import type { NotificationRow, NotifiedActorRow } from './notifications.repository.js';

const FOLLOWING_TYPES: Record<string, 'account' | 'channel' | 'instance'> = {
  Application: 'instance',
  Group: 'channel',
  Person: 'account',
};

const COMMENT_TYPES = new Set<number>([
  UserNotificationType.NEW_COMMENT_ON_MY_VIDEO,
  UserNotificationType.COMMENT_MENTION,
]);

/** PeerTube's `UserNotification`: the sub-objects its type carries, the others left out. `host`: this instance's. */
export function formatNotification(row: NotificationRow, host: string): UserNotification {
  const video = row.video && formatVideo(row.video);
  const notification: UserNotification = {
    id: row.id,
    type: row.type,
    read: row.read,
    data: null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
  if (COMMENT_TYPES.has(row.type)) {
    if (row.comment_id !== null && video && row.account) {
      notification.comment = {
        id: row.comment_id,
        threadId: row.comment_thread_id ?? row.comment_id,
        account: formatActor(row.account, host),
        video,
        heldForReview: row.comment_held_for_review ?? false,
      };
    }
    return notification;
  }
  // Shoal has no imports: a failed transcoding is told as PeerTube's nearest kind, a failed import of the video.
  if (row.type === UserNotificationType.MY_VIDEO_IMPORT_ERROR) {
    if (video) notification.videoImport = { id: video.id, video };
    return notification;
  }
  if (video && row.video_channel) notification.video = { ...video, channel: formatActor(row.video_channel, host) };
  if (row.account) notification.account = formatActor(row.account, host);
  if (row.follow) {
    const { follower, following } = row.follow;
    notification.actorFollow = {
      id: row.follow.id,
      state: row.follow.state,
      follower: formatActor(follower, host),
      following: {
        type: FOLLOWING_TYPES[following.type] ?? 'account',
        name: following.name,
        displayName: following.display_name,
        host: following.host ?? host,
      },
    };
  }
  if (row.registration) notification.registration = row.registration;
  return notification;
}

function formatVideo(video: NonNullable<NotificationRow['video']>): NotificationVideoInfo {
  const state = video.state as VideoState;
  return {
    id: video.id,
    uuid: video.uuid,
    shortUUID: video.short_uuid,
    name: video.name,
    state: { id: state, label: VIDEO_STATE_LABELS[state] ?? 'Unknown' },
  };
}

function formatActor(actor: NotifiedActorRow, host: string): NotificationActorInfo {
  return { id: actor.id, displayName: actor.display_name, name: actor.name, host: actor.host ?? host, avatars: [] };
}
