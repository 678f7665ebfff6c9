import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { VideoCommentPolicy, VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import type { RemoteFile, RemoteVideo } from '../../modules/videos/remote-videos.repository.js';
import {
  hostOfUrl,
  InvalidRemoteDocument,
  isObject,
  referencesOf,
  type JsonObject,
} from '../activitypub/remote-document.js';
import { DATABASE_INT_MAX } from '../../core/http/integers.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PUBLIC_AUDIENCES = new Set([ACTIVITY_STREAMS_PUBLIC, 'as:Public', 'Public']);
const MAX_NAME = 120;
const MAX_TEXT = 10_000;
const MAX_TAGS = 5;
const MAX_TAG = 30;
/** Longest URL kept (the columns' width); magnet URIs carry trackers and WebSeeds, and get more room. */
const MAX_URL = 2000;
const MAX_MAGNET = 10_000;
/** More links, pictures or playlist tags than this are not read. */
const MAX_LINKS = 200;
const MAX_LANGUAGE = 16;
/** PeerTube names an account and a channel; a few more entries are tolerated, not fetched. */
const MAX_ATTRIBUTED = 4;

export interface SanitizedVideo {
  video: RemoteVideo;
  /**
   * Who published it: the actors of `attributedTo` on the video's server (an account and a channel). Which is which
   * shows only once they are fetched, since PeerTube names them by id alone.
   */
  attributedTo: string[];
}

/**
 * What Shoal keeps of a Video object from `originHost`: checked field by field (types, sizes, http(s) URLs) and
 * refused unless it lives on that host, is public or unlisted, and names its account and channel there.
 */
export function sanitizeVideoObject(document: unknown, originHost: string): SanitizedVideo {
  if (!isObject(document) || document.type !== 'Video') throw new InvalidRemoteDocument('not a Video object');
  const id = httpUrl(document.id, 'id');
  if (hostOfUrl(id) !== originHost) throw new InvalidRemoteDocument(`the video ${id} is not on ${originHost}`);
  const uuid = typeof document.uuid === 'string' && UUID.test(document.uuid) ? document.uuid.toLowerCase() : undefined;
  if (!uuid) throw new InvalidRemoteDocument('uuid is missing');
  const name = text(document.name, MAX_NAME);
  if (!name) throw new InvalidRemoteDocument('name is missing');

  const attributedTo = referencesOf(document.attributedTo).slice(0, MAX_ATTRIBUTED);
  const foreign = attributedTo.find((url) => !isHttp(url) || hostOfUrl(url) !== originHost);
  if (foreign) throw new InvalidRemoteDocument(`attributedTo names ${foreign}, not an actor of ${originHost}`);
  if (attributedTo.length === 0) throw new InvalidRemoteDocument(`attributedTo names no actor of ${originHost}`);
  const links = (Array.isArray(document.url) ? document.url.slice(0, MAX_LINKS) : []).filter(isObject);
  const icons = (Array.isArray(document.icon) ? document.icon.slice(0, MAX_LINKS) : []).filter(isObject);
  const pictures = icons
    .filter((icon) => typeof icon.url === 'string' && isHttp(icon.url))
    .sort((a, b) => Number(a.width ?? 0) - Number(b.width ?? 0));

  return {
    attributedTo,
    video: {
      url: id,
      uuid,
      name,
      description: text(document.content, MAX_TEXT),
      support: text(document.support, MAX_TEXT),
      privacy: privacyOf(document),
      category: identifier(document.category, (value) => (/^\d{1,4}$/.test(value) ? Number(value) : null)),
      licence: identifier(document.licence, (value) => (/^\d{1,4}$/.test(value) ? Number(value) : null)),
      language: identifier(document.language, (value) =>
        value.length <= MAX_LANGUAGE && /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(value) ? value : null,
      ),
      nsfw: document.sensitive === true,
      ...commentsOf(document),
      downloadEnabled: document.downloadEnabled !== false,
      waitTranscoding: document.waitTranscoding !== false,
      duration: durationOf(document.duration),
      aspectRatio: typeof document.aspectRatio === 'number' && document.aspectRatio > 0 ? document.aspectRatio : null,
      views: nonNegative(document.views),
      publishedAt: dateOf(document.published),
      thumbnailUrl: (pictures[0]?.url as string | undefined) ?? null,
      previewUrl: (pictures.at(-1)?.url as string | undefined) ?? null,
      trackerUrls: links
        .filter((link) => Array.isArray(link.rel) && link.rel[0] === 'tracker' && typeof link.href === 'string')
        .map((link) => link.href as string)
        .filter((href) => href.length <= MAX_URL && /^(wss?|https?):\/\//.test(href)),
      tags: hashtags(document.tag),
      files: webVideos(links),
      playlist: playlistOf(links),
    },
  };
}

/** PeerTube 8 sends `commentsPolicy`; earlier versions and other servers `commentsEnabled`. */
function commentsOf(document: JsonObject): { commentsPolicy: VideoCommentPolicy; commentsEnabled: boolean } {
  const policies: unknown[] = [
    VideoCommentPolicy.Enabled,
    VideoCommentPolicy.Disabled,
    VideoCommentPolicy.RequiresApproval,
  ];
  const policy = policies.includes(document.commentsPolicy)
    ? (document.commentsPolicy as VideoCommentPolicy)
    : document.commentsEnabled === false
      ? VideoCommentPolicy.Disabled
      : VideoCommentPolicy.Enabled;
  return { commentsPolicy: policy, commentsEnabled: policy !== VideoCommentPolicy.Disabled };
}

function privacyOf(document: JsonObject): RemoteVideo['privacy'] {
  const audience = (field: unknown) =>
    (Array.isArray(field) ? field : [field]).some((entry) => PUBLIC_AUDIENCES.has(entry as string));
  if (audience(document.to)) return VideoPrivacy.Public;
  if (audience(document.cc)) return VideoPrivacy.Unlisted;
  throw new InvalidRemoteDocument('only public and unlisted videos are federated');
}

/** The MP4s, each with its torrent and magnet (matched by height). */
function webVideos(links: JsonObject[]): RemoteFile[] {
  const byHeight = (mediaType: string) =>
    new Map(
      links
        .filter((link) => link.mediaType === mediaType && isHttpOrMagnet(link.href))
        .map((link) => [link.height, link.href as string]),
    );
  const torrents = byHeight('application/x-bittorrent');
  const magnets = byHeight('application/x-bittorrent;x-scheme-handler/magnet');
  return links.filter(isMp4Link).map((link) => {
    const magnetUri = magnets.get(link.height) ?? null;
    return {
      ...mediaFile(link),
      torrentUrl: torrents.get(link.height) ?? null,
      magnetUri,
      infoHash: infoHashOf(magnetUri),
    };
  });
}

function playlistOf(links: JsonObject[]): RemoteVideo['playlist'] {
  const master = links.find((link) => link.mediaType === 'application/x-mpegURL' && isHttp(link.href));
  if (!master) return null;
  const tags = (Array.isArray(master.tag) ? master.tag.slice(0, MAX_LINKS) : []).filter(isObject);
  const sha256 = tags.find((tag) => tag.name === 'sha256' && isHttp(tag.href));
  if (!sha256) return null;
  return {
    playlistUrl: master.href as string,
    segmentsSha256Url: sha256.href as string,
    infoHashes: tags
      .filter((tag) => tag.type === 'Infohash' && typeof tag.name === 'string' && /^[0-9a-f]{40}$/.test(tag.name))
      .map((tag) => tag.name as string),
    files: tags
      .filter(isMp4Link)
      .map((tag) => ({ ...mediaFile(tag), torrentUrl: null, magnetUri: null, infoHash: null })),
  };
}

function isMp4Link(link: JsonObject): boolean {
  return (link.mediaType === 'video/mp4' || link.mediaType === 'audio/mp4') && isHttp(link.href);
}

function mediaFile(link: JsonObject): Pick<RemoteFile, 'resolution' | 'size' | 'fps' | 'width' | 'height' | 'fileUrl'> {
  const height = nonNegative(link.height);
  return {
    resolution: link.mediaType === 'audio/mp4' ? 0 : height,
    size: nonNegative(link.size, Number.MAX_SAFE_INTEGER),
    fps: nonNegative(link.fps),
    width: nonNegative(link.width),
    height,
    fileUrl: link.href as string,
  };
}

function infoHashOf(magnetUri: string | null): string | null {
  return /xt=urn:btih:([0-9a-f]{40})/i.exec(magnetUri ?? '')?.[1]?.toLowerCase() ?? null;
}

function hashtags(tag: unknown): string[] {
  const names = (Array.isArray(tag) ? tag : [])
    .filter(
      (entry): entry is JsonObject => isObject(entry) && entry.type === 'Hashtag' && typeof entry.name === 'string',
    )
    .map((entry) => (entry.name as string).replace(/^#/, '').trim().toLowerCase())
    .filter((name) => name.length > 0 && name.length <= MAX_TAG);
  return [...new Set(names)].slice(0, MAX_TAGS);
}

function identifier<T>(value: unknown, parse: (identifier: string) => T | null): T | null {
  return isObject(value) && typeof value.identifier === 'string' ? parse(value.identifier) : null;
}

function durationOf(value: unknown): number {
  const match = typeof value === 'string' ? /^PT(\d+)S$/.exec(value) : null;
  if (!match || Number(match[1]) > DATABASE_INT_MAX) throw new InvalidRemoteDocument('duration is not PT<seconds>S');
  return Number(match[1]);
}

function dateOf(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new InvalidRemoteDocument('published is not a date');
  return date;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : null;
}

/** A count or a dimension, bounded by its column (an integer unless `max` says otherwise). */
function nonNegative(value: unknown, max = DATABASE_INT_MAX): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(Math.round(value), max) : 0;
}

function httpUrl(value: unknown, field: string): string {
  if (!isHttp(value)) throw new InvalidRemoteDocument(`${field} is not an http(s) URL`);
  return value;
}

function isHttp(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_URL && /^https?:\/\/[^\s]+$/.test(value);
}

function isHttpOrMagnet(value: unknown): boolean {
  return isHttp(value) || (typeof value === 'string' && value.length <= MAX_MAGNET && value.startsWith('magnet:?'));
}
