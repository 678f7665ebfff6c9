import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { VideoRatesRepository } from '../../../modules/videos/video-rates.repository.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import type { InboxHandler } from './inbox-handler.js';

/**
 * Whether a View reports a viewer rather than a view: PeerTube sends a View with `expires` (and a `result` counter)
 * for each viewer, again every few seconds while they watch, besides the one View that counts the view.
 */
export function isViewerReport(activity: JsonObject): boolean {
  return activity.expires !== undefined;
}

/** Another instance reports a view of a video this instance knows (its viewer reports are not views). */
@Injectable()
export class ViewHandler implements InboxHandler {
  constructor(private readonly rates: VideoRatesRepository) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    if (isViewerReport(activity)) return JobStatus.Skipped;
    const video = idOf(activity.object);
    return video !== undefined && (await this.rates.addView(video)) ? JobStatus.Success : JobStatus.Skipped;
  }
}
