import { open } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import { Semaphore } from '../../core/concurrency/semaphore.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import {
  MediaProbeError,
  MediaRejection,
  type MediaProbe,
  type ProbeOptions,
  type ProbedImage,
  type ProbedMedia,
} from '../../core/media/media-probe.js';
import {
  buildDecodeCheckCommand,
  buildHeaderProbeCommand,
  buildProbeCommand,
  buildTailPacketCountCommand,
  type SourceKind,
} from './commands.js';
import { FfmpegError, runFfmpeg, runFfprobe } from './ffmpeg-runner.js';
import { ffprobeNumber, parseFfprobeOutput, type FfprobeOutput, type FfprobeStream } from './ffprobe-output.js';

const PROBE_TIMEOUT_MS = 60_000;
/** Decoding two seconds takes well under this, even for 8K HEVC on a busy machine. */
const DECODE_CHECK_TIMEOUT_MS = 120_000;
// What ffmpeg says of a truncated or damaged file; other warnings (odd timestamps, guessed layouts) are harmless.
const DAMAGE = /partial file|invalid data|error|corrupt|truncat|missing picture/i;

const VIDEO_CODECS = new Set([
  'h264',
  'hevc',
  'vp8',
  'vp9',
  'av1',
  'mpeg4',
  'msmpeg4v3',
  'mpeg2video',
  'mpeg1video',
  'theora',
  'prores',
  'mjpeg',
  'dnxhd',
  'h263',
  'flv1',
  'vc1',
  'wmv3',
  'dvvideo',
]);
const AUDIO_CODECS = new Set([
  'aac',
  'mp3',
  'mp2',
  'opus',
  'vorbis',
  'flac',
  'ac3',
  'eac3',
  'dts',
  'alac',
  'wmav1',
  'wmav2',
  'wmapro',
  'amr_nb',
  'amr_wb',
]);

/** Demuxers that read other files named inside the upload: a playlist could pull in any file ffmpeg can read. */
const PLAYLIST_FORMATS = new Set(['hls', 'applehttp', 'concat', 'dash', 'imf', 'sdp']);
/** Demuxers of picture files: image2, png_pipe, jpeg_pipe, webp_pipe... */
const isImageFormat = (format: string) => format === 'image2' || format.endsWith('_pipe');
const IMAGE_CODECS = new Set(['png', 'mjpeg', 'webp']);
const HEAD_BYTES = 64;
/** What ffmpeg's decoders say when a picture is larger than `-max_pixels`. */
const TOO_MANY_PIXELS = /exceeds specified max pixel count/;

export type SourceLimits = AppConfig['videos']['source_limits'];

/** The largest picture a decoder may allocate for a source within the limits. */
export const maxPixelsOf = (limits: SourceLimits): number => limits.max_width * limits.max_height;

/**
 * Probes uploads with ffprobe, then decodes both ends of the file to catch truncated or damaged ones. Sources
 * beyond the configured limits are refused from their headers, before anything is decoded, and only
 * `probe_concurrency` files are probed at once: the rest wait their turn.
 */
@Injectable()
export class FfprobeMediaProbe implements MediaProbe {
  private readonly limits: SourceLimits;
  private readonly slots: Semaphore;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limits = config.videos.source_limits;
    this.slots = new Semaphore(config.videos.probe_concurrency);
  }

  /** Probes running and waiting, for tests and metrics. */
  get load(): { running: number; waiting: number } {
    return this.slots.load;
  }

  probe(path: string, options: ProbeOptions = {}): Promise<ProbedMedia> {
    return this.slots.run(() => this.probeNow(path, options));
  }

  probeImage(path: string): Promise<ProbedImage> {
    return this.slots.run(() => this.probeImageNow(path));
  }

  private async probeNow(path: string, options: ProbeOptions): Promise<ProbedMedia> {
    const { size, head } = await readHead(path);
    if (size === 0) throw notMedia('The file is empty');
    // Refused before ffprobe opens it: probing a playlist already reads the files it names.
    if (looksLikePlaylist(head)) throw notMedia('Playlists and manifests are not accepted');

    const output = await this.describe(path, 'media');
    const formats = (output.format?.format_name ?? '').split(',');
    if (formats.some((format) => PLAYLIST_FORMATS.has(format))) throw notMedia('Playlists are not accepted');

    // The streams the transcode maps: `0:V:0`, the first video stream that is not cover art, and `0:a:0`.
    const firstVideo = output.streams.find(
      (stream) => stream.codec_type === 'video' && !stream.disposition?.attached_pic,
    );
    const videoStream = firstVideo && !isStill(firstVideo, formats.some(isImageFormat)) ? firstVideo : undefined;
    const audioStream = output.streams.find((stream) => stream.codec_type === 'audio');
    if (!videoStream && !audioStream) {
      const hasPictures = output.streams.some((stream) => stream.codec_type === 'video');
      throw notMedia(hasPictures ? 'The file is a still image, not a video' : 'The file has no audio or video');
    }
    assertSupported(videoStream, VIDEO_CODECS, 'video');
    assertSupported(audioStream, AUDIO_CODECS, 'audio');

    const durationSeconds = mediaDuration(output);
    if (!(durationSeconds > 0)) throw notMedia('The file has no duration');
    const media: ProbedMedia = {
      container: output.format?.format_name ?? '',
      durationSeconds,
      sizeBytes: size,
      video: videoStream && describeVideo(videoStream),
      audio: audioStream && {
        codec: audioStream.codec_name ?? '',
        sampleRate: ffprobeNumber(audioStream.sample_rate),
        channels: audioStream.channels,
      },
    };
    if (options.verifyDecoding !== false) {
      await this.checkDecodes(path, maxPixelsOf(this.limits));
      await this.checkTail(
        path,
        durationSeconds,
        [videoStream, audioStream].flatMap((stream) => (stream ? [stream.index] : [])),
      );
    }
    return media;
  }

  private async probeImageNow(path: string): Promise<ProbedImage> {
    const { size, head } = await readHead(path);
    if (size === 0) throw notMedia('The picture is empty');
    if (looksLikePlaylist(head)) throw notMedia('The file is not a picture');
    const output = await this.describe(path, 'picture');
    const formats = (output.format?.format_name ?? '').split(',');
    const [picture, ...others] = output.streams;
    if (!formats.some(isImageFormat) || !picture || others.length > 0 || picture.codec_type !== 'video') {
      throw notMedia('The file is not a picture');
    }
    if (!IMAGE_CODECS.has(picture.codec_name ?? '')) {
      throw new MediaProbeError(MediaRejection.UnsupportedCodec, 'Pictures must be PNG, JPEG or WebP');
    }
    if (!picture.width || !picture.height) throw notMedia('The picture has no size');
    return { codec: picture.codec_name!, width: picture.width, height: picture.height };
  }

  /**
   * The headers first, decoding nothing, checked against the limits; then ffprobe's full description, for which
   * it may decode a frame of each stream, no larger than the limits.
   */
  private async describe(path: string, kind: SourceKind): Promise<FfprobeOutput> {
    const timeoutMs = PROBE_TIMEOUT_MS;
    try {
      const headers = await runFfprobe(buildHeaderProbeCommand(path, kind), { timeoutMs });
      assertWithinLimits(parseFfprobeOutput(headers), this.limits);
      const command = buildProbeCommand({ path, kind, maxPixels: maxPixelsOf(this.limits) });
      const output = parseFfprobeOutput(await runFfprobe(command, { timeoutMs }));
      // Again, with what ffprobe found beyond the headers (the picture size of MPEG-TS, raw streams, pictures).
      assertWithinLimits(output, this.limits);
      return output;
    } catch (error) {
      if (refusedTooManyPixels(error)) throw this.pictureTooLarge();
      // A timeout or a missing ffprobe is our problem, not the upload's: let the job retry.
      if (error instanceof FfmpegError && !error.timedOut) {
        throw notMedia('The file is not an audio or video file that can be read');
      }
      throw error;
    }
  }

  /**
   * A truncated MP4 whose index (moov) is at the start still probes with its full duration and decodes without
   * an error: its last second simply has no packets. Counting them catches it.
   */
  private async checkTail(path: string, durationSeconds: number, streamIndexes: number[]): Promise<void> {
    const output = await runFfprobe(buildTailPacketCountCommand(path, Math.max(0, durationSeconds - 1)), {
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    // Only the streams the transcode uses matter (not cover art, not subtitles).
    const { streams = [] } = JSON.parse(output) as { streams?: { index: number; nb_read_packets?: string }[] };
    const counts = new Map(streams.map((stream) => [stream.index, Number(stream.nb_read_packets)]));
    if (streamIndexes.some((index) => !((counts.get(index) ?? 0) > 0))) {
      throw new MediaProbeError(MediaRejection.Corrupt, 'The file is truncated: its end is missing');
    }
  }

  private async checkDecodes(path: string, maxPixels: number): Promise<void> {
    try {
      await runFfmpeg(buildDecodeCheckCommand({ path, kind: 'media', maxPixels }), {
        timeoutMs: DECODE_CHECK_TIMEOUT_MS,
        failOnStderr: DAMAGE,
      });
    } catch (error) {
      // The size changed in the middle of the stream, past the headers that were checked.
      if (refusedTooManyPixels(error)) throw this.pictureTooLarge();
      if (error instanceof FfmpegError && !error.timedOut) {
        throw new MediaProbeError(MediaRejection.Corrupt, 'The file is damaged or truncated: it does not decode');
      }
      throw error;
    }
  }

  private pictureTooLarge(): MediaProbeError {
    return tooLarge(`The picture is larger than ${this.limits.max_width}x${this.limits.max_height}`);
  }
}

/** A decoder refused a picture larger than `-max_pixels`: the source is too large, not unreadable. */
function refusedTooManyPixels(error: unknown): boolean {
  return error instanceof FfmpegError && error.stderrTail.some((line) => TOO_MANY_PIXELS.test(line));
}

async function readHead(path: string): Promise<{ size: number; head: Buffer }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const { buffer, bytesRead } = await file.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return { size, head: buffer.subarray(0, bytesRead) };
  } finally {
    await file.close();
  }
}

/** HLS and ffconcat playlists, and XML (DASH manifests, IMF compositions): no media container starts so. */
function looksLikePlaylist(head: Buffer): boolean {
  const text = head
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  return text.startsWith('#EXTM3U') || text.startsWith('ffconcat') || text.startsWith('<');
}

/** A picture file, a still-image track or a single frame is not video. */
function isStill(stream: FfprobeStream, imageFile: boolean): boolean {
  return imageFile || !!stream.disposition?.still_image || stream.nb_frames === '1';
}

function assertSupported(stream: FfprobeStream | undefined, codecs: Set<string>, kind: string): void {
  const codec = stream?.codec_name ?? 'unknown';
  if (stream && !codecs.has(codec) && !(kind === 'audio' && codec.startsWith('pcm_'))) {
    throw new MediaProbeError(MediaRejection.UnsupportedCodec, `The ${kind} codec ${codec} is not supported`);
  }
}

function mediaDuration(output: FfprobeOutput): number {
  const fromStreams = output.streams.map((stream) => ffprobeNumber(stream.duration) ?? 0);
  return ffprobeNumber(output.format?.duration) ?? Math.max(0, ...fromStreams);
}

/**
 * Refuses a source larger, faster or longer than the limits, from what ffprobe reports; what it does not know
 * (0, or no value) is checked later, by the full probe or by the decoders' `-max_pixels`.
 */
function assertWithinLimits(output: FfprobeOutput, limits: SourceLimits): void {
  for (const stream of output.streams.filter(({ codec_type }) => codec_type === 'video')) {
    const { width, height } = displaySize(stream);
    if (width > limits.max_width || height > limits.max_height) {
      throw tooLarge(`The picture is ${width}x${height}, larger than ${limits.max_width}x${limits.max_height}`);
    }
    const fps = frameRate(stream);
    // Cover art reports a nonsense rate (90000 fps for one picture); it is decoded once, not per second.
    if (fps > limits.max_fps && !stream.disposition?.attached_pic) {
      throw tooLarge(`The frame rate is ${fps} per second, more than ${limits.max_fps}`);
    }
  }
  const durationSeconds = mediaDuration(output);
  if (durationSeconds * 1000 > limits.max_duration) {
    throw tooLarge(`The duration is ${Math.round(durationSeconds)} s, more than ${limits.max_duration / 1000} s`);
  }
}

/** Phones record portrait video as landscape frames plus a rotation that players (and ffmpeg) apply. */
function displaySize(stream: FfprobeStream): { width: number; height: number } {
  const { width = 0, height = 0 } = stream;
  const rotation = stream.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? 0;
  return Math.abs(rotation) % 180 === 90 ? { width: height, height: width } : { width, height };
}

function describeVideo(stream: FfprobeStream): NonNullable<ProbedMedia['video']> {
  const { width, height } = displaySize(stream);
  if (!(width > 0 && height > 0)) throw new MediaProbeError(MediaRejection.Corrupt, 'The video has no picture size');
  return {
    codec: stream.codec_name ?? '',
    width,
    height,
    fps: frameRate(stream),
    bitrate: ffprobeNumber(stream.bit_rate),
  };
}

/** The average rate is right for variable frame rate phone videos; the base rate is the fallback. */
function frameRate(stream: FfprobeStream): number {
  for (const rate of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const [frames, seconds] = (rate ?? '').split('/').map(Number);
    if (frames > 0 && seconds > 0) return Math.round((frames / seconds) * 100) / 100;
  }
  return 0;
}

function tooLarge(detail: string): MediaProbeError {
  return new MediaProbeError(MediaRejection.LimitExceeded, detail);
}

function notMedia(detail: string): MediaProbeError {
  return new MediaProbeError(MediaRejection.NotMedia, detail);
}
