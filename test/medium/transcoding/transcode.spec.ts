import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProbedMedia } from '../../../server/core/media/media-probe.js';
import { FfmpegError } from '../../../server/transcoding/ffmpeg/ffmpeg-runner.js';
import { FfprobeMediaProbe, maxPixelsOf } from '../../../server/transcoding/ffmpeg/ffprobe-media-probe.js';
import { planLadder, type Rendition } from '../../../server/transcoding/ffmpeg/ladder.js';
import { planStoryboard } from '../../../server/transcoding/ffmpeg/storyboard.js';
import { extractImage, transcodeToLadder, type TranscodeInput } from '../../../server/transcoding/ffmpeg/transcode.js';
import { describeMedia, generateClip, topLevelBoxes } from '../../fixtures/media.js';
import { mediumConfig } from '../../utils/medium.js';

const SOURCE_SECONDS = 4;
const SEGMENT_SECONDS = 2;

/** Every file below `folder`, relative to it. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** PeerTube's segments-sha256 computed here from the playlist text, without the code under test. */
async function expectedSegmentHashes(playlistPath: string, fragmentedPath: string): Promise<Record<string, string>> {
  const playlist = await readFile(playlistPath, 'utf8');
  const bytes = await readFile(fragmentedPath);
  const hashes: Record<string, string> = {};
  for (const [, length, offset] of playlist.matchAll(/^#EXT-X-BYTERANGE:(\d+)@(\d+)$/gm)) {
    const start = Number(offset);
    const end = start + Number(length) - 1;
    hashes[`${start}-${end}`] = createHash('sha256')
      .update(bytes.subarray(start, end + 1))
      .digest('hex');
  }
  return hashes;
}

describe('transcodeToLadder (real ffmpeg)', () => {
  const config = mediumConfig();
  const probe = new FfprobeMediaProbe(config);
  const maxPixels = maxPixelsOf(config.videos.source_limits);
  let folder: string;
  let source: string;
  let media: ProbedMedia;

  const ladderInput = (
    out: string,
    sourcePath: string,
    sourceMedia: ProbedMedia,
    renditions: Rendition[],
  ): TranscodeInput => ({
    sourcePath,
    maxPixels,
    media: sourceMedia,
    renditions,
    segmentSeconds: SEGMENT_SECONDS,
    outputs: ({ resolution }) => ({
      mp4Path: path.join(out, 'web', `clip-${resolution}.mp4`),
      playlistPath: path.join(out, 'hls', `clip-${resolution}.m3u8`),
      fragmentedPath: path.join(out, 'hls', `clip-${resolution}-fragmented.mp4`),
    }),
    masterPlaylistPath: path.join(out, 'hls', 'master.m3u8'),
    segmentsSha256Path: path.join(out, 'hls', 'segments-sha256.json'),
    timeoutMs: 120_000,
  });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-transcode-'));
    source = await generateClip({ path: path.join(folder, 'source.mp4'), seconds: SOURCE_SECONDS });
    media = await probe.probe(source);
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('encodes a 360p + 240p ladder of faststart MP4s and single-file HLS variants in one run', async () => {
    const out = path.join(folder, 'ladder');
    const renditions = planLadder(media, { resolutions: [360, 240], maxFps: 60 });
    const progress: number[] = [];
    const result = await transcodeToLadder({
      ...ladderInput(out, source, media, renditions),
      onProgress: (percent) => progress.push(percent),
    });

    expect(result.renditions.map(({ rendition }) => [rendition.width, rendition.height])).toEqual([
      [640, 360],
      [426, 240],
    ]);
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(await filesIn(out)).toEqual([
      'hls/clip-240-fragmented.mp4',
      'hls/clip-240.m3u8',
      'hls/clip-360-fragmented.mp4',
      'hls/clip-360.m3u8',
      'hls/master.m3u8',
      'hls/segments-sha256.json',
      'web/clip-240.mp4',
      'web/clip-360.mp4',
    ]);

    for (const output of result.renditions) {
      const { width, height } = output.rendition;
      for (const file of [output.mp4Path, output.fragmentedPath]) {
        const described = await describeMedia(file);
        expect(Math.abs(described.durationSeconds - SOURCE_SECONDS), file).toBeLessThanOrEqual(0.5);
        expect(described.streams.map(({ codec_type, codec_name }) => [codec_type, codec_name])).toEqual([
          ['video', 'h264'],
          ['audio', 'aac'],
        ]);
        expect(described.streams[0]).toMatchObject({ width, height, r_frame_rate: '30/1' });
      }
      const boxes = await topLevelBoxes(output.mp4Path);
      expect(boxes.indexOf('moov'), boxes.join(' ')).toBeLessThan(boxes.indexOf('mdat'));
      expect(output.mp4Size).toBe((await stat(output.mp4Path)).size);
      expect(output.fragmentedSize).toBe((await stat(output.fragmentedPath)).size);
      expect(output.codecs).toMatch(/^avc1\.64[0-9a-f]{4},mp4a\.40\.2$/);

      const playlist = await readFile(output.playlistPath, 'utf8');
      const fragmentedName = path.basename(output.fragmentedPath);
      expect(playlist).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
      expect(playlist).toContain(`#EXT-X-MAP:URI="${fragmentedName}",BYTERANGE=`);
      // A keyframe at every segment boundary: segments last exactly SEGMENT_SECONDS.
      expect(playlist.match(/^#EXTINF:[\d.]+/gm)).toEqual(['#EXTINF:2.000000', '#EXTINF:2.000000']);
      expect(playlist.match(/^#EXT-X-BYTERANGE:\d+@\d+$/gm)).toHaveLength(2);
    }

    const master = await readFile(result.masterPlaylistPath, 'utf8');
    expect(master.startsWith('#EXTM3U\n')).toBe(true);
    for (const output of result.renditions) {
      const { width, height } = output.rendition;
      expect(master).toContain(
        `RESOLUTION=${width}x${height},FRAME-RATE=30.000,CODECS="${output.codecs}"\n${path.basename(output.playlistPath)}\n`,
      );
      expect(master).toContain(`BANDWIDTH=${output.bandwidth},`);
    }

    const hashes = JSON.parse(await readFile(result.segmentsSha256Path, 'utf8')) as unknown;
    const expected = Object.fromEntries(
      await Promise.all(
        result.renditions.map(
          async ({ playlistPath, fragmentedPath }) =>
            [path.basename(fragmentedPath), await expectedSegmentHashes(playlistPath, fragmentedPath)] as const,
        ),
      ),
    );
    expect(Object.values(expected).every((ranges) => Object.keys(ranges).length === 2)).toBe(true);
    expect(hashes).toEqual(expected);
  });

  it('encodes an audio-only source into an AAC MP4 and an audio-only HLS variant', async () => {
    const out = path.join(folder, 'audio');
    const audioPath = await generateClip({ path: path.join(folder, 'audio.m4a'), seconds: 3, video: false });
    const audioMedia = await probe.probe(audioPath);
    const renditions = planLadder(audioMedia, { resolutions: [360, 240], maxFps: 60 });
    const result = await transcodeToLadder(ladderInput(out, audioPath, audioMedia, renditions));

    const [output] = result.renditions;
    expect(output.codecs).toBe('mp4a.40.2');
    const described = await describeMedia(output.mp4Path);
    expect(described.streams.map(({ codec_name }) => codec_name)).toEqual(['aac']);
    expect(Math.abs(described.durationSeconds - 3)).toBeLessThanOrEqual(0.5);
    const master = await readFile(result.masterPlaylistPath, 'utf8');
    expect(master).toMatch(/#EXT-X-STREAM-INF:BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,CODECS="mp4a.40.2"\nclip-0.m3u8\n/);
  });

  it('writes the storyboard sheet in the same run: one sprite per second, tiled in one row', async () => {
    const out = path.join(folder, 'storyboard');
    const renditions = planLadder(media, { resolutions: [240], maxFps: 60 });
    const plan = planStoryboard(media.video!, media.durationSeconds)!;
    const sheet = path.join(out, 'storyboards', 'clip-storyboard.jpg');
    const result = await transcodeToLadder({
      ...ladderInput(out, source, media, renditions),
      storyboard: { plan, path: sheet },
    });

    expect(result.storyboard).toEqual({ plan, path: sheet });
    expect(plan).toMatchObject({ columns: SOURCE_SECONDS, rows: 1, spriteDuration: 1 });
    const { streams } = await describeMedia(sheet);
    expect(streams).toMatchObject([
      { codec_name: 'mjpeg', width: plan.columns * plan.spriteWidth, height: plan.rows * plan.spriteHeight },
    ]);
    // An audio-only ladder gets none, whatever was asked.
    const audioPath = await generateClip({ path: path.join(folder, 'audio-sb.m4a'), seconds: 3, video: false });
    const audioMedia = await probe.probe(audioPath);
    const audioOut = path.join(folder, 'storyboard-audio');
    const audio = await transcodeToLadder({
      ...ladderInput(audioOut, audioPath, audioMedia, planLadder(audioMedia, { resolutions: [240], maxFps: 60 })),
      storyboard: { plan, path: path.join(audioOut, 'storyboards', 'none.jpg') },
    });
    expect(audio.storyboard).toBeNull();
    expect(await filesIn(audioOut)).not.toContain('storyboards/none.jpg');
  });

  it('leaves no file under a final name, and no staging folder, when the run fails', async () => {
    const out = path.join(folder, 'failed');
    const renditions = planLadder(media, { resolutions: [360, 240], maxFps: 60 });
    const error = await transcodeToLadder({ ...ladderInput(out, source, media, renditions), timeoutMs: 100 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FfmpegError);
    expect(error).toMatchObject({ timedOut: true });
    expect(await filesIn(out)).toEqual([]);
    expect(await readdir(path.join(out, 'hls'))).toEqual([]);
  });

  it('stops when its signal aborts', async () => {
    const out = path.join(folder, 'aborted');
    const renditions = planLadder(media, { resolutions: [360], maxFps: 60 });
    const controller = new AbortController();
    const reason = new Error('video deleted');
    setTimeout(() => controller.abort(reason), 50);
    await expect(
      transcodeToLadder({ ...ladderInput(out, source, media, renditions), signal: controller.signal }),
    ).rejects.toBe(reason);
    expect(await filesIn(out)).toEqual([]);
  });

  it('extracts a thumbnail and a preview of the requested sizes', async () => {
    const thumbnail = path.join(folder, 'images', 'thumbnail.jpg');
    const preview = path.join(folder, 'images', 'preview.jpg');
    await extractImage(source, thumbnail, {
      sourceKind: 'media',
      maxPixels,
      atSeconds: 2,
      width: 280,
      height: 157,
      timeoutMs: 30_000,
    });
    await extractImage(source, preview, {
      sourceKind: 'media',
      maxPixels,
      atSeconds: 2,
      width: 850,
      height: 480,
      timeoutMs: 30_000,
    });
    expect((await describeMedia(thumbnail)).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 280, height: 157 });
    expect((await describeMedia(preview)).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 850, height: 480 });
    expect(await filesIn(path.join(folder, 'images'))).toEqual(['preview.jpg', 'thumbnail.jpg']);
  });

  it('fails, writing nothing, for an image past the end of the video', async () => {
    const late = path.join(folder, 'late', 'thumbnail.jpg');
    await expect(
      extractImage(source, late, {
        sourceKind: 'media',
        maxPixels,
        atSeconds: 60,
        width: 280,
        height: 157,
        timeoutMs: 30_000,
      }),
    ).rejects.toThrow(/no frame at 60 s/);
    expect(await readdir(path.dirname(late))).toEqual([]);
  });
});
