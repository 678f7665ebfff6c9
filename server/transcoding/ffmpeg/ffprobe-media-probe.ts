import { open } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';
import { MediaProbeError, MediaRejection, type MediaProbe, type ProbedMedia } from '../../core/media/media-probe.js';
import { buildDecodeCheckCommand, buildProbeCommand } from './commands.js';
import { FfmpegError, runFfmpeg, runFfprobe } from './ffmpeg-runner.js';
import { ffprobeNumber, parseFfprobeOutput, type FfprobeOutput, type FfprobeStream } from './ffprobe-output.js';

const PROBE_TIMEOUT_MS = 60_000;
/** Decoding two seconds takes well under this, even for 8K HEVC on a busy machine. */
const DECODE_CHECK_TIMEOUT_MS = 120_000;

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
/** Demuxers of single pictures (image2, png_pipe, jpeg_pipe...) and of text shown as video (tty). */
const isPictureOrTextFormat = (format: string) => format === 'image2' || format === 'tty' || format.endsWith('_pipe');
const HEAD_BYTES = 64;

/** Probes uploads with ffprobe, then decodes both ends of the file to catch truncated or damaged ones. */
@Injectable()
export class FfprobeMediaProbe implements MediaProbe {
  async probe(path: string): Promise<ProbedMedia> {
    const { size, head } = await readHead(path);
    if (size === 0) throw new MediaProbeError(MediaRejection.NotMedia, 'The file is empty');
    // Refused before ffprobe opens it: probing a playlist already reads the files it names.
    if (looksLikeTextPlaylist(head)) throw notMedia('Playlists and text files are not accepted');

    const output = await this.describe(path);
    const formats = (output.format?.format_name ?? '').split(',');
    if (formats.some((format) => PLAYLIST_FORMATS.has(format))) throw notMedia('Playlists are not accepted');

    const stillsOnly = formats.some(isPictureOrTextFormat);
    const videoStream = output.streams.find((stream) => stream.codec_type === 'video' && !isPicture(stream, stillsOnly));
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
    await this.checkDecodes(path);
    return media;
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

  private async checkDecodes(path: string): Promise<void> {
    try {
      await runFfmpeg(buildDecodeCheckCommand(path), { timeoutMs: DECODE_CHECK_TIMEOUT_MS, failOnStderr: true });
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
function looksLikeTextPlaylist(head: Buffer): boolean {
  const text = head
    .toString('latin1')
    .replace(/^\xEF\xBB\xBF/, '')
    .trimStart();
  return text.startsWith('#EXTM3U') || text.startsWith('ffconcat') || text.startsWith('<');
}

/** Cover art, still-image tracks, and the single frame of an image file are not video. */
function isPicture(stream: FfprobeStream, stillsOnly: boolean): boolean {
  return stillsOnly || !!stream.disposition?.attached_pic || !!stream.disposition?.still_image || stream.nb_frames === '1';
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
