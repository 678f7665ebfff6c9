import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Delete of a video (its origin was checked at the inbox): the remote video goes. */
@Injectable()
export class DeleteHandler implements InboxHandler {
  constructor(private readonly videos: RemoteVideosService) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url) return JobStatus.Skipped;
    await this.videos.receiveDelete(url);
    return JobStatus.Success;
  }
}
