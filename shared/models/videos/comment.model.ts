import type { Account } from '../actors/actor.model.js';
import type { ResultList } from '../common.js';
import type { VideoChannelSummary } from './video.model.js';

/** PeerTube's `VideoComment`: `text` as its author wrote it (markdown, or HTML from some servers). */
export interface VideoComment {
  id: number;
  url: string;
  text: string;
  threadId: number;
  inReplyToCommentId: number | null;
  videoId: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  isDeleted: boolean;
  totalRepliesFromVideoAuthor: number;
  totalReplies: number;
  /** Null once deleted. */
  account: Account | null;
  heldForReview: boolean;
}

/** PeerTube's `VideoCommentForAdminOrUser`, listed by `GET /videos/comments` and `GET /users/me/videos/comments`. */
export interface VideoCommentForAdminOrUser {
  id: number;
  url: string;
  text: string;
  threadId: number;
  inReplyToCommentId: number | null;
  videoId: number;
  createdAt: string;
  updatedAt: string;
  account: Account | null;
  video: { id: number; uuid: string; name: string; channel: VideoChannelSummary };
  heldForReview: boolean;
  automaticTags: string[];
}

export type VideoCommentThreads = ResultList<VideoComment> & { totalNotDeletedComments: number };

export interface VideoCommentThreadTree {
  comment: VideoComment;
  children: VideoCommentThreadTree[];
}
