import type { JsonLdContext } from './common-objects.js';

/** A mention of an actor in a comment (PeerTube tags the authors of the comments a reply is under). */
export interface ActivityMentionObject {
  type: 'Mention';
  href: string;
  name: string;
}

/**
 * A comment on a video, as PeerTube federates it: a Note in reply to the video (a thread's first comment) or to
 * another comment, attributed to an account, at `<instance>/videos/watch/<video uuid>/comments/<id>`. Shoal sends
 * `content` as sanitised HTML rendered from the author's markdown, which it also gives in `source`.
 */
export interface VideoCommentObject {
  '@context'?: JsonLdContext;
  type: 'Note';
  id: string;
  url: string;
  content: string;
  mediaType: 'text/html' | 'text/markdown';
  source?: { content: string; mediaType: 'text/markdown' };
  inReplyTo: string;
  published: string;
  updated: string;
  attributedTo: string;
  tag: ActivityMentionObject[];
  to: string[];
  cc: string[];
  /** PeerTube 8: the video owner's ApproveReply, on a comment sent again once approved. */
  replyApproval?: string;
}

/** A deleted comment, served at its id in its place. */
export interface CommentTombstoneObject {
  '@context'?: JsonLdContext;
  type: 'Tombstone';
  formerType: 'Note';
  id: string;
  url: string;
  inReplyTo: string;
  published: string;
  updated: string;
  deleted: string;
}
