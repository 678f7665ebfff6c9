import { InitialSchema1763700000000 } from './1763700000000-initial-schema.js';
import { Videos1763800000000 } from './1763800000000-videos.js';
import { HlsSwarms1763900000000 } from './1763900000000-hls-swarms.js';
import { Federation1764000000000 } from './1764000000000-federation.js';
import { RemoteVideos1764100000000 } from './1764100000000-remote-videos.js';
import { VideoFederatedAt1764200000000 } from './1764200000000-video-federated-at.js';
import { VideoRates1764300000000 } from './1764300000000-video-rates.js';
import { UploadReservations1764400000000 } from './1764400000000-upload-reservations.js';
import { VideoFetchedAt1764500000000 } from './1764500000000-video-fetched-at.js';
import { VideoComments1764600000000 } from './1764600000000-video-comments.js';
import { VideoPlaylists1764700000000 } from './1764700000000-video-playlists.js';
import { CaptionsChaptersStoryboards1764800000000 } from './1764800000000-captions-chapters-storyboards.js';
import { VideoViews1764900000000 } from './1764900000000-video-views.js';
import { UserNotifications1765000000000 } from './1765000000000-user-notifications.js';
import { VideoFileStreams1765100000000 } from './1765100000000-video-file-streams.js';
import { ActorImages1765200000000 } from './1765200000000-actor-images.js';
import { DomainEvents1765300000000 } from './1765300000000-domain-events.js';

/** Every migration, oldest first. A new migration is appended here. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  Videos1763800000000,
  HlsSwarms1763900000000,
  Federation1764000000000,
  RemoteVideos1764100000000,
  VideoFederatedAt1764200000000,
  VideoRates1764300000000,
  UploadReservations1764400000000,
  VideoFetchedAt1764500000000,
  VideoComments1764600000000,
  VideoPlaylists1764700000000,
  CaptionsChaptersStoryboards1764800000000,
  VideoViews1764900000000,
  UserNotifications1765000000000,
  VideoFileStreams1765100000000,
  ActorImages1765200000000,
  DomainEvents1765300000000,
];
