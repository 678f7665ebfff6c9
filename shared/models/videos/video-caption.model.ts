import type { VideoConstant } from './video.model.js';

/** PeerTube 8's VideoCaption (`GET /api/v1/videos/{id}/captions`). */
export interface VideoCaption {
  language: VideoConstant<string>;
  /** Deprecated by PeerTube 8, still read by clients: the path on this instance, null when not served here. */
  captionPath: string | null;
  fileUrl: string;
  /** The caption as an HLS subtitle playlist; Shoal makes none. */
  m3u8Url: string | null;
  automaticallyGenerated: boolean;
  updatedAt: string;
}
