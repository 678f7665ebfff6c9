import { describe, expect, it } from 'vitest';
import type { ProbedMedia } from '../../core/media/media-probe.js';
import { planLadder } from './ladder.js';

const RESOLUTIONS = [144, 240, 360, 480, 720, 1080];

function media(video?: { width: number; height: number; fps: number }, audio = true): ProbedMedia {
  return {
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSeconds: 10,
    sizeBytes: 1_000_000,
    video: video && { codec: 'h264', ...video },
    audio: audio ? { codec: 'aac', sampleRate: 48_000, channels: 2 } : undefined,
  };
}

describe('planLadder', () => {
  it('keeps the configured resolutions up to the source, largest first, with the aspect ratio', () => {
    const ladder = planLadder(media({ width: 1280, height: 720, fps: 30 }), { resolutions: RESOLUTIONS, maxFps: 60 });
    expect(ladder.map(({ resolution, width, height }) => [resolution, width, height])).toEqual([
      [720, 1280, 720],
      [480, 854, 480],
      [360, 640, 360],
      [240, 426, 240],
      [144, 256, 144],
    ]);
  });

  it('gives every rendition even dimensions', () => {
    const ladder = planLadder(media({ width: 1000, height: 750, fps: 25 }), { resolutions: RESOLUTIONS, maxFps: 60 });
    for (const { width, height } of ladder) expect([width % 2, height % 2]).toEqual([0, 0]);
    expect(ladder[0]).toMatchObject({ resolution: 720, width: 960, height: 720 });
  });

  it('names portrait renditions by their width, the smaller dimension', () => {
    const ladder = planLadder(media({ width: 1080, height: 1920, fps: 30 }), { resolutions: [1080, 720], maxFps: 60 });
    expect(ladder.map(({ resolution, width, height }) => [resolution, width, height])).toEqual([
      [1080, 1080, 1920],
      [720, 720, 1280],
    ]);
    // A portrait frame has as many pixels as its landscape twin, so it gets the same bitrate.
    const landscape = planLadder(media({ width: 1920, height: 1080, fps: 30 }), { resolutions: [1080], maxFps: 60 });
    expect(ladder[0].videoBitrate).toBe(landscape[0].videoBitrate);
  });

  it('keeps the source size, rounded down to even, when it is smaller than every resolution', () => {
    const ladder = planLadder(media({ width: 201, height: 113, fps: 30 }), { resolutions: RESOLUTIONS, maxFps: 60 });
    expect(ladder).toHaveLength(1);
    expect(ladder[0]).toMatchObject({ resolution: 112, width: 200, height: 112 });
    expect(ladder[0].videoBitrate).toBeGreaterThan(0);
  });

  it('caps the frame rate at maxFps, and at 30 for 480p and below, by keeping every n-th frame', () => {
    const ladder = planLadder(media({ width: 1920, height: 1080, fps: 60 }), { resolutions: [1080, 480], maxFps: 60 });
    expect(ladder.map(({ fps }) => fps)).toEqual([60, 30]);
    const pal = planLadder(media({ width: 1280, height: 720, fps: 50 }), { resolutions: [720, 360], maxFps: 30 });
    expect(pal.map(({ fps }) => fps)).toEqual([25, 25]);
    const ntsc = planLadder(media({ width: 1280, height: 720, fps: 59.94 }), { resolutions: [720, 360], maxFps: 60 });
    expect(ntsc.map(({ fps }) => fps)).toEqual([59.94, 29.97]);
  });

  it('raises the bitrate for high frame rates and lowers it for small frames', () => {
    const at30 = planLadder(media({ width: 1920, height: 1080, fps: 30 }), { resolutions: RESOLUTIONS, maxFps: 60 });
    const at60 = planLadder(media({ width: 1920, height: 1080, fps: 60 }), { resolutions: [1080], maxFps: 60 });
    expect(at30[0].videoBitrate).toBe(3_300_000);
    expect(at60[0].videoBitrate).toBe(4_950_000);
    const bitrates = at30.map(({ videoBitrate }) => videoBitrate);
    expect(bitrates).toEqual([...bitrates].sort((a, b) => b - a));
    expect(at30.at(-1)).toMatchObject({ resolution: 144, videoBitrate: 100_000, audioBitrate: 64_000 });
  });

  it('plans a single audio-only rendition for a source without video', () => {
    expect(planLadder(media(undefined), { resolutions: RESOLUTIONS, maxFps: 60 })).toEqual([
      { resolution: 0, width: 0, height: 0, fps: 0, videoBitrate: 0, audioBitrate: 160_000 },
    ]);
  });

  it('ignores duplicate resolutions and falls back to 30 fps when the source has no frame rate', () => {
    const ladder = planLadder(media({ width: 640, height: 360, fps: 0 }), { resolutions: [360, 360, 240], maxFps: 60 });
    expect(ladder.map(({ resolution, fps }) => [resolution, fps])).toEqual([
      [360, 30],
      [240, 30],
    ]);
  });

  it('refuses odd or non-positive resolutions and a non-positive frame rate cap', () => {
    const source = media({ width: 640, height: 360, fps: 30 });
    expect(() => planLadder(source, { resolutions: [360, 145], maxFps: 60 })).toThrow(/145/);
    expect(() => planLadder(source, { resolutions: [0], maxFps: 60 })).toThrow(RangeError);
    expect(() => planLadder(source, { resolutions: [360], maxFps: 0 })).toThrow(/maxFps/);
  });
});
