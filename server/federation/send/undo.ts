import type { ActivityUndo, ActivityUndoObject } from '../../../shared/models/activitypub/activity.js';

/** The Undo of one of the actor's activities, with the id PeerTube gives it (`<undone id>/undo`). */
export function buildUndoActivity(undone: ActivityUndoObject): ActivityUndo {
  const { to, cc } = undone;
  return { id: `${undone.id}/undo`, type: 'Undo', actor: undone.actor, object: undone, to, cc };
}
