import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Announce of a video by a channel: fetched from its origin if it is not known yet. */
@Injectable()
export class AnnounceHandler implements InboxHandler {
  constructor(private readonly videos: RemoteVideosService) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url) return JobStatus.Skipped;
    await this.videos.receiveAnnounce(url, true);
    return JobStatus.Success;
  }
}
