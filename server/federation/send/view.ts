import { randomUUID } from 'node:crypto';
import type { ActivityView } from '../../../shared/models/activitypub/activity.js';

/**
 * A view of a video, by the instance actor, as PeerTube 8 reports a view to the video's origin: no `expires` (that
 * would be a viewer still watching, which the origin does not count as a view); the id names the view once
 * (`<actor>/views/videos/<video id>/<uuid>`).
 */
export function buildViewActivity(
  actorUrl: string,
  video: { id: number; url: string },
  audience: { to: string[]; cc: string[] },
): ActivityView {
  return {
    id: `${actorUrl}/views/videos/${video.id}/${randomUUID()}`,
    type: 'View',
    actor: actorUrl,
    object: video.url,
    ...audience,
  };
}

/**
 * A viewer still watching, as PeerTube 8 reports one to the video's origin: `expires` says until when they count,
 * `result` that they are one viewer; the id is the same for each report of one viewer, so the origin counts them once.
 */
export function buildViewerActivity(
  actorUrl: string,
  video: { id: number; url: string },
  viewer: { id: string; expires: Date; count: number },
  audience: { to: string[]; cc: string[] },
): ActivityView {
  return {
    id: `${actorUrl}/views/videos/${video.id}/${viewer.id}`,
    type: 'View',
    actor: actorUrl,
    object: video.url,
    expires: viewer.expires.toISOString(),
    result: { interactionType: 'WatchAction', type: 'InteractionCounter', userInteractionCount: viewer.count },
    ...audience,
  };
}
