import path from 'node:path';

/** PeerTube's storyboard constants: sprites 192 px on their longer side, at most 11 x 11 of them. */
const SPRITE_MAX_SIZE = 192;
const MAX_EDGE_COUNT = 11;
/** Shorter videos get no storyboard (PeerTube's rule). */
const MIN_DURATION_SECONDS = 3;

/** The layout of a storyboard sprite sheet, as PeerTube computes it. */
export interface StoryboardPlan {
  spriteWidth: number;
  spriteHeight: number;
  /** Seconds of video per sprite. */
  spriteDuration: number;
  /** Sprites per row and rows of the sheet; the sheet is `columns * spriteWidth` wide. */
  columns: number;
  rows: number;
}

/** A sheet the ladder command writes besides the renditions. */
export interface StoryboardOutput {
  plan: StoryboardPlan;
  path: string;
}

/**
 * PeerTube's storyboard rule: one sprite per second up to 121, else one per `ceil(duration / 121)` seconds; sprites
 * 192 px on the longer side keeping the picture's aspect; the smallest grid (rows <= columns <= 11) that holds them.
 * None for a video shorter than 3 s.
 */
export function planStoryboard(
  picture: { width: number; height: number },
  durationSeconds: number,
): StoryboardPlan | null {
  if (!(durationSeconds >= MIN_DURATION_SECONDS) || picture.width <= 0 || picture.height <= 0) return null;
  const ratio = picture.width / picture.height;
  const portrait = picture.width < picture.height;
  const spriteWidth = portrait ? Math.round(SPRITE_MAX_SIZE * ratio) : SPRITE_MAX_SIZE;
  const spriteHeight = portrait ? SPRITE_MAX_SIZE : Math.round(SPRITE_MAX_SIZE / ratio);
  const maxSprites = Math.min(Math.ceil(durationSeconds), MAX_EDGE_COUNT * MAX_EDGE_COUNT);
  const spriteDuration = Math.ceil(durationSeconds / maxSprites);
  const totalSprites = Math.ceil(durationSeconds / spriteDuration);
  for (let rows = 1; rows <= MAX_EDGE_COUNT; rows++) {
    for (let columns = rows; columns <= MAX_EDGE_COUNT; columns++) {
      if (totalSprites <= rows * columns) {
        return {
          spriteWidth: Math.max(1, spriteWidth),
          spriteHeight: Math.max(1, spriteHeight),
          spriteDuration,
          columns,
          rows,
        };
      }
    }
  }
  throw new Error(`no grid holds ${totalSprites} sprites`);
}

/**
 * The filter chain turning decoded frames (`input` label) into the sheet (`output` label): one frame every
 * `spriteDuration` seconds, scaled to a sprite, tiled left to right, top to bottom. A video ending before the grid
 * is full leaves the rest of it black.
 */
export function storyboardFilterChain(input: string, plan: StoryboardPlan, output: string): string {
  const { spriteWidth, spriteHeight, spriteDuration, columns, rows } = plan;
  return `${input}fps=1/${spriteDuration},scale=w=${spriteWidth}:h=${spriteHeight},setsar=1,tile=layout=${columns}x${rows}${output}`;
}

/** Output arguments writing the sheet of the `label` stream as one JPEG, under this exact name. */
export function storyboardOutputArgs(label: string, outputPath: string): string[] {
  return [
    ...['-map', label, '-frames:v', '1', '-c:v', 'mjpeg', '-q:v', '2'],
    ...['-map_metadata', '-1', '-map_chapters', '-1'],
    // image2 would otherwise read `%d` in the name as a sequence pattern.
    ...['-f', 'image2', '-update', '1', path.resolve(outputPath)],
  ];
}
