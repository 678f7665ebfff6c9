import { describe, expect, it } from 'vitest';
import { parseDescriptionChapters, sameChapters } from './description-chapters.js';

describe('parseDescriptionChapters', () => {
  it('reads each line starting with a timecode and whitespace, in every notation PeerTube reads', () => {
    const description = [
      'My video',
      '00:00 Intro',
      '1:05 The middle',
      'no timecode 2:00 here',
      '1:00:00\tEnd',
      '3h1m2s Bonus',
    ].join('\n');
    expect(parseDescriptionChapters(description)).toEqual([
      { timecode: 0, title: 'Intro' },
      { timecode: 65, title: 'The middle' },
      { timecode: 3600, title: 'End' },
      { timecode: 3 * 3600 + 62, title: 'Bonus' },
    ]);
  });

  it('skips a timecode that is not after the previous one, and cuts long titles', () => {
    const description = `0:10 A\n0:05 Earlier\n0:10 Same\n0:20 ${'x'.repeat(150)}`;
    expect(parseDescriptionChapters(description)).toEqual([
      { timecode: 10, title: 'A' },
      { timecode: 20, title: 'x'.repeat(100) },
    ]);
  });

  it('finds none in one timecode, none, or no description', () => {
    expect(parseDescriptionChapters('00:00 Only one\nand text')).toEqual([]);
    expect(parseDescriptionChapters('no chapters')).toEqual([]);
    expect(parseDescriptionChapters(null)).toEqual([]);
    // A timecode must be followed by whitespace.
    expect(parseDescriptionChapters('00:00\n01:00')).toEqual([]);
  });
});

describe('sameChapters', () => {
  it('compares timecodes and titles in order', () => {
    expect(sameChapters([{ timecode: 1, title: 'a' }], [{ timecode: 1, title: 'a' }])).toBe(true);
    expect(sameChapters([{ timecode: 1, title: 'a' }], [{ timecode: 1, title: 'b' }])).toBe(false);
    expect(sameChapters([], [{ timecode: 1, title: 'a' }])).toBe(false);
  });
});
