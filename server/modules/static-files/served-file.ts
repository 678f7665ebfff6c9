import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainError, notFound } from '../../core/errors/domain-error.js';

/**
 * A file of the store as it will be served: its path under the served folder and the video it belongs to, or, for
 * an avatar or banner (public, like its actor), the image's file name.
 */
export type ServedFile =
  | {
      /** Decoded, starting with `/`, made only of characters that need no percent-encoding. */
      path: string;
      videoUuid: string;
    }
  | { path: string; actorImage: string };

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** One file name: no `/`, no leading dot (so neither `.` nor `..`), nothing that would need encoding. */
const NAME = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

/**
 * Where each served folder keeps a video's files (StoragePaths): the first group is the video's UUID. Flat folders
 * name files `<uuid>.jpg`, `<uuid>-720.mp4`, `<uuid>-720-fragmented.torrent`; HLS keeps one folder per video.
 */
const LAYOUT: Record<string, RegExp> = {
  '/static/web-videos': new RegExp(`^/(${UUID})[-.][A-Za-z0-9._-]+$`),
  '/static/streaming-playlists': new RegExp(`^/hls/(${UUID})/${NAME}$`),
  '/lazy-static/torrents': new RegExp(`^/(${UUID})[-.][A-Za-z0-9._-]+$`),
  '/lazy-static/thumbnails': new RegExp(`^/(${UUID})[-.][A-Za-z0-9._-]+$`),
  '/lazy-static/previews': new RegExp(`^/(${UUID})[-.][A-Za-z0-9._-]+$`),
  '/lazy-static/video-captions': new RegExp(`^/(${UUID})-[A-Za-z0-9_-]+\\.vtt$`),
  '/lazy-static/storyboards': new RegExp(`^/(${UUID})-[A-Za-z0-9_-]+\\.jpg$`),
};

/** Actor images are named `<uuid>.<png|jpg|webp>` (StoragePaths.actorImageKey), and belong to no video. */
const ACTOR_IMAGE_LAYOUT: Record<string, RegExp> = {
  '/lazy-static/avatars': new RegExp(`^/(${UUID}\\.(?:png|jpg|webp|gif))$`),
  '/lazy-static/banners': new RegExp(`^/(${UUID}\\.(?:png|jpg|webp|gif))$`),
};

/**
 * Maps the raw request path under a served folder to the file that is served and its video. The path is decoded
 * once, as serve-static decodes it, and must then be in the store's canonical layout: an encoded, doubly encoded,
 * upper-case or `..` form of a path is not another way to name a file, it names none. Because the decoded path
 * needs no encoding, the caller can hand it to serve-static as is, and what was authorised is what is served.
 */
export function resolveServedFile(urlPrefix: string, rawPath: string): ServedFile {
  const layout = LAYOUT[urlPrefix] ?? ACTOR_IMAGE_LAYOUT[urlPrefix];
  if (!layout) throw new Error(`no layout for the served folder ${urlPrefix}`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new DomainError(CommonErrorCode.MalformedRequest, HttpStatus.BAD_REQUEST, 'Malformed percent-encoding');
  }
  const match = layout.exec(decoded);
  if (!match) throw notFound('File');
  return urlPrefix in ACTOR_IMAGE_LAYOUT
    ? { path: decoded, actorImage: match[1] }
    : { path: decoded, videoUuid: match[1] };
}
