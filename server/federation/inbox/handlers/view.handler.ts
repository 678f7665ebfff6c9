import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { MAX_REPORTED_VIEWERS } from '../../../modules/videos/views/video-viewers.store.js';
import { VideoViewsService, type RemoteViewReport } from '../../../modules/videos/views/video-views.service.js';
import { hostOfUrl, idOf, isObject, type JsonObject } from '../../activitypub/remote-document.js';
import type { InboxHandler } from './inbox-handler.js';

/**
 * A View as PeerTube 8 sends it, parsed once: without `expires` it reports a view; with `expires` it reports a
 * viewer still watching (again every few seconds), and from a video's origin it carries the total of the video's
 * viewers in `result` (a WatchAction InteractionCounter). Undefined when it names no object or has an unreadable
 * `expires`; an unreadable counter is dropped (the report then counts one viewer).
 */
export function parseViewActivity(activity: JsonObject, senderHost: string): RemoteViewReport | undefined {
  const videoUrl = idOf(activity.object);
  const activityId = idOf(activity.id);
  if (videoUrl === undefined || activityId === undefined) return undefined;
  if (activity.expires === undefined) return { videoUrl, activityId, senderHost };
  const expires = typeof activity.expires === 'string' ? new Date(activity.expires) : undefined;
  if (expires === undefined || Number.isNaN(expires.getTime())) return undefined;
  return { videoUrl, activityId, senderHost, expires, viewersCount: viewersCountOf(activity.result) };
}

function viewersCountOf(result: unknown): number | undefined {
  if (!isObject(result) || result.interactionType !== 'WatchAction' || result.type !== 'InteractionCounter') return;
  const count = Number(result.userInteractionCount);
  return Number.isInteger(count) && count >= 0 && count <= MAX_REPORTED_VIEWERS ? count : undefined;
}

/** Another instance reports a view, or a viewer, of a video this instance knows. */
@Injectable()
export class ViewHandler implements InboxHandler {
  constructor(private readonly views: VideoViewsService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const report = parseViewActivity(activity, hostOfUrl(actor.url) ?? '');
    if (!report) return JobStatus.Skipped;
    return (await this.views.receiveRemote(report)) ? JobStatus.Success : JobStatus.Skipped;
  }
}
