import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { VideoPlaylistPrivacy } from '../../../shared/models/videos/video-playlist.model.js';
import { DATABASE_INT_MAX } from '../../core/http/integers.js';
import { hostOfUrl, InvalidRemoteDocument, isObject, referencesOf } from '../activitypub/remote-document.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PUBLIC_AUDIENCES = new Set([ACTIVITY_STREAMS_PUBLIC, 'as:Public', 'Public']);
const MAX_NAME = 120;
const MAX_DESCRIPTION = 1000;
const MAX_URL = 2000;
/** Element ids read from one collection page; PeerTube pages by 10 (by 2 in its test mode). */
const MAX_PAGE_ITEMS = 100;
/** Longest timestamp kept, in seconds (a day). */
const MAX_TIMESTAMP = 24 * 3600;

/** What Shoal keeps of a remote Playlist object. */
export interface SanitizedPlaylist {
  url: string;
  uuid: string;
  name: string;
  description: string | null;
  privacy: VideoPlaylistPrivacy.Public | VideoPlaylistPrivacy.Unlisted;
  /** The one channel (Group) it is shown on, on the playlist's server. */
  channelUrl: string;
  thumbnailUrl: string | null;
  published: Date;
  updated: Date;
  /** Where its elements are listed: the first page (an URL on its server, or the page itself), if any. */
  first: string | SanitizedPlaylistPage | undefined;
}

/** A page of a playlist's elements: element ids (or embedded elements) and the next page's URL. */
export interface SanitizedPlaylistPage {
  items: (string | SanitizedPlaylistElement)[];
  next: string | undefined;
}

export interface SanitizedPlaylistElement {
  url: string;
  videoUrl: string;
  position: number;
  startTimestamp: number | null;
  stopTimestamp: number | null;
}

/**
 * A Playlist object from `originHost`, checked field by field (types, sizes, http(s) URLs): refused unless it lives
 * there and names exactly one actor there in `attributedTo` (its channel; PeerTube does the same). `audience` is the
 * `to` of the activity that carried it, else the object's own: the public in it makes the playlist public, anything
 * else unlisted, as PeerTube reads it.
 */
export function sanitizePlaylistObject(document: unknown, originHost: string, audience?: unknown): SanitizedPlaylist {
  if (!isObject(document) || document.type !== 'Playlist') throw new InvalidRemoteDocument('not a Playlist object');
  const url = sameHostUrl(document.id, 'id', originHost);
  const uuid = typeof document.uuid === 'string' && UUID.test(document.uuid) ? document.uuid.toLowerCase() : undefined;
  if (!uuid) throw new InvalidRemoteDocument('uuid is missing');
  const name = text(document.name, MAX_NAME);
  if (!name) throw new InvalidRemoteDocument('name is missing');
  const attributedTo = referencesOf(document.attributedTo);
  if (attributedTo.length !== 1) throw new InvalidRemoteDocument('attributedTo must name one channel');
  const channelUrl = sameHostUrl(attributedTo[0], 'attributedTo', originHost);
  const to = audience ?? document.to;
  const icon = isObject(document.icon) && isHttp(document.icon.url) ? document.icon.url : null;
  return {
    url,
    uuid,
    name,
    description: text(document.content, MAX_DESCRIPTION),
    privacy: publicIn(to) ? VideoPlaylistPrivacy.Public : VideoPlaylistPrivacy.Unlisted,
    channelUrl,
    thumbnailUrl: icon,
    published: dateOf(document.published, 'published'),
    updated: dateOf(document.updated, 'updated'),
    first: pageReference(document.first, originHost),
  };
}

/** A collection page of a playlist from `originHost` (fetched from there): its items and the next page. */
export function sanitizePlaylistPage(document: unknown, originHost: string): SanitizedPlaylistPage {
  if (!isObject(document)) throw new InvalidRemoteDocument('not a collection page');
  const items = (Array.isArray(document.orderedItems) ? document.orderedItems : []).slice(0, MAX_PAGE_ITEMS);
  return {
    items: items.flatMap((item): (string | SanitizedPlaylistElement)[] => {
      if (typeof item === 'string') return isHttp(item) && hostOfUrl(item) === originHost ? [item] : [];
      try {
        return [sanitizePlaylistElement(item, originHost)];
      } catch {
        return [];
      }
    }),
    next:
      typeof document.next === 'string' && isHttp(document.next) && hostOfUrl(document.next) === originHost
        ? document.next
        : undefined,
  };
}

/** A PlaylistElement from `originHost`; its video may live anywhere. */
export function sanitizePlaylistElement(document: unknown, originHost: string): SanitizedPlaylistElement {
  if (!isObject(document) || document.type !== 'PlaylistElement')
    throw new InvalidRemoteDocument('not a PlaylistElement');
  const position = document.position;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > DATABASE_INT_MAX)
    throw new InvalidRemoteDocument('position is not an integer');
  if (!isHttp(document.url)) throw new InvalidRemoteDocument('url is not an http(s) URL');
  return {
    url: sameHostUrl(document.id, 'id', originHost),
    videoUrl: document.url,
    position,
    startTimestamp: timestamp(document.startTimestamp),
    stopTimestamp: timestamp(document.stopTimestamp),
  };
}

function pageReference(value: unknown, originHost: string): SanitizedPlaylist['first'] {
  if (typeof value === 'string') return isHttp(value) && hostOfUrl(value) === originHost ? value : undefined;
  if (isObject(value)) return sanitizePlaylistPage(value, originHost);
  return undefined;
}

function publicIn(field: unknown): boolean {
  return (Array.isArray(field) ? field : [field]).some((entry) => PUBLIC_AUDIENCES.has(entry as string));
}

function sameHostUrl(value: unknown, field: string, originHost: string): string {
  if (!isHttp(value)) throw new InvalidRemoteDocument(`${field} is not an http(s) URL`);
  if (hostOfUrl(value) !== originHost) throw new InvalidRemoteDocument(`${field} ${value} is not on ${originHost}`);
  return value;
}

function timestamp(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_TIMESTAMP ? value : null;
}

function dateOf(value: unknown, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new InvalidRemoteDocument(`${field} is not a date`);
  return date;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.slice(0, max) : null;
}

function isHttp(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_URL && /^https?:\/\/[^\s]+$/.test(value);
}
