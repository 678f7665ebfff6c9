import { describe, expect, it } from 'vitest';
import { hlsCodecsOf } from './hls-codecs.js';

// ffprobe -show_data hex dumps, as ffprobe prints them for a libx264 High 2.1 stream and AAC-LC.
const AVC_HIGH_21 =
  '\n00000000: 0164 0015 ffe1 001a 6764 0015 acd9 41b1  .d......gd....A.\n' +
  '00000010: fe4f 0110 0000 0300 1000 0003 03c0 f162  .O.............b\n';
const AAC_LC = '\n00000000: 1190 56e5 00                             ....V..\n';
// HE-AAC v2 signalled explicitly: object type 29 (parametric stereo).
const AAC_PS = '\n00000000: e980 0000                                ....\n';

describe('hlsCodecsOf', () => {
  it('reads avc1 profile, constraints and level from the avcC record, and the AAC object type', () => {
    const streams = [
      { index: 0, codec_type: 'video', codec_name: 'h264', extradata: AVC_HIGH_21 },
      { index: 1, codec_type: 'audio', codec_name: 'aac', extradata: AAC_LC },
    ];
    expect(hlsCodecsOf(streams)).toBe('avc1.640015,mp4a.40.2');
  });

  it('reads object types above 30 through the escape value', () => {
    // 11111 000001 ...: 31 escapes to 32 + 1 = 33.
    const escaped = '\n00000000: f820                                     . \n';
    expect(hlsCodecsOf([{ index: 0, codec_type: 'audio', codec_name: 'aac', extradata: escaped }])).toBe('mp4a.40.33');
    expect(hlsCodecsOf([{ index: 0, codec_type: 'audio', codec_name: 'aac', extradata: AAC_PS }])).toBe('mp4a.40.29');
  });

  it('ignores streams that are neither audio nor video', () => {
    const streams = [
      { index: 0, codec_type: 'data', codec_name: 'bin_data' },
      { index: 1, codec_type: 'audio', codec_name: 'aac', extradata: AAC_LC },
    ];
    expect(hlsCodecsOf(streams)).toBe('mp4a.40.2');
  });

  it('refuses codecs it has no string for, and streams without configuration', () => {
    expect(() => hlsCodecsOf([{ index: 0, codec_type: 'video', codec_name: 'vp9', extradata: AAC_LC }])).toThrow(/vp9/);
    expect(() => hlsCodecsOf([{ index: 0, codec_type: 'video', codec_name: 'h264' }])).toThrow(/avcC/);
  });
});
