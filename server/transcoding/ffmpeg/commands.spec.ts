import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_DEMUXERS,
  buildCodecConfigProbeCommand,
  buildDecodeCheckCommand,
  buildHeaderProbeCommand,
  buildLadderCommand,
  buildProbeCommand,
  buildTailPacketCountCommand,
  buildPictureResizeCommand,
  buildThumbnailCommand,
  type LadderCommandInput,
  type SourceKind,
} from './commands.js';
import type { Rendition } from './ladder.js';

const r720: Rendition = {
  resolution: 720,
  width: 1280,
  height: 720,
  fps: 60,
  videoBitrate: 2_700_000,
  audioBitrate: 128_000,
};
const r360: Rendition = {
  resolution: 360,
  width: 640,
  height: 360,
  fps: 30,
  videoBitrate: 500_000,
  audioBitrate: 96_000,
};
const audioOnly: Rendition = { resolution: 0, width: 0, height: 0, fps: 0, videoBitrate: 0, audioBitrate: 160_000 };

function ladder(overrides: Partial<LadderCommandInput> = {}): string[] {
  return buildLadderCommand({
    sourcePath: '/data/sources/in.mov',
    maxPixels: 4096 * 4096,
    renditions: [r720, r360],
    hasAudio: true,
    segmentSeconds: 4,
    outputs: ({ resolution }) => ({
      mp4Path: `/data/web/v-${resolution}.mp4`,
      playlistPath: `/data/hls/v-${resolution}.m3u8`,
      fragmentedPath: `/data/hls/v-${resolution}-fragmented.mp4`,
    }),
    ...overrides,
  });
}

/** The value following `flag`, as ffmpeg reads it. */
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
/** The tee slaves, unescaped once as the tee muxer does before reading each slave's options. */
const teeSlaves = (args: string[]) =>
  valueOf(args, 'tee')
    .split(/(?<!\\)\|/)
    .map((slave) => slave.replace(/\\(.)/g, '$1'));

describe('buildLadderCommand', () => {
  it('opens the one input through the file protocol only', () => {
    const args = ladder();
    expect(args.filter((arg) => arg === '-i')).toHaveLength(1);
    expect(args.slice(args.indexOf('-i') - 6, args.indexOf('-i') + 2)).toEqual([
      '-protocol_whitelist',
      'file',
      '-format_whitelist',
      ACCEPTED_DEMUXERS.media.join(','),
      '-max_pixels',
      String(4096 * 4096),
      '-i',
      'file:/data/sources/in.mov',
    ]);
  });

  it('decodes once and splits the picture into one scaled branch per rendition', () => {
    const graph = valueOf(ladder(), '-filter_complex').split(';');
    expect(graph[0]).toBe('[0:V:0]split=2[s0][s1]');
    expect(graph[1]).toBe('[s0]fps=60,scale=w=1280:h=720,setsar=1,format=yuv420p[v0]');
    expect(graph[2]).toBe('[s1]fps=30,scale=w=640:h=360,setsar=1,format=yuv420p[v1]');
    expect(graph[3]).toMatch(/^\[0:a:0\]aformat=.*,asplit=2\[a0\]\[a1\]$/);
  });

  it('puts a keyframe at every segment boundary and caps each rendition bitrate', () => {
    const args = ladder();
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-sc_threshold')).toBe('0');
    expect([valueOf(args, '-g:v:0'), valueOf(args, '-keyint_min:v:0')]).toEqual(['240', '240']);
    expect([valueOf(args, '-g:v:1'), valueOf(args, '-keyint_min:v:1')]).toEqual(['120', '120']);
    expect([valueOf(args, '-maxrate:v:1'), valueOf(args, '-bufsize:v:1')]).toEqual(['500000', '1000000']);
    expect([valueOf(args, '-b:a:0'), valueOf(args, '-b:a:1')]).toEqual(['128000', '96000']);
    expect(valueOf(ladder({ preset: 'medium' }), '-preset')).toBe('medium');
  });

  it('writes each encode through the tee muxer as a faststart MP4 and a single-file fMP4 HLS variant', () => {
    const args = ladder();
    expect(args.slice(-3, -1)).toEqual(['-f', 'tee']);
    expect(teeSlaves(args)).toEqual([
      '[select=v\\:0,a\\:0:onfail=abort:f=mp4:movflags=+faststart]/data/web/v-720.mp4',
      '[select=v\\:0,a\\:0:onfail=abort:f=hls:hls_time=4:hls_playlist_type=vod:hls_segment_type=fmp4:' +
        'hls_flags=single_file:hls_segment_filename=/data/hls/v-720-fragmented.mp4]/data/hls/v-720.m3u8',
      '[select=v\\:1,a\\:1:onfail=abort:f=mp4:movflags=+faststart]/data/web/v-360.mp4',
      '[select=v\\:1,a\\:1:onfail=abort:f=hls:hls_time=4:hls_playlist_type=vod:hls_segment_type=fmp4:' +
        'hls_flags=single_file:hls_segment_filename=/data/hls/v-360-fragmented.mp4]/data/hls/v-360.m3u8',
    ]);
    expect(args).toEqual(expect.arrayContaining(['-map_metadata', '-1', '-progress', 'pipe:1', '-nostats']));
    expect(valueOf(args, '-flags')).toBe('+global_header');
  });

  it('escapes paths for both levels of tee parsing', () => {
    const args = ladder({
      renditions: [r360],
      outputs: () => ({
        mp4Path: "/d/a b|c'd.mp4",
        playlistPath: '/d/x:y]/v.m3u8',
        fragmentedPath: '/d/x:y]/v.mp4',
      }),
    });
    expect(valueOf(args, 'tee')).toContain("]/d/a\\ b\\|c\\'d.mp4|");
    // Option values: `\:` and `\]` for the option parser, each backslash doubled for the slave splitter.
    expect(valueOf(args, 'tee')).toContain('hls_segment_filename=/d/x\\\\:y\\\\]/v.mp4]/d/x:y]/v.m3u8');
  });

  it('maps no audio for a silent source', () => {
    const args = ladder({ hasAudio: false });
    expect(valueOf(args, '-filter_complex')).not.toContain('[0:a:0]');
    expect(args).not.toContain('-c:a');
    expect(teeSlaves(args)[0]).toMatch(/^\[select=v\\:0:/);
  });

  it('encodes an audio-only source once, with no video options', () => {
    const args = ladder({ renditions: [audioOnly] });
    expect(valueOf(args, '-filter_complex')).toMatch(/^\[0:a:0\]aformat=[^;]*,asplit=1\[a0\]$/);
    expect(args).not.toContain('-c:v');
    expect(valueOf(args, '-b:a:0')).toBe('160000');
    expect(teeSlaves(args).every((slave) => slave.startsWith('[select=a\\:0:'))).toBe(true);
  });

  it('refuses an audio-only rendition mixed with video ones, or without audio', () => {
    expect(() => ladder({ renditions: [r360, audioOnly] })).toThrow(/audio-only/);
    expect(() => ladder({ renditions: [audioOnly], hasAudio: false })).toThrow(/audio-only/);
    expect(() => ladder({ renditions: [] })).toThrow(/at least one/);
  });
});

describe('buildThumbnailCommand', () => {
  it('seeks on the input and writes one cropped JPEG under the exact name', () => {
    const args = buildThumbnailCommand({
      sourcePath: '/data/in.mp4',
      sourceKind: 'media',
      maxPixels: 100,
      outputPath: '/data/thumbs/%d.jpg',
      atSeconds: 5,
      width: 280,
      height: 157,
    });
    expect(args.indexOf('-ss')).toBeLessThan(args.indexOf('-i'));
    expect(valueOf(args, '-ss')).toBe('5');
    expect(valueOf(args, '-protocol_whitelist')).toBe('file');
    expect(valueOf(args, '-frames:v')).toBe('1');
    expect(valueOf(args, '-vf')).toBe(
      'scale=w=280:h=157:force_original_aspect_ratio=increase,crop=w=280:h=157:exact=1',
    );
    expect(valueOf(args, '-c:v')).toBe('mjpeg');
    expect(args.slice(-3)).toEqual(['-update', '1', '/data/thumbs/%d.jpg']);
  });

  it('refuses a negative time', () => {
    expect(() =>
      buildThumbnailCommand({
        sourcePath: '/a',
        sourceKind: 'picture',
        maxPixels: 100,
        outputPath: '/b.jpg',
        atSeconds: -1,
        width: 1,
        height: 1,
      }),
    ).toThrow(RangeError);
  });
});

describe('buildPictureResizeCommand', () => {
  const input = {
    sourcePath: '/data/avatar',
    maxPixels: 100,
    outputPath: '/data/out/a.png',
    width: 1920,
    height: 317,
  };

  it('opens the upload as a picture only, covers and crops to the exact size, one frame', () => {
    const args = buildPictureResizeCommand({ ...input, format: 'png' });
    expect(valueOf(args, '-format_whitelist')).toBe('png_pipe,jpeg_pipe,webp_pipe');
    expect(valueOf(args, '-protocol_whitelist')).toBe('file');
    expect(valueOf(args, '-max_pixels')).toBe('100');
    expect(valueOf(args, '-i')).toBe('file:/data/avatar');
    expect(valueOf(args, '-frames:v')).toBe('1');
    expect(valueOf(args, '-vf')).toBe(
      'scale=w=1920:h=317:force_original_aspect_ratio=increase,crop=w=1920:h=317:exact=1',
    );
    expect(args.slice(-3)).toEqual(['-update', '1', '/data/out/a.png']);
  });

  it.each([
    ['png', 'png'],
    ['jpeg', 'mjpeg'],
    ['webp', 'libwebp'],
  ] as const)('writes %s with %s', (format, encoder) => {
    expect(valueOf(buildPictureResizeCommand({ ...input, format }), '-c:v')).toBe(encoder);
  });

  it('refuses an empty size', () => {
    expect(() => buildPictureResizeCommand({ ...input, width: 0, format: 'png' })).toThrow(RangeError);
  });
});

describe('probe commands', () => {
  it('decodes the first and the last second, stopping at the first error', () => {
    const args = buildDecodeCheckCommand({ path: '/data/in.mp4', kind: 'media', maxPixels: 100 });
    expect(args).toContain('-xerror');
    expect(args.filter((arg) => arg === '-protocol_whitelist')).toHaveLength(2);
    expect(args.slice(args.indexOf('-t'), args.indexOf('-t') + 2)).toEqual(['-t', '1']);
    expect(args.slice(args.indexOf('-sseof'), args.indexOf('-sseof') + 2)).toEqual(['-sseof', '-1']);
    expect(args.slice(-3)).toEqual(['-f', 'null', '-']);
  });

  it('whitelists the file protocol for ffprobe', () => {
    const probe = buildProbeCommand({ path: 'rel/in.mp4', kind: 'media', maxPixels: 100 });
    for (const args of [
      probe,
      buildHeaderProbeCommand('rel/in.mp4', 'media'),
      buildCodecConfigProbeCommand('/in.mp4'),
    ]) {
      expect(valueOf(args, '-protocol_whitelist')).toBe('file');
      expect(args.at(-1)).toMatch(/^file:\//);
    }
  });
});

describe('input whitelists', () => {
  const thumbnail = (sourceKind: SourceKind) =>
    buildThumbnailCommand({
      ...{ sourcePath: '/in', sourceKind, maxPixels: 100 },
      ...{ outputPath: '/out.jpg', atSeconds: 1, width: 2, height: 2 },
    });
  /** Every command that opens an upload, with the kind of file it opens. */
  const commands: [string, string[], SourceKind][] = [
    ['ladder', ladder(), 'media'],
    ['thumbnail from a video', thumbnail('media'), 'media'],
    ['thumbnail from a picture', thumbnail('picture'), 'picture'],
    ['decode check', buildDecodeCheckCommand({ path: '/in', kind: 'media', maxPixels: 100 }), 'media'],
    ['media probe', buildProbeCommand({ path: '/in', kind: 'media', maxPixels: 100 }), 'media'],
    ['picture probe', buildProbeCommand({ path: '/in', kind: 'picture', maxPixels: 100 }), 'picture'],
    ['media header probe', buildHeaderProbeCommand('/in', 'media'), 'media'],
    ['picture header probe', buildHeaderProbeCommand('/in', 'picture'), 'picture'],
    ['tail packet count', buildTailPacketCountCommand('/in', 3), 'media'],
    ['codec configuration probe', buildCodecConfigProbeCommand('/in'), 'media'],
  ];
  /** The options in force for each input: ffmpeg's `-i X`, or ffprobe's last argument. */
  const inputOptions = (args: string[]): string[][] => {
    const inputs = args.flatMap((arg, index) => (arg === '-i' ? [index] : []));
    if (inputs.length === 0) return [args.slice(0, -1)];
    return inputs.map((at, n) => args.slice(n === 0 ? 0 : inputs[n - 1] + 1, at));
  };

  it.each(commands)(
    'audit #9: the %s opens each input with the file protocol and the accepted demuxers only',
    (_, args, kind) => {
      for (const options of inputOptions(args)) {
        expect(valueOf(options, '-protocol_whitelist')).toBe('file');
        const demuxers = valueOf(options, '-format_whitelist').split(',');
        expect(demuxers).toEqual(ACCEPTED_DEMUXERS[kind]);
        // Demuxers that open the files a playlist names, or read a name as a pattern of files.
        for (const opener of ['hls', 'applehttp', 'concat', 'dash', 'imf', 'sdp', 'image2', 'webm_dash_manifest'])
          expect(demuxers).not.toContain(opener);
      }
    },
  );
});

describe('decoder limits', () => {
  it('audit #5: bounds the picture every decoder of an upload may allocate', () => {
    const commands = [
      ladder({ maxPixels: 1234 }),
      buildThumbnailCommand({
        ...{ sourcePath: '/in', sourceKind: 'media', maxPixels: 1234 },
        ...{ outputPath: '/out.jpg', atSeconds: 1, width: 2, height: 2 },
      }),
      buildDecodeCheckCommand({ path: '/in', kind: 'media', maxPixels: 1234 }),
      buildProbeCommand({ path: '/in', kind: 'media', maxPixels: 1234 }),
    ];
    for (const args of commands) {
      const inputs = args.filter((arg) => arg === '-i').length || 1;
      expect(args.filter((arg) => arg === '-max_pixels')).toHaveLength(inputs);
      expect(valueOf(args, '-max_pixels')).toBe('1234');
    }
  });

  it('audit #5: reads only the headers, decoding nothing, for the first look at an upload', () => {
    expect(buildHeaderProbeCommand('/in', 'media')).toContain('-nofind_stream_info');
  });
});

describe('buildLadderCommand with a storyboard', () => {
  const plan = { spriteWidth: 192, spriteHeight: 108, spriteDuration: 1, columns: 10, rows: 1 };
  const storyboard = { plan, path: '/data/sb/v-storyboard.jpg' };

  it('feeds the storyboard from the same decoded frames, as a second output after the tee', () => {
    const args = ladder({ storyboard });
    const graph = valueOf(args, '-filter_complex').split(';');
    expect(graph[0]).toBe('[0:V:0]split=3[s0][s1][sb]');
    expect(graph).toContain('[sb]fps=1/1,scale=w=192:h=108,setsar=1,tile=layout=10x1[storyboard]');
    const after = args.slice(args.indexOf('tee') + 2);
    expect(after.slice(0, 4)).toEqual(['-map', '[storyboard]', '-frames:v', '1']);
    expect(after.at(-1)).toBe('/data/sb/v-storyboard.jpg');
    // Still one input.
    expect(args.filter((arg) => arg === '-i')).toHaveLength(1);
  });

  it('makes none for an audio-only ladder', () => {
    const args = ladder({ renditions: [audioOnly], storyboard });
    expect(args.join(' ')).not.toContain('storyboard');
    expect(args.at(-2)).toBe('tee');
  });
});
