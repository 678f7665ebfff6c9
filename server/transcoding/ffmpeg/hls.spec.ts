import { describe, expect, it } from 'vitest';
import { buildMasterPlaylist, measureBandwidth, parseByteRangeSegments, parseMasterPlaylist } from './hls.js';

const VARIANT = `#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-PLAYLIST-TYPE:VOD
#EXT-X-MAP:URI="v-360-fragmented.mp4",BYTERANGE="1373@0"
#EXTINF:4.000000,
#EXT-X-BYTERANGE:200000@1373
v-360-fragmented.mp4
#EXTINF:4.000000,
#EXT-X-BYTERANGE:300000
v-360-fragmented.mp4
#EXTINF:0.500000,
#EXT-X-BYTERANGE:60000@501373
v-360-fragmented.mp4
#EXT-X-ENDLIST
`;

describe('buildMasterPlaylist', () => {
  it('lists each variant with its bandwidth, resolution, frame rate and codecs', () => {
    const text = buildMasterPlaylist([
      {
        playlistUri: 'v-720.m3u8',
        bandwidth: 2_900_000.4,
        averageBandwidth: 2_000_000,
        width: 1280,
        height: 720,
        fps: 29.97,
        codecs: 'avc1.64001f,mp4a.40.2',
      },
      { playlistUri: 'v-360.m3u8', bandwidth: 700_000, width: 640, height: 360, fps: 30, codecs: 'avc1.64001e' },
    ]);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=2900000,AVERAGE-BANDWIDTH=2000000,RESOLUTION=1280x720,FRAME-RATE=29.970,' +
          'CODECS="avc1.64001f,mp4a.40.2"',
        'v-720.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=700000,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS="avc1.64001e"',
        'v-360.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('leaves out the picture attributes of an audio-only variant', () => {
    const text = buildMasterPlaylist([
      { playlistUri: 'a.m3u8', bandwidth: 170_000, width: 0, height: 0, fps: 0, codecs: 'mp4a.40.2' },
    ]);
    expect(text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=170000,CODECS="mp4a.40.2"\na.m3u8\n');
  });
});

describe('parseByteRangeSegments', () => {
  it('reads each segment range, continuing from the previous one when the offset is left out', () => {
    expect(parseByteRangeSegments(VARIANT)).toEqual([
      { uri: 'v-360-fragmented.mp4', durationSeconds: 4, offset: 1373, length: 200_000 },
      { uri: 'v-360-fragmented.mp4', durationSeconds: 4, offset: 201_373, length: 300_000 },
      { uri: 'v-360-fragmented.mp4', durationSeconds: 0.5, offset: 501_373, length: 60_000 },
    ]);
  });

  it('accepts CRLF line ends', () => {
    expect(parseByteRangeSegments(VARIANT.replaceAll('\n', '\r\n'))).toHaveLength(3);
  });

  it.each([
    ['a segment without a byte range', '#EXTINF:4,\nfile.mp4\n', /no EXT-X-BYTERANGE/],
    ['a malformed byte range', '#EXTINF:4,\n#EXT-X-BYTERANGE:12x@0\nfile.mp4\n', /invalid/],
    ['an empty byte range', '#EXTINF:4,\n#EXT-X-BYTERANGE:0@0\nfile.mp4\n', /empty/],
  ])('refuses %s', (_, playlist, error) => {
    expect(() => parseByteRangeSegments(playlist)).toThrow(error);
  });
});

describe('measureBandwidth', () => {
  it('takes the peak over full segments and the average over all of them', () => {
    const { peak, average } = measureBandwidth(parseByteRangeSegments(VARIANT));
    // The 0.5 s tail (960 kbit/s) is left out of the peak; the 4 s segment of 300,000 bytes is the peak.
    expect(peak).toBe(600_000);
    expect(average).toBe(Math.round((560_000 * 8) / 8.5));
  });

  it('uses a lone short segment', () => {
    expect(measureBandwidth([{ uri: 'f', durationSeconds: 1, offset: 0, length: 1000 }])).toEqual({
      peak: 8000,
      average: 8000,
    });
  });
});

describe('parseMasterPlaylist', () => {
  it('reads back the attributes buildMasterPlaylist writes, quoted lists included', () => {
    const text = buildMasterPlaylist([
      {
        playlistUri: '240.m3u8',
        bandwidth: 400_000,
        width: 426,
        height: 240,
        fps: 30,
        codecs: 'avc1.64001e,mp4a.40.2',
      },
      { playlistUri: 'audio.m3u8', bandwidth: 130_000, width: 0, height: 0, fps: 0, codecs: 'mp4a.40.2' },
    ]);
    expect(parseMasterPlaylist(text)).toEqual([
      { bandwidth: 400_000, codecs: 'avc1.64001e,mp4a.40.2', width: 426, height: 240, frameRate: '30.000' },
      { bandwidth: 130_000, codecs: 'mp4a.40.2', width: 0, height: 0, frameRate: undefined },
    ]);
  });
});
