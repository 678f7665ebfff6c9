import type { ActivityUpdate } from '../../../shared/models/activitypub/activity.js';
import type { ActivityPubActor } from '../../../shared/models/activitypub/actor.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';

/**
 * An Update of an actor by itself, public with its followers in copy, as PeerTube sends it; its id names the
 * version (`<actor>/updates/<updatedAt>`), so each change is a new activity.
 */
export function buildActorUpdateActivity(object: ActivityPubActor, updatedAt: Date): ActivityUpdate {
  const audience = { to: [ACTIVITY_STREAMS_PUBLIC], cc: [object.followers] };
  // The context belongs to the activity, not to the object it embeds.
  const bare: ActivityPubActor = { ...object };
  delete bare['@context'];
  return {
    id: `${object.id}/updates/${updatedAt.toISOString()}`,
    type: 'Update',
    actor: object.id,
    ...audience,
    object: { ...bare, ...audience },
  };
}
