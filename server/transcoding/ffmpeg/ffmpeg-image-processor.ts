import { Inject, Injectable } from '@nestjs/common';
import { Semaphore } from '../../core/concurrency/semaphore.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import type { ImageProcessor, PictureResize } from '../../core/media/image-processor.js';
import { MediaProbeError, MediaRejection } from '../../core/media/media-probe.js';
import { buildPictureResizeCommand } from './commands.js';
import { FfmpegError, runFfmpeg } from './ffmpeg-runner.js';
import { maxPixelsOf } from './ffprobe-media-probe.js';

/** Scaling one picture of at most the source limits (4096x4096 by default) takes well under a second. */
const RESIZE_TIMEOUT_MS = 30_000;
const DAMAGE = /error|invalid|corrupt|truncat|inflate/i;

/**
 * Resizes avatars and banners with ffmpeg, through the one runner. ffmpeg rather than an image library (sharp,
 * jimp): it is already required, already sandboxed here (file protocol and picture demuxers only, `-max_pixels`),
 * and decodes exactly what MediaProbe.probeImage accepted; sharp would add a native dependency with its own
 * decoders. Resizes share the probe's concurrency limit, as both are short ffmpeg processes started by requests.
 */
@Injectable()
export class FfmpegImageProcessor implements ImageProcessor {
  private readonly maxPixels: number;
  private readonly slots: Semaphore;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.maxPixels = maxPixelsOf(config.videos.source_limits);
    this.slots = new Semaphore(config.videos.probe_concurrency);
  }

  resize(request: PictureResize): Promise<void> {
    const command = buildPictureResizeCommand({ ...request, maxPixels: this.maxPixels });
    return this.slots.run(async () => {
      try {
        // Decoding warnings count: a picture damaged past its headers still gives a (grey) frame otherwise.
        await runFfmpeg(command, { timeoutMs: RESIZE_TIMEOUT_MS, failOnStderr: DAMAGE });
      } catch (error) {
        // The probe read the headers; a failure to decode the picture is the upload's, not a passing problem.
        if (error instanceof FfmpegError && !error.timedOut) {
          throw new MediaProbeError(MediaRejection.Corrupt, 'The picture is damaged: it does not decode');
        }
        throw error;
      }
    });
  }
}
