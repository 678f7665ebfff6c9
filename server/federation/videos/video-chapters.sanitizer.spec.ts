import { describe, expect, it } from 'vitest';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizeVideoChapters } from './video-chapters.sanitizer.js';

const host = 'peertube.example';
const id = `https://${host}/videos/watch/0f8fad5b-d9cb-469f-a165-70867728950e/chapters`;

describe('sanitizeVideoChapters', () => {
  it("reads PeerTube's parts in order, once per start, titles cut to 100 characters", () => {
    const hasPart = [
      { name: 'Second', startOffset: 10, endOffset: 20 },
      { name: 'First', startOffset: 0, endOffset: 10 },
      { name: 'Duplicate', startOffset: 10, endOffset: 20 },
      { name: 'x'.repeat(150), startOffset: 20, endOffset: 30 },
      { name: '', startOffset: 25 },
      { name: 'Negative', startOffset: -1 },
      { name: 'Fraction', startOffset: 1.5 },
      'not an object',
    ];
    expect(sanitizeVideoChapters({ id, hasPart }, host)).toEqual([
      { timecode: 0, title: 'First' },
      { timecode: 10, title: 'Second' },
      { timecode: 20, title: 'x'.repeat(100) },
    ]);
  });

  it('refuses a document of another host', () => {
    expect(() => sanitizeVideoChapters({ id: 'https://elsewhere.example/c', hasPart: [] }, host)).toThrow(
      InvalidRemoteDocument,
    );
  });
});
