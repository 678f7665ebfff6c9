import type { ActivityDislike } from '../../../shared/models/activitypub/activity.js';

/** A Dislike of a video (`id`: the rate's url, `<actor>/dislikes/<video id>` as PeerTube builds it). */
export function buildDislikeActivity(
  id: string,
  actorUrl: string,
  videoUrl: string,
  audience: { to: string[]; cc: string[] },
): ActivityDislike {
  return { id, type: 'Dislike', actor: actorUrl, object: videoUrl, ...audience };
}
