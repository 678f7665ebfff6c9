import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaProbeError, MediaRejection } from '../../../server/core/media/media-probe.js';
import { buildProbeCommand } from '../../../server/transcoding/ffmpeg/commands.js';
import { runFfprobe } from '../../../server/transcoding/ffmpeg/ffmpeg-runner.js';
import { FfprobeMediaProbe, type SourceLimits } from '../../../server/transcoding/ffmpeg/ffprobe-media-probe.js';
import {
  generateAudioWithCover,
  generateClip,
  generateImage,
  truncateCopy,
  type ClipOptions,
} from '../../fixtures/media.js';
import { mediumConfig } from '../../utils/medium.js';

const run = promisify(execFile);

/** A probe with other limits than the defaults. */
function probeWith(limits: Partial<SourceLimits>, concurrency?: number): FfprobeMediaProbe {
  const config = mediumConfig();
  return new FfprobeMediaProbe({
    ...config,
    videos: {
      ...config.videos,
      source_limits: { ...config.videos.source_limits, ...limits },
      probe_concurrency: concurrency ?? config.videos.probe_concurrency,
    },
  });
}

/** An ID3v2 tag (empty), as MP3 files start, then `text`: ffmpeg's probing skips the tag. */
const id3Prefixed = (text: string) =>
  Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]), Buffer.from(text)]);

describe('FfprobeMediaProbe (real ffprobe and ffmpeg)', () => {
  const probe = new FfprobeMediaProbe(mediumConfig());
  let folder: string;
  const file = (name: string) => path.join(folder, name);
  const clip = (name: string, options: Omit<ClipOptions, 'path'> = { seconds: 4 }) =>
    generateClip({ path: file(name), ...options });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-probe-'));
    await Promise.all([
      clip('clip.mp4'),
      // Its index (moov) comes first, so a truncated copy still probes with the full duration.
      clip('long.mp4', { seconds: 10, width: 1280, height: 720 }),
      clip('audio.m4a', { seconds: 3, video: false }),
      clip('silent.webm', { seconds: 2, audio: false, videoCodec: 'libvpx' }),
      clip('phone.mp4', { seconds: 2, rotation: 90 }),
      clip('lossless.mkv', { seconds: 2, audio: false, videoCodec: 'ffv1' }),
      generateAudioWithCover({ path: file('song.mp3'), seconds: 3 }),
      generateImage({ path: file('still.png'), width: 320, height: 240 }),
      generateImage({ path: file('still.jpg'), width: 320, height: 240 }),
      writeFile(file('notes.mp4'), 'These are not the frames you are looking for.\n'),
      writeFile(file('noise.mp4'), randomBytes(200_000)),
      writeFile(file('empty.mp4'), ''),
      writeFile(
        file('list.mp4'),
        `#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\n${file('clip.mp4')}\n#EXT-X-ENDLIST\n`,
      ),
      writeFile(file('concat.mp4'), `ffconcat version 1.0\nfile ${file('clip.mp4')}\n`),
      writeFile(file('manifest.mp4'), '<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011"/>\n'),
    ]);
    await truncateCopy(file('clip.mp4'), file('truncated.mp4'));
    await copyFile(file('still.jpg'), file('still-jpeg'));
    await truncateCopy(file('long.mp4'), file('long-truncated.mp4'));
  });

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('describes a video with sound', async () => {
    const media = await probe.probe(file('clip.mp4'));
    expect(media).toMatchObject({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      sizeBytes: (await stat(file('clip.mp4'))).size,
      video: { codec: 'h264', width: 640, height: 360, fps: 30 },
      audio: { codec: 'aac', sampleRate: 48_000, channels: 1 },
    });
    expect(media.durationSeconds).toBeCloseTo(4, 1);
    expect(media.video?.bitrate).toBeGreaterThan(0);
  });

  it('accepts audio-only files, ignoring cover art', async () => {
    const audio = await probe.probe(file('audio.m4a'));
    expect(audio.video).toBeUndefined();
    expect(audio.audio?.codec).toBe('aac');
    const song = await probe.probe(file('song.mp3'));
    expect(song.video).toBeUndefined();
    expect(song).toMatchObject({ container: 'mp3', audio: { codec: 'mp3', sampleRate: 44_100 } });
  });

  it('accepts silent video', async () => {
    const media = await probe.probe(file('silent.webm'));
    expect(media).toMatchObject({ video: { codec: 'vp8', width: 640, height: 360 }, audio: undefined });
    expect(media.durationSeconds).toBeCloseTo(2, 1);
  });

  it('reports the displayed size of rotated phone video', async () => {
    expect((await probe.probe(file('phone.mp4'))).video).toMatchObject({ width: 360, height: 640 });
  });

  it.each([
    ['text', 'notes.mp4', MediaRejection.NotMedia],
    ['random bytes', 'noise.mp4', MediaRejection.NotMedia],
    ['an empty file', 'empty.mp4', MediaRejection.NotMedia],
    ['a PNG picture', 'still.png', MediaRejection.NotMedia],
    ['a JPEG picture', 'still.jpg', MediaRejection.NotMedia],
    ['an HLS playlist', 'list.mp4', MediaRejection.NotMedia],
    ['an ffconcat playlist', 'concat.mp4', MediaRejection.NotMedia],
    ['a DASH manifest', 'manifest.mp4', MediaRejection.NotMedia],
    ['a truncated MP4', 'truncated.mp4', MediaRejection.Corrupt],
    ['a truncated MP4 whose index survived', 'long-truncated.mp4', MediaRejection.Corrupt],
    ['an FFV1 video', 'lossless.mkv', MediaRejection.UnsupportedCodec],
  ])('rejects %s', async (_, name, rejection) => {
    const error = await probe.probe(file(name)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaProbeError);
    expect(error).toMatchObject({ rejection });
    expect((error as MediaProbeError).detail).not.toContain(folder);
  });

  it('rejects a still picture with the reason', async () => {
    await expect(probe.probe(file('still.png'))).rejects.toMatchObject({
      detail: expect.stringMatching(/still image/),
    });
    await expect(probe.probe(file('lossless.mkv'))).rejects.toMatchObject({ detail: expect.stringMatching(/ffv1/) });
  });

  it('lets a missing file fail as an error, not as a rejection of the upload', async () => {
    const error = await probe.probe(file('missing.mp4')).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(MediaProbeError);
    expect(error).toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['a PNG', 'still.png', 'png'],
    // Uploads are stored without their extension, so the picture is recognised by its content (not by image2).
    ['a JPEG', 'still-jpeg', 'mjpeg'],
  ])('accepts %s as a picture', async (_, name, codec) => {
    expect(await probe.probeImage(file(name))).toEqual({ codec, width: 320, height: 240 });
  });

  it.each([
    ['a video', 'clip.mp4', MediaRejection.NotMedia],
    ['a text file', 'notes.mp4', MediaRejection.NotMedia],
    ['an empty file', 'empty.mp4', MediaRejection.NotMedia],
    ['a playlist', 'list.mp4', MediaRejection.NotMedia],
  ])('refuses %s as a picture', async (_, name, rejection) => {
    await expect(probe.probeImage(file(name))).rejects.toMatchObject({ rejection });
  });

  it('skips the decoding checks when asked, for a file already verified', async () => {
    const media = await probe.probe(file('long-truncated.mp4'), { verifyDecoding: false });
    expect(media.durationSeconds).toBeCloseTo(10, 0);
  });

  describe('audit #9: playlists behind an ID3v2 tag', () => {
    beforeAll(async () => {
      await clip('secret.ts', { seconds: 2, width: 160, height: 120 });
      const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile:${file('secret.ts')}\n#EXT-X-ENDLIST\n`;
      await writeFile(file('id3-playlist.mp3'), id3Prefixed(playlist));
    });

    /** Last read time of the file the playlist names, set far in the past: /tmp updates it on a read (relatime). */
    const secretReadAt = async () => (await stat(file('secret.ts'))).atimeMs;
    beforeEach(async () => {
      await utimes(file('secret.ts'), new Date(0), new Date());
    });

    it('audit #9: the sniff does not see it, so it is ffprobe that must refuse it', async () => {
      expect((await readFile(file('id3-playlist.mp3'))).subarray(0, 3).toString()).toBe('ID3');
      const probing = runFfprobe(buildProbeCommand({ path: file('id3-playlist.mp3'), kind: 'media', maxPixels: 1e7 }), {
        timeoutMs: 30_000,
      });
      await expect(probing).rejects.toThrow(/not on whitelist/);
      expect(await secretReadAt()).toBe(0);
    });

    it('audit #9: an upload made of one is refused without reading the files it names', async () => {
      await expect(probe.probe(file('id3-playlist.mp3'))).rejects.toMatchObject({ rejection: MediaRejection.NotMedia });
      await expect(probe.probeImage(file('id3-playlist.mp3'))).rejects.toMatchObject({
        rejection: MediaRejection.NotMedia,
      });
      expect(await secretReadAt()).toBe(0);
    });
  });

  describe('audit #5: source limits', () => {
    beforeAll(async () => {
      await clip('large.ts', { seconds: 2, width: 1280, height: 720, audio: false });
      // A 320x240 H.264 stream that turns into a 1280x720 one (a new SPS and keyframe), in MPEG-TS, whose headers
      // declare no size: ffprobe sees the first size only.
      const rawStream = async (name: string, size: string) => {
        const source = `testsrc2=size=${size}:rate=30:duration=2`;
        await run('ffmpeg', [
          ...['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-c:v', 'libx264'],
          '-g',
          '15',
          ...['-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'h264', file(name)],
        ]);
        return readFile(file(name));
      };
      await writeFile(
        file('growing.h264'),
        Buffer.concat([await rawStream('a.h264', '320x240'), await rawStream('b.h264', '1280x720')]),
      );
      await run('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-r',
        '30',
        '-i',
        file('growing.h264'),
        '-c',
        'copy',
        file('growing.ts'),
      ]);
    });

    it.each<[string, string, Partial<SourceLimits>, RegExp]>([
      ['too wide', 'clip.mp4', { max_width: 639 }, /640x360, larger than 639x4096/],
      ['too high', 'clip.mp4', { max_height: 359 }, /640x360, larger than 4096x359/],
      ['too high once turned upright', 'phone.mp4', { max_height: 639 }, /360x640/],
      ['too fast', 'clip.mp4', { max_fps: 25 }, /frame rate is 30 per second, more than 25/],
      ['too long', 'long.mp4', { max_duration: 5_000 }, /duration is 10 s, more than 5 s/],
      ['too large with no size in its headers', 'large.ts', { max_width: 640, max_height: 640 }, /larger than 640x640/],
      ['larger past its headers', 'growing.ts', { max_width: 640, max_height: 640 }, /larger than 640x640/],
    ])('audit #5: refuses a source %s', async (_, name, limits, detail) => {
      await expect(probeWith(limits).probe(file(name))).rejects.toMatchObject({
        rejection: MediaRejection.LimitExceeded,
        detail: expect.stringMatching(detail),
      });
    });

    it('audit #5: accepts a source at the limits, measured as it is displayed', async () => {
      const limits = { max_width: 360, max_height: 640, max_fps: 30, max_duration: 4_000 };
      expect((await probeWith(limits).probe(file('phone.mp4'))).video).toMatchObject({ width: 360, height: 640 });
      await expect(probeWith({ max_width: 300, max_height: 300 }).probe(file('song.mp3'))).resolves.toBeDefined();
    });

    it('audit #5: refuses a picture larger than the limits', async () => {
      await expect(probeWith({ max_width: 319 }).probeImage(file('still.png'))).rejects.toMatchObject({
        rejection: MediaRejection.LimitExceeded,
      });
    });

    it('audit #5: runs no more ffprobe and ffmpeg processes at once than probe_concurrency', async () => {
      const limited = probeWith({}, 1);
      let most = 0;
      let sampling = true;
      const sample = async () => {
        while (sampling) {
          const { stdout } = await run('ps', ['-o', 'comm=', '--ppid', String(process.pid)]);
          most = Math.max(most, stdout.split('\n').filter((name) => /^ff(mpeg|probe)$/.test(name.trim())).length);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      const sampler = sample();
      const probes = ['clip.mp4', 'long.mp4', 'audio.m4a', 'silent.webm'].map((name) => limited.probe(file(name)));
      expect(limited.load).toEqual({ running: 1, waiting: 3 });
      await Promise.all(probes);
      sampling = false;
      await sampler;
      expect(most).toBe(1);
      expect(limited.load).toEqual({ running: 0, waiting: 0 });
    });
  });
});
