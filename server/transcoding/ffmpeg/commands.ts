import path from 'node:path';
import type { Rendition } from './ladder.js';
import { storyboardFilterChain, storyboardOutputArgs, type StoryboardOutput } from './storyboard.js';

/**
 * Argument builders for ffmpeg and ffprobe: pure functions, no I/O. Every input is opened through the `file:`
 * protocol with `-protocol_whitelist file`, so a crafted upload cannot make ffmpeg reach the network or any other
 * protocol, and with `-format_whitelist` of the containers Shoal accepts, so it cannot be read as a playlist
 * (HLS, concat, DASH...) that makes ffmpeg open other local files, whatever its first bytes look like.
 */

/** What an input is; each kind is opened with the demuxers of its accepted containers only. */
export type SourceKind = 'media' | 'picture';

/**
 * Demuxers of the containers accepted as uploads. None of them opens another file: mov follows external data
 * references only with `enable_drefs`, which is off by default.
 */
const MEDIA_DEMUXERS = [
  ...['mov', 'matroska', 'avi', 'flv', 'mpegts', 'mpeg', 'ogg', 'asf', 'dv', 'mxf'],
  // Raw video and audio streams.
  ...['h264', 'hevc', 'm4v', 'mpegvideo', 'h263', 'vc1', 'ivf', 'obu'],
  ...['mp3', 'aac', 'flac', 'wav', 'w64', 'aiff', 'caf', 'ac3', 'eac3', 'dts', 'amr'],
];
/** Single pictures (thumbnails), recognised by content: not image2, which reads `%d` in a name as a sequence. */
const PICTURE_DEMUXERS = ['png_pipe', 'jpeg_pipe', 'webp_pipe'];
export const ACCEPTED_DEMUXERS: Record<SourceKind, readonly string[]> = {
  // Pictures open too, so that the probe can tell the uploader "a still image" rather than "unreadable".
  media: [...MEDIA_DEMUXERS, ...PICTURE_DEMUXERS],
  picture: PICTURE_DEMUXERS,
};

export type X264Preset =
  'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';

export interface RenditionOutputs {
  /** Progressive MP4, `moov` first so browsers can start playing before the download ends. */
  mp4Path: string;
  /** HLS media playlist; refers to the fragmented file by its base name, so both must share a folder. */
  playlistPath: string;
  /** Fragmented MP4 holding all HLS segments of the rendition (EXT-X-BYTERANGE), as PeerTube lays it out. */
  fragmentedPath: string;
}

/** An upload opened as an input: what it may be, and the largest picture its decoders may allocate. */
export interface SourceInput {
  path: string;
  kind: SourceKind;
  /**
   * Width x height of the largest picture allowed (`-max_pixels`): a decoder refuses a larger one even when the
   * size changes in the middle of the stream, after the headers were checked.
   */
  maxPixels: number;
}

export interface LadderCommandInput {
  sourcePath: string;
  maxPixels: number;
  /** Video renditions, or a single audio-only one (resolution 0). */
  renditions: Rendition[];
  hasAudio: boolean;
  segmentSeconds: number;
  outputs: (rendition: Rendition) => RenditionOutputs;
  preset?: X264Preset;
  /** A storyboard sprite sheet, made from the frames decoded for the renditions (none for audio only). */
  storyboard?: StoryboardOutput;
}

export interface ImageCommandInput {
  sourcePath: string;
  /** A frame of the video source, or the uploader's picture. */
  sourceKind: SourceKind;
  maxPixels: number;
  outputPath: string;
  atSeconds: number;
  width: number;
  height: number;
}

/** Quality target of the capped-CRF encodes; each rendition's videoBitrate caps it. */
const X264_CRF = 23;
/** VBV buffer in seconds of the cap: a 4 s segment can then peak at about 1.5x the cap. */
const VBV_BUFFER_SECONDS = 2;
/** Decoded at both ends of an upload to tell a truncated or damaged file from a sound one. */
const DECODE_CHECK_SECONDS = 1;

const QUIET = ['-hide_banner', '-nostdin', '-v', 'error'];
/** No source metadata, chapters or encoder version in the outputs: the same source gives the same files. */
const NEUTRAL_METADATA = ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact'];

/**
 * One ffmpeg process for the whole ladder: the source is decoded once, split and scaled per rendition, each
 * rendition is encoded once, and the tee muxer writes every encode twice, as a faststart MP4 and as an fMP4
 * single-file HLS variant. Keyframes fall every `segmentSeconds` exactly (no scene-cut keyframes), so the
 * segments of all renditions align.
 */
export function buildLadderCommand(input: LadderCommandInput): string[] {
  const { renditions, hasAudio } = input;
  const audioOnly = renditions.some((rendition) => rendition.resolution === 0);
  if (renditions.length === 0) throw new Error('a ladder needs at least one rendition');
  if (audioOnly && (renditions.length !== 1 || !hasAudio)) {
    throw new Error('an audio-only ladder is exactly one rendition of a source with audio');
  }
  const videoLabels = audioOnly ? [] : renditions.map((_, index) => `[v${index}]`);
  const audioLabels = hasAudio ? renditions.map((_, index) => `[a${index}]`) : [];
  const storyboard = audioOnly ? undefined : input.storyboard;
  const teeOutputs = renditions.map((rendition, index) =>
    renditionTeeOutputs(input, rendition, streamSelection(index, audioOnly, hasAudio)),
  );

  return [
    ...QUIET,
    '-y',
    ...fileInput({ path: input.sourcePath, kind: 'media', maxPixels: input.maxPixels }),
    ...['-filter_complex', ladderFilterGraph(renditions, videoLabels, audioLabels, storyboard)],
    ...[...videoLabels, ...audioLabels].flatMap((label) => ['-map', label]),
    ...(audioOnly ? [] : videoEncoderArgs(renditions, input.segmentSeconds, input.preset ?? 'veryfast')),
    ...(hasAudio ? ['-c:a', 'aac', ...renditions.flatMap((r, i) => [`-b:a:${i}`, String(r.audioBitrate)])] : []),
    // The tee muxer cannot tell the encoders that its MP4 and HLS outputs want out-of-band codec headers.
    ...['-flags', '+global_header'],
    ...NEUTRAL_METADATA,
    ...['-progress', 'pipe:1', '-nostats'],
    ...['-f', 'tee', teeOutputs.join('|')],
    // A second output of the same run: the storyboard costs a scale of a frame every few seconds, not another decode.
    ...(storyboard ? storyboardOutputArgs(STORYBOARD_LABEL, storyboard.path) : []),
  ];
}

/** A JPEG of `width` x `height` cut from the frame at `atSeconds`, cropped to fill (thumbnails, previews). */
export function buildThumbnailCommand(input: ImageCommandInput): string[] {
  if (!(input.atSeconds >= 0)) throw new RangeError(`atSeconds must be >= 0, got ${input.atSeconds}`);
  const { width, height } = input;
  // exact=1: crop would otherwise round odd sizes (PeerTube's 280x157) down to the chroma grid.
  const filter = `scale=w=${width}:h=${height}:force_original_aspect_ratio=increase,crop=w=${width}:h=${height}:exact=1`;
  return [
    ...QUIET,
    '-y',
    ...['-ss', String(input.atSeconds)],
    ...fileInput({ path: input.sourcePath, kind: input.sourceKind, maxPixels: input.maxPixels }),
    ...['-map', '0:V:0', '-frames:v', '1', '-vf', filter],
    ...['-c:v', 'mjpeg', '-q:v', '2'],
    ...NEUTRAL_METADATA,
    // One image under this exact name: image2 would otherwise read `%d` in the name as a sequence pattern.
    ...['-f', 'image2', '-update', '1', path.resolve(input.outputPath)],
  ];
}

export interface PictureResizeCommandInput {
  sourcePath: string;
  maxPixels: number;
  outputPath: string;
  width: number;
  height: number;
  format: 'png' | 'jpeg' | 'webp';
}

/** Encoders of resized pictures; each keeps the uploaded format, and PNG and WebP keep their transparency. */
const PICTURE_ENCODERS: Record<PictureResizeCommandInput['format'], string[]> = {
  png: ['-c:v', 'png'],
  jpeg: ['-c:v', 'mjpeg', '-q:v', '2'],
  webp: ['-c:v', 'libwebp', '-quality', '85'],
};

/** A still picture (avatar, banner) scaled to cover `width` x `height` and cropped to it, in its own format. */
export function buildPictureResizeCommand(input: PictureResizeCommandInput): string[] {
  const { width, height } = input;
  if (!(width > 0 && height > 0)) throw new RangeError(`invalid picture size ${width}x${height}`);
  const filter = `scale=w=${width}:h=${height}:force_original_aspect_ratio=increase,crop=w=${width}:h=${height}:exact=1`;
  return [
    ...QUIET,
    '-y',
    ...fileInput({ path: input.sourcePath, kind: 'picture', maxPixels: input.maxPixels }),
    ...['-map', '0:V:0', '-frames:v', '1', '-vf', filter],
    ...PICTURE_ENCODERS[input.format],
    ...NEUTRAL_METADATA,
    ...['-f', 'image2', '-update', '1', path.resolve(input.outputPath)],
  ];
}

/**
 * Decodes the first and the last second of the streams a transcode would use. With `-xerror`, a damaged file
 * exits non-zero; at the `warning` level the demuxer also reports a truncated one ("partial file"), which
 * decodes without an error when the index (moov) survived at the start of the file.
 */
export function buildDecodeCheckCommand(source: SourceInput): string[] {
  const seconds = String(DECODE_CHECK_SECONDS);
  return [
    ...['-hide_banner', '-nostdin', '-v', 'warning'],
    '-xerror',
    ...['-t', seconds, ...fileInput(source)],
    ...['-sseof', `-${seconds}`, ...fileInput(source)],
    ...['0:V:0?', '0:a:0?', '1:V:0?', '1:a:0?'].flatMap((stream) => ['-map', stream]),
    ...['-f', 'null', '-'],
  ];
}

/** ffprobe arguments counting, per stream, the packets from `fromSeconds` to the end, as JSON. */
export function buildTailPacketCountCommand(sourcePath: string, fromSeconds: number): string[] {
  return [
    ...['-v', 'error', ...inputWhitelists('media')],
    ...['-read_intervals', `${fromSeconds.toFixed(3)}%`, '-count_packets'],
    ...['-show_entries', 'stream=index,nb_read_packets', '-of', 'json'],
    fileUrl(sourcePath),
  ];
}

/**
 * ffprobe arguments describing the container and every stream, as JSON. To fill in what the headers lack, ffprobe
 * decodes a frame of each stream; `maxPixels` bounds that frame.
 */
export function buildProbeCommand(source: SourceInput): string[] {
  return [
    ...['-v', 'error', ...inputWhitelists(source.kind), '-max_pixels', String(source.maxPixels)],
    ...['-show_format', '-show_streams', '-of', 'json'],
    fileUrl(source.path),
  ];
}

/**
 * ffprobe arguments describing the container and every stream from their headers only, decoding nothing: sizes,
 * rates and durations the container declares (a raw stream or MPEG-TS declares no picture size).
 */
export function buildHeaderProbeCommand(sourcePath: string, kind: SourceKind): string[] {
  return [
    ...['-v', 'error', ...inputWhitelists(kind), '-nofind_stream_info'],
    ...['-show_format', '-show_streams', '-of', 'json'],
    fileUrl(sourcePath),
  ];
}

/** ffprobe arguments listing each stream's codec and its codec configuration bytes (avcC, AudioSpecificConfig). */
export function buildCodecConfigProbeCommand(mediaPath: string): string[] {
  return [
    '-v',
    'error',
    ...inputWhitelists('media'),
    '-show_entries',
    'stream=codec_type,codec_name,extradata',
    '-show_data',
    '-of',
    'json',
    fileUrl(mediaPath),
  ];
}

function fileInput(source: SourceInput): string[] {
  return [...inputWhitelists(source.kind), '-max_pixels', String(source.maxPixels), '-i', fileUrl(source.path)];
}

/** Input options: they apply to the next input only, so every input gets its own. */
function inputWhitelists(kind: SourceKind): string[] {
  return ['-protocol_whitelist', 'file', '-format_whitelist', ACCEPTED_DEMUXERS[kind].join(',')];
}

/** The `file:` prefix keeps a name such as `concat:a|b` or `subfile,...` from being read as another protocol. */
function fileUrl(filePath: string): string {
  return `file:${path.resolve(filePath)}`;
}

const STORYBOARD_LABEL = '[storyboard]';

function ladderFilterGraph(
  renditions: Rendition[],
  videoLabels: string[],
  audioLabels: string[],
  storyboard?: StoryboardOutput,
): string {
  const chains: string[] = [];
  if (videoLabels.length > 0) {
    const branches = videoLabels.map((_, index) => `[s${index}]`);
    const storyboardBranch = storyboard ? ['[sb]'] : [];
    // 0:V skips attached pictures (cover art), like the probe does.
    chains.push(
      `[0:V:0]split=${branches.length + storyboardBranch.length}${[...branches, ...storyboardBranch].join('')}`,
    );
    if (storyboard) chains.push(storyboardFilterChain('[sb]', storyboard.plan, STORYBOARD_LABEL));
    renditions.forEach(({ fps, width, height }, index) => {
      // x264's High profile takes 8-bit 4:2:0; setsar=1 because the sizes already hold the display aspect.
      chains.push(
        `${branches[index]}fps=${fps},scale=w=${width}:h=${height},setsar=1,format=yuv420p${videoLabels[index]}`,
      );
    });
  }
  if (audioLabels.length > 0) {
    // Players everywhere handle stereo or mono AAC at 44.1/48 kHz; surround is downmixed.
    chains.push(
      `[0:a:0]aformat=sample_rates=48000|44100:channel_layouts=stereo|mono,asplit=${audioLabels.length}${audioLabels.join('')}`,
    );
  }
  return chains.join(';');
}

function videoEncoderArgs(renditions: Rendition[], segmentSeconds: number, preset: X264Preset): string[] {
  const common = ['-c:v', 'libx264', '-preset', preset, '-profile:v', 'high', '-crf', String(X264_CRF)];
  // No scene-cut keyframes: a keyframe every segment exactly, at the same instants in every rendition.
  const perRendition = renditions.flatMap(({ fps, videoBitrate }, index) => {
    const gop = String(Math.max(1, Math.round(fps * segmentSeconds)));
    return [
      `-g:v:${index}`,
      gop,
      `-keyint_min:v:${index}`,
      gop,
      `-maxrate:v:${index}`,
      String(videoBitrate),
      `-bufsize:v:${index}`,
      String(videoBitrate * VBV_BUFFER_SECONDS),
    ];
  });
  return [...common, '-sc_threshold', '0', ...perRendition];
}

function streamSelection(index: number, audioOnly: boolean, hasAudio: boolean): string {
  if (audioOnly) return 'a:0';
  return hasAudio ? `v:${index},a:${index}` : `v:${index}`;
}

function renditionTeeOutputs(input: LadderCommandInput, rendition: Rendition, select: string): string {
  const outputs = input.outputs(rendition);
  // onfail=abort: by default a slave that fails to open is dropped and the others carry on.
  const common = { select, onfail: 'abort' };
  const mp4 = teeSlave({ ...common, f: 'mp4', movflags: '+faststart' }, outputs.mp4Path);
  const hls = teeSlave(
    {
      ...common,
      f: 'hls',
      hls_time: String(input.segmentSeconds),
      hls_playlist_type: 'vod',
      hls_segment_type: 'fmp4',
      hls_flags: 'single_file',
      hls_segment_filename: path.resolve(outputs.fragmentedPath),
    },
    outputs.playlistPath,
  );
  return `${mp4}|${hls}`;
}

/**
 * One tee slave, `[key=value:...]file`. The tee muxer unescapes twice: once when it splits slaves on `|`, once
 * more for option values, which end at `:` or `]`. So values are escaped for both levels, file names for the
 * first only.
 */
function teeSlave(options: Record<string, string>, filePath: string): string {
  const optionList = Object.entries(options)
    .map(([key, value]) => `${key}=${value.replace(/[\\':\]\s]/g, '\\$&')}`)
    .join(':');
  return `[${optionList}]${path.resolve(filePath)}`.replace(/[\\'|\s]/g, '\\$&');
}
