import type {
  ActivityIconObject,
  ActivityIdentifierObject,
  ActivityPubAttributedTo,
  ActivityTagObject,
  ActivityUrlObject,
  JsonLdContext,
} from './common-objects.js';

/** A video as PeerTube federates it. */
export interface VideoObject {
  '@context'?: JsonLdContext;
  type: 'Video';
  id: string;
  name: string;
  /** ISO 8601 duration, e.g. `PT42S`. */
  duration: string;
  uuid: string;
  tag: ActivityTagObject[];
  category: ActivityIdentifierObject | null;
  licence: ActivityIdentifierObject | null;
  language: ActivityIdentifierObject | null;
  /** The captions, each a WebVTT file at the video's origin. */
  subtitleLanguage: VideoCaptionObject[];
  views: number;
  sensitive: boolean;
  /** Why the video is sensitive. */
  summary: string | null;
  /** PeerTube's VideoCommentPolicy: 1 enabled, 2 disabled, 3 requires approval. */
  commentsPolicy: number;
  /** Who may reply: null when anyone may (PeerTube 8 writes the public collection otherwise). */
  canReply: string | null;
  downloadEnabled: boolean;
  waitTranscoding: boolean;
  /** PeerTube's VideoState: 1 published. */
  state: number;
  isLiveBroadcast: boolean;
  /** Live settings; null for a video that is not a live. */
  liveSaveReplay: boolean | null;
  permanentLive: boolean | null;
  latencyMode: number | null;
  /** PeerTube 8: when a live is scheduled. */
  schedules: { startDate: string }[];
  published: string;
  originallyPublishedAt: string | null;
  updated: string;
  mediaType: 'text/markdown';
  content: string | null;
  support: string | null;
  aspectRatio: number | null;
  icon: ActivityIconObject[];
  /** The watch page, every MP4, the HLS master playlist (with its renditions), torrents, magnets, trackers. */
  url: ActivityUrlObject[];
  likes: string;
  dislikes: string;
  shares: string;
  comments: string;
  /** The video's chapters: the id of its VideoChaptersObject (PeerTube 8 writes a URL). */
  hasParts?: string | VideoChapterObject[];
  /** The storyboard sprite sheet (PeerTube 8). */
  preview?: ActivityPubStoryboard[];
  /** The account (Person) and the channel (Group), by id, as PeerTube 8 writes them. */
  attributedTo: ActivityPubAttributedTo[];
  to?: string[];
  cc?: string[];
}

/** PeerTube's caption of a video: a language (`identifier`, `name`) and its WebVTT file. */
export interface VideoCaptionObject {
  identifier: string;
  name: string;
  automaticallyGenerated?: boolean;
  url: { type: 'Link'; mediaType: 'text/vtt' | 'application/x-mpegURL'; href: string }[];
}

/** A chapter as PeerTube federates it (schema.org's hasPart): from `startOffset` to `endOffset` seconds. */
export interface VideoChapterObject {
  name: string;
  startOffset: number;
  endOffset: number;
}

/** What `hasParts` names: a video's chapters. */
export interface VideoChaptersObject {
  '@context'?: JsonLdContext;
  id: string;
  hasPart: VideoChapterObject[];
}

/** PeerTube's storyboard: one sheet of `tileWidth` x `tileHeight` sprites, each `tileDuration` (ISO 8601) long. */
export interface ActivityPubStoryboard {
  type: 'Image';
  rel: ['storyboard'];
  url: {
    href: string;
    mediaType: string;
    width: number;
    height: number;
    tileWidth: number;
    tileHeight: number;
    tileDuration: string;
  }[];
}
