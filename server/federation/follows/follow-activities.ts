import { randomUUID } from 'node:crypto';
import type {
  ActivityAccept,
  ActivityFollow,
  ActivityReject,
  ActivityUndo,
} from '../../../shared/models/activitypub/activity.js';

// Every activity gets an id of its own: delivery jobs are keyed by activity id and inbox, so an id used twice (a
// second follow of the same actor) would be taken for a delivery already done.

/** A new follow's id, kept as the follow's `url`. */
export function newFollowId(followerUrl: string): string {
  return `${followerUrl}/follows/${randomUUID()}`;
}

/** The Follow activity of a follow (its id is the follow's `url`). */
export function followActivity(id: string, followerUrl: string, followingUrl: string): ActivityFollow {
  return { id, type: 'Follow', actor: followerUrl, object: followingUrl };
}

export function acceptActivity(follow: ActivityFollow, followingUrl: string): ActivityAccept {
  return { id: `${followingUrl}/accepts/${randomUUID()}`, type: 'Accept', actor: followingUrl, object: follow };
}

export function rejectActivity(follow: ActivityFollow, followingUrl: string): ActivityReject {
  return { id: `${followingUrl}/rejects/${randomUUID()}`, type: 'Reject', actor: followingUrl, object: follow };
}

export function undoFollowActivity(follow: ActivityFollow): ActivityUndo {
  return { id: `${follow.id}/undo/${randomUUID()}`, type: 'Undo', actor: follow.actor, object: follow };
}
