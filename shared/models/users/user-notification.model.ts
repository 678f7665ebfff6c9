import type { VideoState } from '../videos/video-enums.js';

/** PeerTube's `UserNotificationType` numbers (PeerTube 8). Shoal makes the ones it has features for. */
export const UserNotificationType = {
  NEW_VIDEO_FROM_SUBSCRIPTION: 1,
  NEW_COMMENT_ON_MY_VIDEO: 2,
  NEW_ABUSE_FOR_MODERATORS: 3,
  BLACKLIST_ON_MY_VIDEO: 4,
  UNBLACKLIST_ON_MY_VIDEO: 5,
  MY_VIDEO_PUBLISHED: 6,
  MY_VIDEO_IMPORT_SUCCESS: 7,
  MY_VIDEO_IMPORT_ERROR: 8,
  NEW_USER_REGISTRATION: 9,
  NEW_FOLLOW: 10,
  COMMENT_MENTION: 11,
  VIDEO_AUTO_BLACKLIST_FOR_MODERATORS: 12,
  NEW_INSTANCE_FOLLOWER: 13,
  AUTO_INSTANCE_FOLLOWING: 14,
  ABUSE_STATE_CHANGE: 15,
  ABUSE_NEW_MESSAGE: 16,
  NEW_PLUGIN_VERSION: 17,
  NEW_PEERTUBE_VERSION: 18,
  MY_VIDEO_STUDIO_EDITION_FINISHED: 19,
  NEW_USER_REGISTRATION_REQUEST: 20,
  NEW_LIVE_FROM_SUBSCRIPTION: 21,
  MY_VIDEO_TRANSCRIPTION_GENERATED: 22,
  INVITED_TO_COLLABORATE_TO_CHANNEL: 23,
  ACCEPTED_TO_COLLABORATE_TO_CHANNEL: 24,
  REFUSED_TO_COLLABORATE_TO_CHANNEL: 25,
} as const;

export type UserNotificationTypeValue = (typeof UserNotificationType)[keyof typeof UserNotificationType];

/** PeerTube's `UserNotificationSettingValue`: bit flags, web and/or email. */
export const UserNotificationSettingValue = { NONE: 0, WEB: 1, EMAIL: 2 } as const;

/** 0 none, 1 web, 2 email, 3 both. */
export type UserNotificationSettingFlags = 0 | 1 | 2 | 3;

/** PeerTube's `UserNotificationSetting`: for each kind of notification, how the user wants it. */
export interface UserNotificationSetting {
  abuseAsModerator: UserNotificationSettingFlags;
  videoAutoBlacklistAsModerator: UserNotificationSettingFlags;
  newUserRegistration: UserNotificationSettingFlags;
  newVideoFromSubscription: UserNotificationSettingFlags;
  blacklistOnMyVideo: UserNotificationSettingFlags;
  myVideoPublished: UserNotificationSettingFlags;
  myVideoImportFinished: UserNotificationSettingFlags;
  commentMention: UserNotificationSettingFlags;
  newCommentOnMyVideo: UserNotificationSettingFlags;
  newFollow: UserNotificationSettingFlags;
  newInstanceFollower: UserNotificationSettingFlags;
  autoInstanceFollowing: UserNotificationSettingFlags;
  abuseStateChange: UserNotificationSettingFlags;
  abuseNewMessage: UserNotificationSettingFlags;
  newPeerTubeVersion: UserNotificationSettingFlags;
  newPluginVersion: UserNotificationSettingFlags;
  myVideoStudioEditionFinished: UserNotificationSettingFlags;
  myVideoTranscriptionGenerated: UserNotificationSettingFlags;
}

export interface NotificationVideoInfo {
  id: number;
  uuid: string;
  shortUUID: string;
  name: string;
  state: { id: VideoState; label: string };
}

export interface NotificationAvatarInfo {
  width: number;
  path: string;
  fileUrl: string;
}

export interface NotificationActorInfo {
  id: number | null;
  displayName: string;
  name: string;
  host: string;
  avatars: NotificationAvatarInfo[];
  avatar?: NotificationAvatarInfo;
}

/** PeerTube's `UserNotification`; a sub-object is present only for the kinds of notification that carry it. */
export interface UserNotification {
  id: number;
  type: UserNotificationTypeValue;
  read: boolean;
  data: Record<string, never> | null;
  video?: NotificationVideoInfo & { channel: NotificationActorInfo };
  videoImport?: {
    id: number;
    video?: NotificationVideoInfo;
    torrentName?: string;
    magnetUri?: string;
    targetUrl?: string;
  };
  comment?: {
    id: number;
    threadId: number;
    account: NotificationActorInfo;
    video: NotificationVideoInfo;
    heldForReview: boolean;
  };
  account?: NotificationActorInfo;
  actorFollow?: {
    id: number;
    follower: NotificationActorInfo;
    state: 'pending' | 'accepted';
    following: { type: 'account' | 'channel' | 'instance'; name: string; displayName: string; host: string };
  };
  registration?: { id: number; username: string };
  createdAt: string;
  updatedAt: string;
}
