import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaProbeError, MediaRejection } from '../../../server/core/media/media-probe.js';
import { FfprobeMediaProbe } from '../../../server/transcoding/ffmpeg/ffprobe-media-probe.js';
import {
  generateAudioWithCover,
  generateClip,
  generateImage,
  truncateCopy,
  type ClipOptions,
} from '../../fixtures/media.js';

describe('FfprobeMediaProbe (real ffprobe and ffmpeg)', () => {
  const probe = new FfprobeMediaProbe();
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
    ['a JPEG', 'still.jpg', 'mjpeg'],
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
});
