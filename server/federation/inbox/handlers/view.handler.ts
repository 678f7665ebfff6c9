import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { VideoRatesRepository } from '../../../modules/videos/video-rates.repository.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import type { InboxHandler } from './inbox-handler.js';

/**
 * Another instance reports a view of a video this instance knows. PeerTube 8 sends two kinds of View: a view
 * (no `expires`), counted here, and a viewer still watching (`expires`, with a `WatchAction` counter in `result`),
 * which it repeats every few minutes while the viewer stays: counting those would count one viewer many times.
 */
@Injectable()
export class ViewHandler implements InboxHandler {
  constructor(private readonly rates: VideoRatesRepository) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    if (activity.expires !== undefined) return JobStatus.Skipped;
    const video = idOf(activity.object);
    return video !== undefined && (await this.rates.addView(video)) ? JobStatus.Success : JobStatus.Skipped;
  }
}
