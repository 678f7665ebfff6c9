import { AccountEntity } from './modules/accounts/account.entity.js';
import { ActorImageEntity } from './modules/actors/actor-image.entity.js';
import { ActorEntity } from './modules/actors/actor.entity.js';
import { OAuthClientEntity } from './modules/auth/oauth-client.entity.js';
import { OAuthTokenEntity } from './modules/auth/oauth-token.entity.js';
import { VideoChannelEntity } from './modules/channels/video-channel.entity.js';
import { ActorFollowEntity } from './modules/follows/actor-follow.entity.js';
import { UserNotificationSettingEntity } from './modules/notifications/user-notification-setting.entity.js';
import { UserNotificationEntity } from './modules/notifications/user-notification.entity.js';
import { VideoPlaylistElementEntity } from './modules/playlists/video-playlist-element.entity.js';
import { VideoPlaylistEntity } from './modules/playlists/video-playlist.entity.js';
import { ServerBlockEntity } from './modules/servers/server-block.entity.js';
import { ServerEntity } from './modules/servers/server.entity.js';
import { UserRegistrationEntity } from './modules/users/user-registration.entity.js';
import { UserEntity } from './modules/users/user.entity.js';
import { VideoCommentEntity } from './modules/comments/video-comment.entity.js';
import { VideoFileEntity } from './modules/videos/video-file.entity.js';
import { VideoStreamingPlaylistEntity } from './modules/videos/video-streaming-playlist.entity.js';
import { VideoTagEntity } from './modules/videos/video-tag.entity.js';
import { VideoUploadEntity } from './modules/videos/video-upload.entity.js';
import { VideoEntity } from './modules/videos/video.entity.js';
import { VideoCaptionEntity } from './modules/captions/video-caption.entity.js';
import { VideoChapterEntity } from './modules/chapters/video-chapter.entity.js';
import { StoryboardEntity } from './modules/storyboards/storyboard.entity.js';
import { VideoViewEntity } from './modules/videos/views/video-view.entity.js';

/** Every TypeORM entity; the schema itself is owned by the migrations in server/core/database/migrations. */
export const ENTITIES = [
  ServerEntity,
  ServerBlockEntity,
  ActorEntity,
  ActorImageEntity,
  ActorFollowEntity,
  UserEntity,
  UserRegistrationEntity,
  AccountEntity,
  VideoChannelEntity,
  OAuthClientEntity,
  OAuthTokenEntity,
  VideoEntity,
  VideoTagEntity,
  VideoStreamingPlaylistEntity,
  VideoFileEntity,
  VideoUploadEntity,
  VideoCaptionEntity,
  VideoChapterEntity,
  StoryboardEntity,
  VideoCommentEntity,
  UserNotificationEntity,
  UserNotificationSettingEntity,
  VideoPlaylistEntity,
  VideoPlaylistElementEntity,
  VideoViewEntity,
];
