import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import type {
  CommentTombstoneObject,
  VideoCommentObject,
} from '../../../shared/models/activitypub/video-comment-object.js';
import { renderMarkdown } from '../../core/text/markdown.js';
import type { VideoCommentEntity } from '../../modules/comments/video-comment.entity.js';

export interface CommentAudience {
  to: string[];
  cc: string[];
}

/**
 * Who a comment is addressed to, as PeerTube addresses it: public, with the followers of its author and of the
 * actors that share the video (`involvedFollowers`), and the authors of the comments it answers in copy.
 */
export function commentAudience(
  comment: VideoCommentEntity,
  ancestors: VideoCommentEntity[],
  involvedFollowers: string[],
): CommentAudience {
  const cc = [
    ...(comment.account ? [comment.account.actor.followersUrl] : []),
    ...ancestors.flatMap((ancestor) => (ancestor.account ? [ancestor.account.actor.url] : [])),
    ...involvedFollowers,
  ];
  return { to: [ACTIVITY_STREAMS_PUBLIC], cc: [...new Set(cc)] };
}

/**
 * A comment as a PeerTube-shaped Note (a Tombstone once deleted). `comment` carries its author (actor and server),
 * its video and the comment it answers; `ancestors` are the comments above it, whose authors it mentions.
 */
export function buildCommentObject(
  comment: VideoCommentEntity,
  ancestors: VideoCommentEntity[],
  audience: CommentAudience,
  host: string,
): VideoCommentObject | CommentTombstoneObject {
  const inReplyTo = comment.inReplyTo?.url ?? comment.video.url;
  const published = comment.createdAt.toISOString();
  const updated = comment.updatedAt.toISOString();
  if (comment.deletedAt || !comment.account) {
    const deleted = (comment.deletedAt ?? comment.updatedAt).toISOString();
    return {
      type: 'Tombstone',
      formerType: 'Note',
      id: comment.url,
      url: comment.url,
      inReplyTo,
      published,
      updated,
      deleted,
    };
  }
  return {
    type: 'Note',
    id: comment.url,
    url: comment.url,
    content: renderMarkdown(comment.text),
    mediaType: 'text/html',
    source: { content: comment.text, mediaType: 'text/markdown' },
    inReplyTo,
    published,
    updated,
    attributedTo: comment.account.actor.url,
    tag: ancestors.flatMap((ancestor) => {
      const actor = ancestor.account?.actor;
      if (!actor) return [];
      return [
        {
          type: 'Mention' as const,
          href: actor.url,
          name: `@${actor.preferredUsername}@${actor.server?.host ?? host}`,
        },
      ];
    }),
    ...audience,
  };
}
