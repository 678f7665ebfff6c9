import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SegmentValidator } from './segment-validator.js';

const segment = new TextEncoder().encode('a fragmented MP4 segment');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const table = { 'abc-360-fragmented.mp4': { '100-123': sha256(segment) } };
// fetch() reads data: URLs, in Node as in browsers.
const tableUrl = `data:application/json,${encodeURIComponent(JSON.stringify(table))}`;
const segmentUrl = 'https://video.example/static/streaming-playlists/hls/abc/abc-360-fragmented.mp4';

describe('SegmentValidator', () => {
  const validator = new SegmentValidator(tableUrl);

  it('accepts a segment whose SHA-256 is the one listed for its file and byte range', async () => {
    expect(await validator.isValid(segmentUrl, { start: 100, end: 123 }, segment.slice().buffer)).toBe(true);
  });

  it('refuses altered bytes, another byte range, another file and a segment without a range', async () => {
    const altered = segment.slice();
    altered[0] ^= 1;
    expect(await validator.isValid(segmentUrl, { start: 100, end: 123 }, altered.buffer)).toBe(false);
    expect(await validator.isValid(segmentUrl, { start: 124, end: 147 }, segment.slice().buffer)).toBe(false);
    expect(
      await validator.isValid(
        segmentUrl.replace('abc-360', 'abc-720'),
        { start: 100, end: 123 },
        segment.slice().buffer,
      ),
    ).toBe(false);
    expect(await validator.isValid(segmentUrl, undefined, segment.slice().buffer)).toBe(false);
  });

  it('refuses everything when the hashes cannot be fetched, and fetches them again next time', async () => {
    const broken = new SegmentValidator('data:application/json,{not json');
    expect(await broken.isValid(segmentUrl, { start: 100, end: 123 }, segment.slice().buffer).catch(() => false)).toBe(
      false,
    );
  });
});
