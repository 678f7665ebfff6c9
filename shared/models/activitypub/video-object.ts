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
  subtitleLanguage: [];
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
  /** The account (Person) and the channel (Group), by id, as PeerTube 8 writes them. */
  attributedTo: ActivityPubAttributedTo[];
  to?: string[];
  cc?: string[];
}
