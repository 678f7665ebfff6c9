import type { ActivityAnnounce, ActivityCreate } from '../../../shared/models/activitypub/activity.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';

/** The local actor that shares a video: the instance actor or the video's channel. */
export interface SharingActor {
  id: number;
  url: string;
  followersUrl: string;
}

export interface SharedVideo {
  url: string;
  privacy: VideoPrivacy;
}

/**
 * A local video shared by a local actor, under the id PeerTube gives it (`{video}/announces/{actor id}`): the
 * activity sent on publication, listed in outboxes and in the video's `shares` collection, and served at its id.
 * PeerTube shows a remote video only once an actor it follows has shared it.
 */
export function buildVideoAnnounce(actor: SharingActor, video: SharedVideo): ActivityAnnounce {
  return {
    id: videoAnnounceId(video.url, actor.id),
    type: 'Announce',
    actor: actor.url,
    object: video.url,
    ...videoAudience(video.privacy, actor.followersUrl),
  };
}

/**
 * Whom a video's activities address, as PeerTube does: the public in `to` and the actor's followers in `cc`, or the
 * other way round for an unlisted video (PeerTube reads the privacy from this).
 */
export function videoAudience(privacy: VideoPrivacy, followersUrl: string): { to: string[]; cc: string[] } {
  return privacy === VideoPrivacy.Unlisted
    ? { to: [followersUrl], cc: [ACTIVITY_STREAMS_PUBLIC] }
    : { to: [ACTIVITY_STREAMS_PUBLIC], cc: [followersUrl] };
}

export function videoAnnounceId(videoUrl: string, actorId: number): string {
  return `${videoUrl}/announces/${actorId}`;
}

/** A video's creation by its account, the object by id alone, as account outboxes list it (id: the video's). */
export function buildVideoCreateReference(account: SharingActor, video: SharedVideo): ActivityCreate {
  return {
    id: video.url,
    type: 'Create',
    actor: account.url,
    object: video.url,
    ...videoAudience(video.privacy, account.followersUrl),
  };
}
