import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { VideoCommentPolicy, VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import type { RemoteCaption, RemoteFile, RemoteVideo } from '../../modules/videos/remote-videos.repository.js';
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
/** PeerTube knows about 190 languages; a video with more captions than this is not read further. */
const MAX_CAPTIONS = 200;
/** PeerTube names an account and a channel; a few more entries are tolerated, not fetched. */
const MAX_ATTRIBUTED = 4;

export interface SanitizedVideo {
  video: RemoteVideo;
  /**
   * Who published it: the actors of `attributedTo` on the video's server (an account and a channel). Which is which
   * shows only once they are fetched, since PeerTube names them by id alone.
   */
  attributedTo: string[];
  /** Where the video's chapters are (PeerTube's `hasParts`), on its origin; null when it names none there. */
  chaptersUrl: string | null;
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

  const chaptersUrl =
    isHttp(document.hasParts) && hostOfUrl(document.hasParts) === originHost ? document.hasParts : null;
  return {
    attributedTo,
    chaptersUrl,
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
      files: filesWithTorrents(links),
      playlist: playlistOf(links),
      captions: captionsOf(document.subtitleLanguage),
      storyboard: storyboardOf(document.preview),
    },
  };
}

/**
 * The captions, each a language and its WebVTT file (PeerTube also writes a bare URL, and a playlist link that is
 * not read); at most one per language.
 */
function captionsOf(value: unknown): RemoteCaption[] {
  const captions = new Map<string, RemoteCaption>();
  for (const entry of (Array.isArray(value) ? value.slice(0, MAX_LINKS) : []).filter(isObject)) {
    const language = typeof entry.identifier === 'string' ? entry.identifier : '';
    if (language.length > MAX_LANGUAGE || !/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(language)) continue;
    const urls = typeof entry.url === 'string' ? [{ href: entry.url, mediaType: 'text/vtt' }] : entry.url;
    const vtt = (Array.isArray(urls) ? urls.slice(0, MAX_LINKS) : [])
      .filter(isObject)
      .find(
        (link) => isHttp(link.href) && (link.mediaType ?? (/\.vtt$/.test(link.href) ? 'text/vtt' : '')) === 'text/vtt',
      );
    if (!vtt || captions.has(language) || captions.size >= MAX_CAPTIONS) continue;
    captions.set(language, {
      language,
      fileUrl: vtt.href as string,
      automaticallyGenerated: entry.automaticallyGenerated === true,
    });
  }
  return [...captions.values()];
}

/** PeerTube's storyboard: the JPEG sheet of the `preview` image whose rel is `storyboard`. */
function storyboardOf(value: unknown): RemoteVideo['storyboard'] {
  const preview = (Array.isArray(value) ? value.slice(0, MAX_LINKS) : [])
    .filter(isObject)
    .find((image) => Array.isArray(image.rel) && image.rel.includes('storyboard'));
  const sheet = (Array.isArray(preview?.url) ? preview.url.slice(0, MAX_LINKS) : [])
    .filter(isObject)
    .find((link) => link.mediaType === 'image/jpeg' && isHttp(link.href));
  const tileDuration = typeof sheet?.tileDuration === 'string' ? /^PT(\d{1,6})S$/.exec(sheet.tileDuration) : null;
  if (!sheet || !tileDuration) return null;
  const storyboard = {
    fileUrl: sheet.href as string,
    totalWidth: nonNegative(sheet.width),
    totalHeight: nonNegative(sheet.height),
    spriteWidth: nonNegative(sheet.tileWidth),
    spriteHeight: nonNegative(sheet.tileHeight),
    spriteDuration: Number(tileDuration[1]),
  };
  return Object.values(storyboard).every((field) => field !== 0) ? storyboard : null;
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

/** The MP4s of a list of links, each with its torrent and magnet (matched by height, as PeerTube does). */
function filesWithTorrents(links: JsonObject[]): RemoteFile[] {
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
    // PeerTube 8 gives each fragmented MP4 a torrent and a magnet, beside it in the playlist's tags.
    files: filesWithTorrents(tags),
  };
}

function isMp4Link(link: JsonObject): boolean {
  return (link.mediaType === 'video/mp4' || link.mediaType === 'audio/mp4') && isHttp(link.href);
}

function mediaFile(
  link: JsonObject,
): Pick<RemoteFile, 'resolution' | 'size' | 'fps' | 'width' | 'height' | 'hasAudio' | 'hasVideo' | 'fileUrl'> {
  const height = nonNegative(link.height);
  const resolution = link.mediaType === 'audio/mp4' ? 0 : height;
  return {
    resolution,
    ...streamsOf(link, resolution),
    size: nonNegative(link.size, Number.MAX_SAFE_INTEGER),
    fps: nonNegative(link.fps),
    width: nonNegative(link.width),
    height,
    fileUrl: link.href as string,
  };
}

/** PeerTube's `ffprobe_codec_type` hints, one per stream; without any, audio and (unless audio only) video. */
function streamsOf(link: JsonObject, resolution: number): Pick<RemoteFile, 'hasAudio' | 'hasVideo'> {
  const hints = (Array.isArray(link.attachment) ? link.attachment.slice(0, MAX_LINKS) : [])
    .filter(isObject)
    .filter((entry) => entry.type === 'PropertyValue' && entry.name === 'ffprobe_codec_type')
    .map((entry) => entry.value);
  if (hints.length === 0) return { hasAudio: true, hasVideo: resolution > 0 };
  return { hasAudio: hints.includes('audio'), hasVideo: hints.includes('video') };
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
