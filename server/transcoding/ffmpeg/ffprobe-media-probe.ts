import { open } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import {
  MediaProbeError,
  MediaRejection,
  type MediaProbe,
  type ProbeOptions,
  type ProbedImage,
  type ProbedMedia,
} from '../../core/media/media-probe.js';
import { buildDecodeCheckCommand, buildProbeCommand, buildTailPacketCountCommand } from './commands.js';
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

/** Probes uploads with ffprobe, then decodes both ends of the file to catch truncated or damaged ones. */
@Injectable()
export class FfprobeMediaProbe implements MediaProbe {
  async probe(path: string, options: ProbeOptions = {}): Promise<ProbedMedia> {
    const { size, head } = await readHead(path);
    if (size === 0) throw notMedia('The file is empty');
    // Refused before ffprobe opens it: probing a playlist already reads the files it names.
    if (looksLikePlaylist(head)) throw notMedia('Playlists and manifests are not accepted');

    const output = await this.describe(path);
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
      await this.checkDecodes(path);
      await this.checkTail(
        path,
        durationSeconds,
        [videoStream, audioStream].flatMap((stream) => (stream ? [stream.index] : [])),
      );
    }
    return media;
  }

  async probeImage(path: string): Promise<ProbedImage> {
    const { size, head } = await readHead(path);
    if (size === 0) throw notMedia('The picture is empty');
    if (looksLikePlaylist(head)) throw notMedia('The file is not a picture');
    const output = await this.describe(path);
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

  private async describe(path: string): Promise<FfprobeOutput> {
    try {
      return parseFfprobeOutput(await runFfprobe(buildProbeCommand(path), { timeoutMs: PROBE_TIMEOUT_MS }));
    } catch (error) {
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

  private async checkDecodes(path: string): Promise<void> {
    try {
      await runFfmpeg(buildDecodeCheckCommand(path), { timeoutMs: DECODE_CHECK_TIMEOUT_MS, failOnStderr: DAMAGE });
    } catch (error) {
      if (error instanceof FfmpegError && !error.timedOut) {
        throw new MediaProbeError(MediaRejection.Corrupt, 'The file is damaged or truncated: it does not decode');
      }
      throw error;
    }
  }
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

function describeVideo(stream: FfprobeStream): NonNullable<ProbedMedia['video']> {
  const { width = 0, height = 0 } = stream;
  if (!(width > 0 && height > 0)) throw new MediaProbeError(MediaRejection.Corrupt, 'The video has no picture size');
  // Phones record portrait video as landscape frames plus a rotation that players (and ffmpeg) apply.
  const rotation = stream.side_data_list?.find((data) => data.rotation !== undefined)?.rotation ?? 0;
  const quarterTurn = Math.abs(rotation) % 180 === 90;
  return {
    codec: stream.codec_name ?? '',
    width: quarterTurn ? height : width,
    height: quarterTurn ? width : height,
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

function notMedia(detail: string): MediaProbeError {
  return new MediaProbeError(MediaRejection.NotMedia, detail);
}
