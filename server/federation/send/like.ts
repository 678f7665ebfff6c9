import type { ActivityLike } from '../../../shared/models/activitypub/activity.js';

/** A Like of a video (`id`: the rate's url, `<actor>/likes/<video id>` as PeerTube builds it). */
export function buildLikeActivity(
  id: string,
  actorUrl: string,
  videoUrl: string,
  audience: { to: string[]; cc: string[] },
): ActivityLike {
  return { id, type: 'Like', actor: actorUrl, object: videoUrl, ...audience };
}
