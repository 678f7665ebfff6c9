import { describe, expect, it } from 'vitest';
import { planStoryboard, storyboardFilterChain, storyboardOutputArgs } from './storyboard.js';

describe('planStoryboard', () => {
  it('makes one 192 px wide sprite per second of a short landscape video, in the smallest grid', () => {
    // Rows are tried first: up to 11 sprites make a single row.
    expect(planStoryboard({ width: 1280, height: 720 }, 10)).toEqual({
      spriteWidth: 192,
      spriteHeight: 108,
      spriteDuration: 1,
      columns: 10,
      rows: 1,
    });
    expect(planStoryboard({ width: 1280, height: 720 }, 30)).toMatchObject({ columns: 10, rows: 3 });
  });

  it('keeps the longer side of a portrait video at 192 px', () => {
    expect(planStoryboard({ width: 720, height: 1280 }, 5)).toMatchObject({ spriteWidth: 108, spriteHeight: 192 });
  });

  it('spaces the sprites of a long video so that at most 11 x 11 fit', () => {
    // 3600 s: 121 sprites at most, so one every 30 s, 120 sprites.
    expect(planStoryboard({ width: 640, height: 480 }, 3600)).toEqual({
      spriteWidth: 192,
      spriteHeight: 144,
      spriteDuration: 30,
      columns: 11,
      rows: 11,
    });
    expect(planStoryboard({ width: 640, height: 480 }, 121)).toMatchObject({
      spriteDuration: 1,
      columns: 11,
      rows: 11,
    });
  });

  it('makes none for a video shorter than 3 s or without a picture', () => {
    expect(planStoryboard({ width: 640, height: 480 }, 2.9)).toBeNull();
    expect(planStoryboard({ width: 0, height: 0 }, 60)).toBeNull();
  });
});

describe('storyboard ffmpeg arguments', () => {
  const plan = { spriteWidth: 192, spriteHeight: 108, spriteDuration: 2, columns: 4, rows: 3 };

  it('samples, scales and tiles the frames', () => {
    expect(storyboardFilterChain('[sb]', plan, '[storyboard]')).toBe(
      '[sb]fps=1/2,scale=w=192:h=108,setsar=1,tile=layout=4x3[storyboard]',
    );
  });

  it('writes the one tiled frame as a JPEG under its exact name', () => {
    const args = storyboardOutputArgs('[storyboard]', '/data/sb/%d.jpg');
    expect(args.slice(0, 8)).toEqual(['-map', '[storyboard]', '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '2']);
    expect(args.slice(-5)).toEqual(['-f', 'image2', '-update', '1', '/data/sb/%d.jpg']);
  });
});
