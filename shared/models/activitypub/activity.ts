import type { ActivityPubActor } from './actor.js';
import type { APObjectId, JsonLdContext } from './common-objects.js';
import type { PlaylistObject } from './playlist-object.js';
import type { VideoCommentObject } from './video-comment-object.js';
import type { VideoObject } from './video-object.js';

/** An RsaSignature2017 Linked Data signature, on activities that may be forwarded. */
export interface ActivityPubSignature {
  type: 'RsaSignature2017';
  creator: string;
  created: string;
  signatureValue: string;
}

interface BaseActivity {
  '@context'?: JsonLdContext;
  id: string;
  actor: string | ActivityPubActor;
  to?: string[] | string;
  cc?: string[] | string;
  signature?: ActivityPubSignature;
}

export interface ActivityFollow extends BaseActivity {
  type: 'Follow';
  object: string;
}

export interface ActivityAccept extends BaseActivity {
  type: 'Accept';
  object: ActivityFollow | string;
}

export interface ActivityReject extends BaseActivity {
  type: 'Reject';
  object: ActivityFollow | string;
}

export interface ActivityCreate extends BaseActivity {
  type: 'Create';
  /** The object (a video, a playlist or a comment), or its id alone (as outboxes list a video's creation). */
  object: VideoObject | PlaylistObject | VideoCommentObject | string;
}

export interface ActivityUpdate extends BaseActivity {
  type: 'Update';
  object: VideoObject | PlaylistObject | ActivityPubActor;
}

export interface ActivityDelete extends BaseActivity {
  type: 'Delete';
  object: APObjectId;
}

/** A channel sharing a video (PeerTube announces every video by its channel). */
export interface ActivityAnnounce extends BaseActivity {
  type: 'Announce';
  object: APObjectId;
}

export interface ActivityLike extends BaseActivity {
  type: 'Like';
  object: APObjectId;
}

export interface ActivityDislike extends BaseActivity {
  type: 'Dislike';
  object: APObjectId;
}

/**
 * A view of a video; with `expires`, a viewer still watching until then (sent again while they watch), and `result`
 * the number of viewers it stands for (1 for one viewer; a video's origin sends its total to followers).
 */
export interface ActivityView extends BaseActivity {
  type: 'View';
  object: APObjectId;
  expires?: string;
  result?: { interactionType: 'WatchAction'; type: 'InteractionCounter'; userInteractionCount: number };
}

/**
 * PeerTube 8's approval of a comment (`object`, by id) held for review on the video of the approving account; the
 * comment's own instance then shows it too.
 */
export interface ActivityApproveReply extends BaseActivity {
  type: 'ApproveReply';
  object: string;
  inReplyTo: string;
}

export type ActivityUndoObject = ActivityFollow | ActivityLike | ActivityDislike | ActivityAnnounce;

export interface ActivityUndo extends BaseActivity {
  type: 'Undo';
  object: ActivityUndoObject;
}

/** Every activity Shoal sends or handles; dispatch switches over `type` exhaustively. */
export type Activity =
  | ActivityFollow
  | ActivityAccept
  | ActivityReject
  | ActivityUndo
  | ActivityCreate
  | ActivityUpdate
  | ActivityDelete
  | ActivityAnnounce
  | ActivityLike
  | ActivityDislike
  | ActivityView
  | ActivityApproveReply;

export type ActivityType = Activity['type'];
