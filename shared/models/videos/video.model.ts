import type { AccountSummary, ActorImage } from '../actors/actor.model.js';
import type { VideoCommentPolicy, VideoPrivacy, VideoState } from './video-enums.js';

export interface VideoConstant<T> {
  id: T;
  label: string;
}

export interface VideoChannelSummary {
  id: number;
  name: string;
  displayName: string;
  url: string;
  host: string;
  avatars: ActorImage[];
}

/** An element of GET /api/v1/videos. */
export interface Video {
  id: number;
  uuid: string;
  shortUUID: string;
  url: string;
  name: string;
  description: string | null;
  category: VideoConstant<number | null>;
  licence: VideoConstant<number | null>;
  language: VideoConstant<string | null>;
  privacy: VideoConstant<VideoPrivacy>;
  state: VideoConstant<VideoState>;
  nsfw: boolean;
  isLocal: boolean;
  duration: number;
  aspectRatio: number | null;
  views: number;
  /** People watching now (players that reported within the viewer window), here and, for local videos, elsewhere. */
  viewers: number;
  likes: number;
  dislikes: number;
  /** Comments everyone sees (PeerTube 8). */
  comments: number;
  thumbnailPath: string | null;
  previewPath: string | null;
  embedPath: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  account: AccountSummary;
  channel: VideoChannelSummary;
}

export interface VideoFile {
  id: number;
  resolution: VideoConstant<number>;
  size: number;
  fps: number;
  width: number;
  height: number;
  fileUrl: string;
  fileDownloadUrl: string;
  torrentUrl: string | null;
  torrentDownloadUrl: string | null;
  magnetUri: string | null;
  hasAudio: boolean;
  hasVideo: boolean;
  /** Where this instance keeps the file: 0 its file system (PeerTube's FileStorage); null for another instance's. */
  storage: 0 | null;
  /** HLS files: the variant playlist, named as the fragmented MP4 without `-fragmented.mp4` plus `.m3u8`. */
  playlistUrl?: string;
}

export interface VideoStreamingPlaylist {
  id: number;
  type: 1;
  playlistUrl: string;
  /**
   * Shoal's: the P2P swarm id of the playlist, which its tracker's infohashes are computed from. The master
   * playlist's URL on the origin's own route, even when `playlistUrl` is a bucket's or CDN's.
   */
  swarmId: string;
  segmentsSha256Url: string;
  redundancies: [];
  files: VideoFile[];
}

/** GET /api/v1/videos/{id}. */
export interface VideoDetails extends Video {
  support: string | null;
  tags: string[];
  /** PeerTube 8's field; `commentsEnabled` stays for older clients. */
  commentsPolicy: VideoConstant<VideoCommentPolicy>;
  commentsEnabled: boolean;
  downloadEnabled: boolean;
  waitTranscoding: boolean;
  /** Why the state is what it is (e.g. the transcoding error), for the uploader. */
  stateDetail: string | null;
  /** 0-100 while transcoding, null otherwise. */
  transcodingProgress: number | null;
  files: VideoFile[];
  streamingPlaylists: VideoStreamingPlaylist[];
  trackerUrls: string[];
  /** Peers in the swarms of the video's files, from the embedded tracker; null when it is disabled. */
  swarm: { peers: number; seeders: number } | null;
}

export interface VideoCreateResult {
  video: { id: number; uuid: string; shortUUID: string };
}
