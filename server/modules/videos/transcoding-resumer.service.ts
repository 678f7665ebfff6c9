import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { JobName, JobStatus } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { VideoUploadService } from './video-upload.service.js';
import { VideosRepository } from './videos.repository.js';

/**
 * Enqueues every video still waiting for transcoding (its upload committed, its enqueue lost with the process or
 * refused by Redis). A scheduled maintenance job, so it runs once per cluster, not at each process's boot. Job ids
 * are deterministic, so a video whose job is already queued or running is not transcoded twice.
 */
@Injectable()
export class TranscodingResumerService {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly videos: VideosRepository,
    private readonly uploads: VideoUploadService,
  ) {}

  @OnJob(JobName.ResumeTranscoding)
  async resume(): Promise<JobStatus> {
    const ids = await this.videos.listIdsToTranscode();
    for (const id of ids) await this.uploads.enqueueTranscoding(id);
    if (ids.length > 0) this.logger.info({ videos: ids.length }, 'resumed transcoding of waiting videos');
    return ids.length > 0 ? JobStatus.Success : JobStatus.Skipped;
  }
}
