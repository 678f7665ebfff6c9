import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../../core/events/domain-events.js';
import { JobName, JobStatus } from '../../../core/jobs/job-catalog.js';
import { OnJob } from '../../../core/jobs/on-job.decorator.js';
import { VideoViewersStore } from './video-viewers.store.js';
import { VideoViewsRepository } from './video-views.repository.js';

/**
 * Every `views.viewer_window`: each local video being watched is announced with its number of viewers
 * (`video.viewers-counted`), which federation sends to the video's followers; when nobody watches any more nothing is
 * sent, and the figure the followers hold expires by itself, as in PeerTube.
 */
@Injectable()
export class VideoViewersBroadcastService {
  constructor(
    private readonly viewers: VideoViewersStore,
    private readonly views: VideoViewsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  @OnJob(JobName.BroadcastVideoViewers)
  async broadcast(): Promise<JobStatus> {
    const active = await this.viewers.takeActive();
    if (active.size === 0) return JobStatus.Skipped;
    // The figures were taken out of Redis, not a transaction: their events are committed on their own.
    for (const video of await this.views.listLocal([...active.keys()])) {
      await this.events.emit(this.dataSource.manager, 'video.viewers-counted', {
        videoId: video.id,
        uuid: video.uuid,
        viewers: active.get(video.id) ?? 0,
      });
    }
    return JobStatus.Success;
  }
}
