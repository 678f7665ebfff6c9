import type { AccountSummary } from '../actors/actor.model.js';
import type { Video, VideoChannelSummary, VideoConstant } from './video.model.js';

/** PeerTube's numeric playlist privacies. */
export enum VideoPlaylistPrivacy {
  Public = 1,
  Unlisted = 2,
  Private = 3,
}

export const VIDEO_PLAYLIST_PRIVACY_LABELS: Record<VideoPlaylistPrivacy, string> = {
  [VideoPlaylistPrivacy.Public]: 'Public',
  [VideoPlaylistPrivacy.Unlisted]: 'Unlisted',
  [VideoPlaylistPrivacy.Private]: 'Private',
};

/** A user's own playlists (1) and the one "Watch later" playlist every user has (2). */
export enum VideoPlaylistType {
  Regular = 1,
  WatchLater = 2,
}

export const VIDEO_PLAYLIST_TYPE_LABELS: Record<VideoPlaylistType, string> = {
  [VideoPlaylistType.Regular]: 'Regular',
  [VideoPlaylistType.WatchLater]: 'Watch later',
};

/** Why an element shows no video: 0 it does, 1 the video was deleted, 2 it is private, 3 it is unavailable. */
export enum VideoPlaylistElementType {
  Regular = 0,
  Deleted = 1,
  Private = 2,
  Unavailable = 3,
}

/** PeerTube's `VideoPlaylist`. */
export interface VideoPlaylist {
  id: number;
  uuid: string;
  shortUUID: string;
  isLocal: boolean;
  url: string;
  displayName: string;
  description: string | null;
  privacy: VideoConstant<VideoPlaylistPrivacy>;
  thumbnailPath: string | null;
  thumbnailUrl?: string;
  videosLength: number;
  type: VideoConstant<VideoPlaylistType>;
  embedPath: string;
  createdAt: string;
  updatedAt: string;
  ownerAccount: AccountSummary;
  videoChannelPosition: number | null;
  videoChannel: VideoChannelSummary | null;
}

/** PeerTube's `VideoPlaylistElement`. */
export interface VideoPlaylistElement {
  id: number;
  position: number;
  startTimestamp: number | null;
  stopTimestamp: number | null;
  type: VideoPlaylistElementType;
  video: Video | null;
}

export interface VideoPlaylistCreateResult {
  videoPlaylist: { id: number; uuid: string; shortUUID: string };
}

export interface VideoPlaylistElementCreateResult {
  videoPlaylistElement: { id: number };
}

/** One entry of `GET /users/me/video-playlists/videos-exist`, per video id. */
export interface VideoExistInPlaylist {
  playlistElementId: number;
  playlistId: number;
  playlistDisplayName: string;
  playlistShortUUID: string;
  startTimestamp: number | null;
  stopTimestamp: number | null;
}
