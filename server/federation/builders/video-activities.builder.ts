import type { ActivityAnnounce, ActivityCreate } from '../../../shared/models/activitypub/activity.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';

/** The local actor that shares a video: the instance actor or the video's channel. */
export interface SharingActor {
  id: number;
  url: string;
  followersUrl: string;
}

/**
 * A local video shared by a local actor, under the id PeerTube gives it (`{video}/announces/{actor id}`): the
 * activity sent on publication, listed in outboxes and in the video's `shares` collection, and served at its id.
 * PeerTube shows a remote video only once an actor it follows has shared it.
 */
export function buildVideoAnnounce(actor: SharingActor, videoUrl: string): ActivityAnnounce {
  return {
    id: videoAnnounceId(videoUrl, actor.id),
    type: 'Announce',
    actor: actor.url,
    object: videoUrl,
    to: [ACTIVITY_STREAMS_PUBLIC],
    cc: [actor.followersUrl],
  };
}

export function videoAnnounceId(videoUrl: string, actorId: number): string {
  return `${videoUrl}/announces/${actorId}`;
}

/** A video's creation by its account, the object by id alone, as account outboxes list it (id: the video's). */
export function buildVideoCreateReference(account: SharingActor, videoUrl: string): ActivityCreate {
  return {
    id: videoUrl,
    type: 'Create',
    actor: account.url,
    object: videoUrl,
    to: [ACTIVITY_STREAMS_PUBLIC],
    cc: [account.followersUrl],
  };
}
