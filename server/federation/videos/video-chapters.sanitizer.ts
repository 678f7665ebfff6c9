import type { VideoChapter } from '../../../shared/models/videos/video-chapter.model.js';
import { DATABASE_INT_MAX } from '../../core/http/integers.js';
import { MAX_CHAPTER_TITLE } from '../../modules/chapters/description-chapters.js';
import { hostOfUrl, InvalidRemoteDocument, isObject } from '../activitypub/remote-document.js';

/** Chapters past this many are not read. */
const MAX_CHAPTERS = 500;

/**
 * The chapters of a PeerTube VideoChaptersObject (`hasParts` of a Video object) from `originHost`: each part's
 * name and start, titles cut to PeerTube's length, a repeated start kept once; refused unless it lives on that host.
 */
export function sanitizeVideoChapters(document: unknown, originHost: string): VideoChapter[] {
  if (!isObject(document) || typeof document.id !== 'string' || hostOfUrl(document.id) !== originHost) {
    throw new InvalidRemoteDocument(`not a chapters document of ${originHost}`);
  }
  const chapters = new Map<number, VideoChapter>();
  for (const part of (Array.isArray(document.hasPart) ? document.hasPart.slice(0, MAX_CHAPTERS) : []).filter(
    isObject,
  )) {
    const { name, startOffset } = part;
    if (typeof name !== 'string' || name.trim() === '') continue;
    if (typeof startOffset !== 'number' || !Number.isInteger(startOffset) || startOffset < 0) continue;
    if (startOffset > DATABASE_INT_MAX || chapters.has(startOffset)) continue;
    chapters.set(startOffset, { timecode: startOffset, title: name.slice(0, MAX_CHAPTER_TITLE) });
  }
  return [...chapters.values()].sort((a, b) => a.timecode - b.timecode);
}
