import {
  UserNotificationSettingValue,
  type UserNotificationSetting,
} from '../../../shared/models/users/user-notification.model.js';

const { WEB } = UserNotificationSettingValue;
const WEB_AND_EMAIL = 3;

/** What a user who never changed a setting gets: PeerTube's defaults for a new user. */
export const DEFAULT_NOTIFICATION_SETTINGS: Readonly<UserNotificationSetting> = Object.freeze({
  newVideoFromSubscription: WEB,
  newCommentOnMyVideo: WEB,
  myVideoImportFinished: WEB,
  myVideoPublished: WEB,
  abuseAsModerator: WEB_AND_EMAIL,
  videoAutoBlacklistAsModerator: WEB_AND_EMAIL,
  blacklistOnMyVideo: WEB_AND_EMAIL,
  newUserRegistration: WEB,
  commentMention: WEB,
  newFollow: WEB,
  newInstanceFollower: WEB,
  abuseNewMessage: WEB_AND_EMAIL,
  abuseStateChange: WEB_AND_EMAIL,
  autoInstanceFollowing: WEB,
  newPeerTubeVersion: WEB_AND_EMAIL,
  newPluginVersion: WEB,
  myVideoStudioEditionFinished: WEB,
  myVideoTranscriptionGenerated: WEB,
});

export type NotificationSettingName = keyof UserNotificationSetting;

/** Only web notifications are made here; email is stored for clients, and for the day mail is sent. */
export const wantsWeb = (value: number): boolean => (value & WEB) !== 0;
