import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../core/config/config.js';
import { APP_CONFIG } from '../../../core/config/config.module.js';
import { DomainEvents } from '../../../core/events/domain-events.js';
import { JobName, JobStatus } from '../../../core/jobs/job-catalog.js';
import { OnJob } from '../../../core/jobs/on-job.decorator.js';
import { VideoViewsBuffer } from './video-views.buffer.js';
import { VideoViewsRepository } from './video-views.repository.js';

/**
 * Every `views.flush_interval`: the views counted in Redis go to the database in one transaction, and each local
 * video whose count changed is announced (`video.views-counted`), which federation sends to followers as an Update
 * of the video; so followers see a video's views change at most once per interval, however many views it gets.
 */
@Injectable()
export class VideoViewsFlushService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly buffer: VideoViewsBuffer,
    private readonly views: VideoViewsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  /** Also drops remote videos' history past `views.remote_history_max_age`, as PeerTube's views cleanup does. */
  @OnJob(JobName.FlushVideoViews)
  async flush(): Promise<JobStatus> {
    await this.views.purgeRemoteHistory(new Date(Date.now() - this.config.views.remote_history_max_age));
    const drained = await this.buffer.drain();
    if (drained.counters.size === 0 && drained.history.length === 0) return JobStatus.Skipped;
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const video of await this.views.apply(manager, drained)) {
          await this.events.emit(manager, 'video.views-counted', { videoId: video.id, uuid: video.uuid });
        }
      });
    } catch (error) {
      await this.buffer.restore(drained);
      throw error;
    }
    return JobStatus.Success;
  }
}
