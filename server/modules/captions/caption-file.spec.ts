import { describe, expect, it } from 'vitest';
import { CaptionFileError, parseCaptionFile } from './caption-file.js';

const limits = { maxBytes: 10_000, maxCues: 3 };
const parse = (text: string) => parseCaptionFile(Buffer.from(text, 'utf8'), limits);
const refusal = (text: string) => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(CaptionFileError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseCaptionFile', () => {
  it('keeps a valid WebVTT file as sent, with notes, styles, identifiers and cue settings', () => {
    const vtt = [
      'WEBVTT - a title',
      'Kind: captions',
      '',
      'NOTE written by hand',
      '',
      'STYLE',
      '::cue { color: yellow }',
      '',
      'intro',
      '00:01.000 --> 00:02.500 align:start',
      'Hello <b>world</b>',
      '',
      '01:00:00.000 --> 01:00:01.000',
      'Later',
      '',
    ].join('\r\n');
    expect(parse(vtt)).toEqual({ format: 'vtt', vtt, cues: 2 });
  });

  it('converts SRT to WebVTT (commas, short milliseconds, counters, font tags, CRLF)', () => {
    const srt =
      '1\r\n00:00:01,5 --> 00:00:02,500\r\n<font color="red">Hello</font>\r\nworld\r\n\r\n2\r\n00:01:00,000 --> 100:00:00.000\r\nBye\r\n';
    expect(parse(srt)).toEqual({
      format: 'srt',
      vtt: 'WEBVTT\n\n00:00:01.005 --> 00:00:02.500\nHello\nworld\n\n00:01:00.000 --> 100:00:00.000\nBye\n',
      cues: 2,
    });
  });

  it('drops a byte order mark', () => {
    expect(parse('\uFEFFWEBVTT\n\n00:00.000 --> 00:01.000\nx\n').cues).toBe(1);
  });

  it.each([
    ['no signature and no SRT timing', 'hello\nworld\n', /neither WebVTT .* nor SRT \(line 1/],
    ['a signature glued to text', 'WEBVTTX\n\n00:00.000 --> 00:01.000\nx\n', /^line 1: WEBVTT must be followed/],
    ['a timing without milliseconds', 'WEBVTT\n\n00:00 --> 00:01.000\nx\n', /^line 3: invalid cue timing/],
    ['minutes past 59', 'WEBVTT\n\n00:61:00.000 --> 01:00:00.000\nx\n', /^line 3: invalid cue timing/],
    [
      'a cue ending before it starts',
      'WEBVTT\n\n00:02.000 --> 00:01.000\nx\n',
      /^line 3: the cue ends before it starts/,
    ],
    ['a timing with a bad arrow', 'WEBVTT\n\n00:00.000 -> 00:01.000\nx\n', /^line 3: invalid cue timing/],
    ['an identifier with no timing', 'WEBVTT\n\nintro\nhello\n', /^line 4: a cue needs a timing line/],
    [
      'two cues with no blank line',
      'WEBVTT\n\n00:00.000 --> 00:01.000\nx\n00:01.000 --> 00:02.000\n',
      /^line 5: '-->' in the text/,
    ],
    ['no cue at all', 'WEBVTT\n\nNOTE nothing\n', /no cue/],
    ['too many cues', `WEBVTT\n\n${'00:00.000 --> 00:01.000\nx\n\n'.repeat(4)}`, /more than 3 cues/],
    [
      'a bad second SRT cue',
      '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03 --> 00:00:04,000\nno\n',
      /^line 6: invalid cue timing/,
    ],
    [
      'a header line with an arrow',
      'WEBVTT\n00:00.000 --> 00:01.000\nx\n',
      /^line 2: a blank line must follow the header/,
    ],
  ])('refuses %s', (_, text, reason) => {
    expect(refusal(text)).toMatch(reason);
  });

  it('refuses a file too large, before reading it', () => {
    expect(() => parseCaptionFile(Buffer.alloc(10_001, 'a'), limits)).toThrow(/larger than 10000 bytes/);
  });

  it('refuses what is not UTF-8, and NUL characters', () => {
    expect(() => parseCaptionFile(Buffer.from([0x57, 0xff, 0xfe]), limits)).toThrow(/not UTF-8/);
    expect(refusal('WEBVTT\n\n00:00.000 --> 00:01.000\nx\0\n')).toMatch(/NUL/);
  });
});
