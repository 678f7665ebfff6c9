import { VideoCommentPolicy } from '../../../shared/models/videos/video-enums.js';

/**
 * The two columns a video's comment settings are kept in, from PeerTube 8's `commentsPolicy` or, from older
 * clients, `commentsEnabled` (the policy wins when both are given); nothing when neither is.
 */
export function commentSettings(input: {
  commentsPolicy?: VideoCommentPolicy;
  commentsEnabled?: boolean;
}): { commentsPolicy: VideoCommentPolicy; commentsEnabled: boolean } | Record<string, never> {
  const policy =
    input.commentsPolicy ??
    (input.commentsEnabled === undefined
      ? undefined
      : input.commentsEnabled
        ? VideoCommentPolicy.Enabled
        : VideoCommentPolicy.Disabled);
  if (policy === undefined) return {};
  return { commentsPolicy: policy, commentsEnabled: policy !== VideoCommentPolicy.Disabled };
}
