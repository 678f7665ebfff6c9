import type {
  VideoComment,
  VideoCommentForAdminOrUser,
  VideoCommentThreadTree,
} from '../../../shared/models/videos/comment.model.js';
import { formatAccount } from '../accounts/account.formatter.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import type { ReplyCounters } from './comments.repository.js';
import { threadIdOf, type VideoCommentEntity } from './video-comment.entity.js';

const NO_REPLIES: ReplyCounters = { totalReplies: 0, totalRepliesFromVideoAuthor: 0 };

/** PeerTube's `VideoComment`. `host`: this instance's, for local authors. */
export function formatComment(comment: VideoCommentEntity, host: string, counters = NO_REPLIES): VideoComment {
  return {
    id: comment.id,
    url: comment.url,
    text: comment.text,
    threadId: threadIdOf(comment),
    inReplyToCommentId: comment.inReplyToCommentId,
    videoId: comment.videoId,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    deletedAt: comment.deletedAt?.toISOString() ?? null,
    isDeleted: comment.deletedAt !== null,
    totalRepliesFromVideoAuthor: counters.totalRepliesFromVideoAuthor,
    totalReplies: counters.totalReplies,
    account: comment.account ? formatAccount(comment.account, host) : null,
    heldForReview: comment.heldForReview,
  };
}

export function formatCommentForAdminOrUser(comment: VideoCommentEntity, host: string): VideoCommentForAdminOrUser {
  const channel = comment.video.channel;
  return {
    id: comment.id,
    url: comment.url,
    text: comment.text,
    threadId: threadIdOf(comment),
    inReplyToCommentId: comment.inReplyToCommentId,
    videoId: comment.videoId,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    account: comment.account ? formatAccount(comment.account, host) : null,
    video: {
      id: comment.video.id,
      uuid: comment.video.uuid,
      name: comment.video.name,
      channel: {
        id: channel.id,
        name: channel.actor.preferredUsername,
        displayName: channel.displayName,
        url: channel.actor.url,
        host: channel.actor.server?.host ?? host,
        avatars: formatActorImages(channel.actor, 'avatar'),
      },
    },
    heldForReview: comment.heldForReview,
    automaticTags: [],
  };
}

/**
 * A thread as PeerTube nests it: `comments` oldest first, the first being the thread's; a reply whose parent is not
 * in the list (held and not shown) is left out with its own replies.
 */
export function buildThreadTree(
  comments: VideoCommentEntity[],
  host: string,
  counters: Map<number, ReplyCounters>,
): VideoCommentThreadTree {
  const [first, ...replies] = comments;
  const root: VideoCommentThreadTree = { comment: formatComment(first, host, counters.get(first.id)), children: [] };
  const nodes = new Map([[first.id, root]]);
  for (const reply of replies) {
    const parent = reply.inReplyToCommentId === null ? undefined : nodes.get(reply.inReplyToCommentId);
    if (!parent) continue;
    const node = { comment: formatComment(reply, host, counters.get(reply.id)), children: [] };
    parent.children.push(node);
    nodes.set(reply.id, node);
  }
  return root;
}
