import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { sanitizeUserHtml } from '../../core/text/markdown.js';
import {
  hostOfUrl,
  InvalidRemoteDocument,
  isObject,
  referencesOf,
  urlField,
  type JsonObject,
} from '../activitypub/remote-document.js';

/** Longest `content` read, and longest text kept (HTML grows a little when sanitised; markdown is kept as is). */
const MAX_CONTENT = 100_000;
export const REMOTE_COMMENT_TEXT_MAX = 20_000;
const MAX_URL = 2000;
const PUBLIC = new Set([ACTIVITY_STREAMS_PUBLIC, 'as:Public', 'Public']);

/** A remote comment, checked: every URL on its origin's host but `inReplyTo`, its text safe to store. */
export interface SanitizedComment {
  url: string;
  /** Markdown as its author wrote it (PeerTube, Shoal), or sanitised HTML (Mastodon and others). */
  text: string;
  inReplyTo: string;
  attributedTo: string;
  published: Date;
  updated: Date;
  /** PeerTube 8: the ApproveReply of the video's owner, when the comment was held for review and approved. */
  replyApproval: string | null;
}

/**
 * A Note from `originHost` that comments a video or another comment, or an InvalidRemoteDocument naming what is
 * wrong. Only public (or unlisted) comments are taken, as PeerTube does.
 */
export function sanitizeCommentObject(document: unknown, originHost: string): SanitizedComment {
  if (!isObject(document)) throw new InvalidRemoteDocument('a comment must be an object');
  if (document.type !== 'Note') throw new InvalidRemoteDocument(`type: ${String(document.type)} is not a Note`);
  const url = urlField(document, 'id');
  if (url.length > MAX_URL) throw new InvalidRemoteDocument('id is too long');
  if (hostOfUrl(url) !== originHost) throw new InvalidRemoteDocument(`id: ${url} is not on ${originHost}`);
  const [attributedTo, ...others] = referencesOf(document.attributedTo);
  if (!attributedTo || others.length > 0) throw new InvalidRemoteDocument('attributedTo must name one actor');
  if (hostOfUrl(attributedTo) !== originHost) throw new InvalidRemoteDocument('attributedTo is not on the origin');
  const inReplyTo = urlField(document, 'inReplyTo');
  if (inReplyTo.length > MAX_URL) throw new InvalidRemoteDocument('inReplyTo is too long');
  if (!isPublic(document.to) && !isPublic(document.cc)) throw new InvalidRemoteDocument('to/cc: not a public comment');
  const published = dateField(document, 'published');
  const updated = document.updated === undefined ? published : dateField(document, 'updated');
  const replyApproval = typeof document.replyApproval === 'string' ? urlField(document, 'replyApproval') : null;
  return { url, text: textOf(document), inReplyTo, attributedTo, published, updated, replyApproval };
}

/** The markdown source when the sender gives one, else `content`: markdown if so declared, HTML (sanitised) if not. */
function textOf(document: JsonObject): string {
  const source = document.source;
  let text: string;
  if (isObject(source) && source.mediaType === 'text/markdown' && typeof source.content === 'string') {
    text = bounded(source.content, 'source.content');
  } else {
    const content = bounded(document.content, 'content');
    text = document.mediaType === 'text/markdown' ? content : sanitizeUserHtml(content);
  }
  text = text.trim();
  if (text.length === 0) throw new InvalidRemoteDocument('content is empty');
  if (text.length > REMOTE_COMMENT_TEXT_MAX) throw new InvalidRemoteDocument('content is too long');
  return text;
}

function bounded(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new InvalidRemoteDocument(`${field} is missing`);
  if (value.length > MAX_CONTENT) throw new InvalidRemoteDocument(`${field} is too long`);
  return value;
}

function isPublic(audience: unknown): boolean {
  return (Array.isArray(audience) ? audience : [audience]).some((entry) => PUBLIC.has(entry as string));
}

function dateField(document: JsonObject, field: string): Date {
  const value = document[field];
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new InvalidRemoteDocument(`${field} is not a date`);
  return date;
}
