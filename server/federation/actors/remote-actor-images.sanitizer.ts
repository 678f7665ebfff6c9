import { hostOfUrl, isObject } from '../activitypub/remote-document.js';

/** One size of a remote actor's avatar or banner, as Shoal keeps it: its origin's URL, never a copy. */
export interface RemoteActorImage {
  url: string;
  /** Of the file name Shoal gives it (`.png`, `.jpg`, `.webp`, `.gif`). */
  extension: string;
  width: number | null;
  height: number | null;
}

/** PeerTube sends four avatar sizes and two banner sizes; more is not an avatar, it is a list to be bounded. */
const MAX_IMAGES = 8;
const MAX_URL_LENGTH = 2000;
/** Larger than any picture a server would offer as an avatar (PeerTube's largest is 1920 wide). */
const MAX_DIMENSION = 10_000;

/** Image media types PeerTube takes (MIMETYPES.IMAGE), with the extension of each. */
const EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/jpg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
};
const URL_EXTENSIONS: Record<string, string> = { png: '.png', jpg: '.jpg', jpeg: '.jpg', webp: '.webp', gif: '.gif' };

/**
 * The `icon` (avatars) or `image` (banners) of a remote actor: one Image or an array, each kept only if its URL is
 * http(s) on the actor's own host (its clients will load it from there; a URL elsewhere could point viewers at any
 * server) and its type is a picture type PeerTube takes, by `mediaType` or by the URL's extension. What is not kept
 * is dropped, not refused: an actor with an odd avatar is still an actor.
 */
export function sanitizeRemoteActorImages(value: unknown, actorHost: string): RemoteActorImage[] {
  const entries = (Array.isArray(value) ? value : [value]).slice(0, MAX_IMAGES);
  const images: RemoteActorImage[] = [];
  for (const entry of entries) {
    if (!isObject(entry) || entry.type !== 'Image') continue;
    const url = imageUrl(entry.url, actorHost);
    if (!url) continue;
    const extension = imageExtension(entry.mediaType, url);
    if (!extension) continue;
    if (images.some((image) => image.url === url)) continue;
    images.push({ url, extension, width: dimension(entry.width), height: dimension(entry.height) });
  }
  return images;
}

function imageUrl(value: unknown, actorHost: string): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return hostOfUrl(url.href) === actorHost ? url.href : undefined;
}

function imageExtension(mediaType: unknown, url: string): string | undefined {
  if (typeof mediaType === 'string') return EXTENSIONS[mediaType.toLowerCase()];
  const fromPath = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return fromPath ? URL_EXTENSIONS[fromPath] : undefined;
}

function dimension(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= MAX_DIMENSION ? value : null;
}
