import type { VideoChapter } from '../../../shared/models/videos/video-chapter.model.js';

/** PeerTube's limit on a chapter title. */
export const MAX_CHAPTER_TITLE = 100;

/** A line starting with a timecode (`1:02:03`, `02:03`, `1h2m3s`, `45s`, `45`) then whitespace, then the title. */
const TIMECODE_LINE = /^((\d+[h:])?(\d+[m:])?\d+s?)\s/;
const UNIT_TIMECODE = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/;

/**
 * Chapters written in a description, by PeerTube's rule: each line that starts with a timecode followed by
 * whitespace is a chapter, whose title is the rest of the line; a timecode not after the previous one is skipped;
 * fewer than two chapters are none.
 */
export function parseDescriptionChapters(description: string | null): VideoChapter[] {
  if (!description) return [];
  const chapters: VideoChapter[] = [];
  for (const line of description.split(/\r\n|\r|\n/)) {
    const match = TIMECODE_LINE.exec(line);
    if (!match) continue;
    const timecode = secondsOf(match[1]);
    if (chapters.length > 0 && timecode <= chapters[chapters.length - 1].timecode) continue;
    chapters.push({ timecode, title: line.slice(match[0].length).slice(0, MAX_CHAPTER_TITLE) });
  }
  return chapters.length > 1 ? chapters : [];
}

/** `1h2m3s` or `1:02:03` (parts from the right are seconds, minutes, hours). */
function secondsOf(timecode: string): number {
  const units = UNIT_TIMECODE.exec(timecode);
  if (units) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  const parts = timecode.split(':').reverse();
  return parts.reduce((total, part, index) => total + (Number.parseInt(part, 10) || 0) * 60 ** index, 0);
}

/** Whether two lists hold the same chapters in the same order. */
export function sameChapters(a: VideoChapter[], b: VideoChapter[]): boolean {
  return (
    a.length === b.length && a.every((chapter, i) => chapter.timecode === b[i].timecode && chapter.title === b[i].title)
  );
}
