import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProbedMedia } from '../../core/media/media-probe.js';
import {
  buildLadderCommand,
  buildThumbnailCommand,
  type RenditionOutputs,
  type SourceKind,
  type X264Preset,
} from './commands.js';
import { runFfmpeg } from './ffmpeg-runner.js';
import { readHlsCodecs } from './hls-codecs.js';
import { buildMasterPlaylist, computeSegmentsSha256, measureBandwidth, parseByteRangeSegments } from './hls.js';
import type { Rendition } from './ladder.js';
import { StagedOutputs } from './staged-outputs.js';
import type { StoryboardOutput } from './storyboard.js';

export interface TranscodeInput {
  sourcePath: string;
  /** The largest picture the decoder may allocate (see SourceInput). */
  maxPixels: number;
  /** The probe result of the source. */
  media: ProbedMedia;
  /** From planLadder; the master playlist lists them in this order. */
  renditions: Rendition[];
  segmentSeconds: number;
  /** Final paths of each rendition's files. A playlist must sit in the folder of its fragmented MP4. */
  outputs: (rendition: Rendition) => RenditionOutputs;
  masterPlaylistPath: string;
  segmentsSha256Path: string;
  /** Limit for the ffmpeg run. */
  timeoutMs: number;
  onProgress?: (percent: number) => void;
  preset?: X264Preset;
  signal?: AbortSignal;
  /** A storyboard sprite sheet to write in the same run. */
  storyboard?: StoryboardOutput;
}

export interface TranscodedRendition extends RenditionOutputs {
  rendition: Rendition;
  mp4Size: number;
  fragmentedSize: number;
  /** Peak segment bit rate, bits/s, as in the master playlist. */
  bandwidth: number;
  /** RFC 6381 codecs, as in the master playlist. */
  codecs: string;
}

export interface TranscodeResult {
  renditions: TranscodedRendition[];
  masterPlaylistPath: string;
  segmentsSha256Path: string;
  /** The storyboard written, when one was asked for and the ladder has a picture. */
  storyboard: StoryboardOutput | null;
}

export interface ExtractImageOptions {
  /** A frame of the video source, or the uploader's picture. */
  sourceKind: SourceKind;
  maxPixels: number;
  atSeconds: number;
  width: number;
  height: number;
  timeoutMs: number;
}

const CODECS_PROBE_TIMEOUT_MS = 30_000;

/**
 * Encodes a source into its ladder of progressive MP4s and HLS variants in one ffmpeg run, then writes the
 * master playlist and the segments SHA-256 JSON. Each file appears under its final name only once complete, and
 * the master playlist last, once everything it refers to is in place; after a failure none appears.
 */
export async function transcodeToLadder(input: TranscodeInput): Promise<TranscodeResult> {
  const staging = new StagedOutputs();
  const files = stageRenditionFiles(input, staging);
  // The ladder command writes no storyboard for an audio-only ladder: none is expected then.
  const storyboard = input.renditions.every((rendition) => rendition.resolution > 0) ? input.storyboard : undefined;
  const stagedStoryboard = storyboard && { ...storyboard, path: staging.stage(storyboard.path) };
  const stagedSha256Path = staging.stage(input.segmentsSha256Path);
  const stagedMasterPath = staging.stage(input.masterPlaylistPath);

  try {
    await staging.createFolders();
    const command = buildLadderCommand({
      sourcePath: input.sourcePath,
      maxPixels: input.maxPixels,
      renditions: input.renditions,
      hasAudio: input.media.audio !== undefined,
      segmentSeconds: input.segmentSeconds,
      outputs: (rendition) => stagedOutputsOf(files, rendition),
      preset: input.preset,
      storyboard: stagedStoryboard,
    });
    await runFfmpeg(command, {
      timeoutMs: input.timeoutMs,
      durationSeconds: input.media.durationSeconds,
      onProgress: input.onProgress,
      signal: input.signal,
    });

    const described = await Promise.all(files.map(describe));
    await writeFile(stagedSha256Path, JSON.stringify(await computeSegmentsSha256(files.map(({ staged }) => staged))));
    await writeFile(stagedMasterPath, masterPlaylist(input.masterPlaylistPath, described));
    await staging.commit();
    return {
      renditions: described.map(({ result }) => result),
      masterPlaylistPath: path.resolve(input.masterPlaylistPath),
      segmentsSha256Path: path.resolve(input.segmentsSha256Path),
      storyboard: storyboard ? { ...storyboard, path: path.resolve(storyboard.path) } : null,
    };
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

/**
 * Writes a `width` x `height` JPEG of the frame at `atSeconds`, cropped to fill: thumbnails and previews. The
 * file appears under `outputPath` only once complete.
 */
export async function extractImage(
  sourcePath: string,
  outputPath: string,
  options: ExtractImageOptions,
): Promise<void> {
  const { sourceKind, maxPixels, atSeconds, width, height, timeoutMs } = options;
  const staging = new StagedOutputs();
  const stagedPath = staging.stage(outputPath);
  try {
    await staging.createFolders();
    await runFfmpeg(
      buildThumbnailCommand({ sourcePath, sourceKind, maxPixels, outputPath: stagedPath, atSeconds, width, height }),
      {
        timeoutMs,
      },
    );
    // ffmpeg exits with 0 and writes nothing when atSeconds is past the last frame.
    await stat(stagedPath).catch(() => {
      throw new Error(`${sourcePath} has no frame at ${atSeconds} s`);
    });
    await staging.commit();
  } catch (error) {
    await staging.discard();
    throw error;
  }
}

interface RenditionFiles {
  rendition: Rendition;
  final: RenditionOutputs;
  staged: RenditionOutputs;
}

/** Stages in rename order: every media file before the playlists that name them. */
function stageRenditionFiles(input: TranscodeInput, staging: StagedOutputs): RenditionFiles[] {
  const finals = input.renditions.map((rendition) => {
    const { mp4Path, playlistPath, fragmentedPath } = input.outputs(rendition);
    // ffmpeg names the fragmented file in the playlist by its base name alone.
    if (path.dirname(path.resolve(playlistPath)) !== path.dirname(path.resolve(fragmentedPath))) {
      throw new Error(`${playlistPath} and ${fragmentedPath} must be in the same folder`);
    }
    return { rendition, final: { mp4Path, playlistPath, fragmentedPath } };
  });
  const media = finals.map(({ final }) => ({
    mp4Path: staging.stage(final.mp4Path),
    fragmentedPath: staging.stage(final.fragmentedPath),
  }));
  return finals.map((files, index) => ({
    ...files,
    staged: { ...media[index], playlistPath: staging.stage(files.final.playlistPath) },
  }));
}

function stagedOutputsOf(files: RenditionFiles[], rendition: Rendition): RenditionOutputs {
  const match = files.find((file) => file.rendition === rendition);
  if (!match) throw new Error('the ladder command asked for the outputs of a rendition it was not given');
  return match.staged;
}

interface DescribedRendition {
  result: TranscodedRendition;
  averageBandwidth: number;
}

async function describe({ rendition, final, staged }: RenditionFiles): Promise<DescribedRendition> {
  const segments = parseByteRangeSegments(await readFile(staged.playlistPath, 'utf8'));
  const { peak, average } = measureBandwidth(segments);
  const [mp4, fragmented, codecs] = await Promise.all([
    stat(staged.mp4Path),
    stat(staged.fragmentedPath),
    readHlsCodecs(staged.fragmentedPath, { timeoutMs: CODECS_PROBE_TIMEOUT_MS }),
  ]);
  return {
    result: {
      rendition,
      mp4Path: path.resolve(final.mp4Path),
      mp4Size: mp4.size,
      playlistPath: path.resolve(final.playlistPath),
      fragmentedPath: path.resolve(final.fragmentedPath),
      fragmentedSize: fragmented.size,
      bandwidth: peak,
      codecs,
    },
    averageBandwidth: average,
  };
}

function masterPlaylist(masterPath: string, renditions: DescribedRendition[]): string {
  const masterFolder = path.dirname(path.resolve(masterPath));
  return buildMasterPlaylist(
    renditions.map(({ result, averageBandwidth }) => ({
      playlistUri: path.relative(masterFolder, result.playlistPath).split(path.sep).map(encodeURIComponent).join('/'),
      bandwidth: result.bandwidth,
      averageBandwidth,
      width: result.rendition.width,
      height: result.rendition.height,
      fps: result.rendition.fps,
      codecs: result.codecs,
    })),
  );
}
