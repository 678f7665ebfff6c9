import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { VideoRatesRepository } from '../../../modules/videos/video-rates.repository.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import type { InboxHandler } from './inbox-handler.js';

/** Another instance reports a view of a video this instance knows. */
@Injectable()
export class ViewHandler implements InboxHandler {
  constructor(private readonly rates: VideoRatesRepository) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    // A View that expires is PeerTube's count of current viewers, re-sent under one id while they watch: not a view.
    if (activity.expires !== undefined) return JobStatus.Skipped;
    const video = idOf(activity.object);
    return video !== undefined && (await this.rates.addView(video)) ? JobStatus.Success : JobStatus.Skipped;
  }
}
