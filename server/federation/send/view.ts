import { randomUUID } from 'node:crypto';
import type { ActivityView } from '../../../shared/models/activitypub/activity.js';

/**
 * A view of a video, by the instance actor, as PeerTube 8 reports a view to the video's origin: no `expires` (that
 * would be a viewer still watching, which the origin does not count as a view); the id names the viewer once
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
