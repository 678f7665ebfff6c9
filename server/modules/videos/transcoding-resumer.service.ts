import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../core/logging/logging.module.js';
import { VideoUploadService } from './video-upload.service.js';
import { VideosRepository } from './videos.repository.js';

/**
 * At boot, enqueues every video still waiting for transcoding. Job ids are deterministic, so a video whose job
 * is already queued or running is not transcoded twice; one whose enqueue was lost gets its job back.
 */
@Injectable()
export class TranscodingResumerService implements OnApplicationBootstrap {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly videos: VideosRepository,
    private readonly uploads: VideoUploadService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const ids = await this.videos.listIdsToTranscode();
    for (const id of ids) await this.uploads.enqueueTranscoding(id);
    if (ids.length > 0) this.logger.info({ videos: ids.length }, 'resumed transcoding of waiting videos');
  }
}
