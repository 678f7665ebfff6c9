import type { ProbedMedia } from '../../core/media/media-probe.js';

/** One output of the ladder: a progressive MP4 and an HLS variant sharing the same encode. */
export interface Rendition {
  /** The smaller dimension, as PeerTube names resolutions (720 for 1280x720 and for 720x1280); 0 = audio only. */
  resolution: number;
  width: number;
  height: number;
  fps: number;
  /** Bits per second. The VBV cap of a capped-CRF encode, so simple scenes use less. 0 for audio only. */
  videoBitrate: number;
  /** Bits per second of the AAC track. */
  audioBitrate: number;
}

export interface LadderOptions {
  /** Target resolutions (smaller dimension), in any order. */
  resolutions: number[];
  maxFps: number;
}

/**
 * Video bitrates in bits/s for a 16:9 frame of each height at 30 fps, in the range large video sites deliver in
 * H.264. Other sizes use the bits per pixel of the nearest height at or below theirs: small frames need more bits
 * per pixel than large ones.
 */
const REFERENCE_BITRATES: readonly (readonly [height: number, bitsPerSecond: number])[] = [
  [144, 100_000],
  [240, 250_000],
  [360, 500_000],
  [480, 900_000],
  [720, 1_800_000],
  [1080, 3_300_000],
  [1440, 6_500_000],
  [2160, 12_000_000],
];

/** Low resolutions are watched on small screens and slow links, where 60 fps is not worth its bits. */
const LOW_RESOLUTION_MAX = 480;
const LOW_RESOLUTION_MAX_FPS = 30;
/** Used when the source declares no frame rate at all. */
const FALLBACK_FPS = 30;

/** Without a picture, the sound is all there is. */
const AUDIO_ONLY_BITRATE = 160_000;

/**
 * The renditions to encode for a source, largest first. Never upscales, but always returns at least one
 * rendition: a source smaller than every configured resolution keeps its own size.
 */
export function planLadder(media: ProbedMedia, options: LadderOptions): Rendition[] {
  if (!(options.maxFps > 0)) throw new RangeError(`maxFps must be positive, got ${options.maxFps}`);
  // 4:2:0 video needs even dimensions.
  const odd = options.resolutions.find(
    (resolution) => !(Number.isInteger(resolution) && resolution > 0 && resolution % 2 === 0),
  );
  if (odd !== undefined) throw new RangeError(`resolutions must be even positive integers, got ${odd}`);
  if (!media.video) {
    if (!media.audio) throw new Error('cannot plan a ladder for media without audio or video');
    return [{ resolution: 0, width: 0, height: 0, fps: 0, videoBitrate: 0, audioBitrate: AUDIO_ONLY_BITRATE }];
  }
  const { width, height, fps } = media.video;
  const sourceResolution = Math.min(width, height);
  const fitting = [...new Set(options.resolutions)].filter((resolution) => resolution <= sourceResolution);
  const resolutions = fitting.length > 0 ? fitting.sort((a, b) => b - a) : [Math.max(2, floorEven(sourceResolution))];

  return resolutions.map((resolution) => {
    const size = frameSize(resolution, width, height);
    const outputFps = renditionFps(fps, resolution, options.maxFps);
    return {
      resolution,
      ...size,
      fps: outputFps,
      videoBitrate: videoBitrate(resolution, size.width * size.height, outputFps),
      audioBitrate: audioBitrate(resolution),
    };
  });
}

function frameSize(resolution: number, sourceWidth: number, sourceHeight: number): { width: number; height: number } {
  const longSide = roundEven((resolution * Math.max(sourceWidth, sourceHeight)) / Math.min(sourceWidth, sourceHeight));
  return sourceHeight > sourceWidth ? { width: resolution, height: longSide } : { width: longSide, height: resolution };
}

function renditionFps(sourceFps: number, resolution: number, maxFps: number): number {
  const cap = resolution <= LOW_RESOLUTION_MAX ? Math.min(maxFps, LOW_RESOLUTION_MAX_FPS) : maxFps;
  if (!(sourceFps > 0)) return Math.min(cap, FALLBACK_FPS);
  // Keeping every n-th frame keeps motion even: 50 fps becomes 25 rather than a juddery 30.
  let divisor = 1;
  while (sourceFps / divisor > cap) divisor++;
  return Math.round((sourceFps / divisor) * 100) / 100;
}

function videoBitrate(resolution: number, pixels: number, fps: number): number {
  const [referenceHeight, referenceBitrate] =
    REFERENCE_BITRATES.findLast(([height]) => height <= resolution) ?? REFERENCE_BITRATES[0];
  const bitsPerPixel = referenceBitrate / ((referenceHeight * referenceHeight * 16) / 9);
  // 60 fps gets 1.5x the 30 fps rate (YouTube's ratio): consecutive frames are more alike.
  const fpsFactor = fps <= 30 ? 1 : 1 + (fps - 30) / 60;
  return Math.round((bitsPerPixel * pixels * fpsFactor) / 1000) * 1000;
}

/** Low renditions serve slow links, where audio is a large share of the bits. */
function audioBitrate(resolution: number): number {
  if (resolution <= 240) return 64_000;
  if (resolution <= 480) return 96_000;
  return 128_000;
}

function roundEven(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

function floorEven(value: number): number {
  return Math.floor(value / 2) * 2;
}
