import type { ActorImage } from '../../../shared/models/actors/actor.model.js';
import type { ActorImageEntity, ActorImageType } from './actor-image.entity.js';
import type { ActorEntity } from './actor.entity.js';

/** PeerTube's URL folders of actor images: clients build `path` on the instance they talk to. */
export const ACTOR_IMAGE_URL_PATHS: Record<ActorImageType, string> = {
  avatar: '/lazy-static/avatars',
  banner: '/lazy-static/banners',
};

export const actorImagePath = (image: Pick<ActorImageEntity, 'type' | 'filename'>): string =>
  `${ACTOR_IMAGE_URL_PATHS[image.type]}/${image.filename}`;

/**
 * Where an image is: a remote one at its origin's URL; a local one on this instance, whose origin is its actor's
 * (local actors' ids are built from this instance's public URL, so the formatters need no configuration).
 */
export function actorImageUrl(image: ActorImageEntity, actor: Pick<ActorEntity, 'url'>): string {
  return image.fileUrl ?? `${new URL(actor.url).origin}${actorImagePath(image)}`;
}

/** The REST shape of an actor's avatars or banners, smallest first; none when its images were not loaded. */
export function formatActorImages(actor: ActorEntity, type: ActorImageType): ActorImage[] {
  const images = (actor.images ?? []).filter((image) => image.type === type);
  if (images.length === 0) return [];
  // Parsed once per actor, not per image: lists format four avatar sizes of two actors per video.
  const localOrigin = new URL(actor.url).origin;
  return images.map((image) => {
    const path = actorImagePath(image);
    return {
      width: image.width,
      height: image.height,
      path,
      fileUrl: image.fileUrl ?? `${localOrigin}${path}`,
      createdAt: image.createdAt.toISOString(),
      updatedAt: image.updatedAt.toISOString(),
    };
  });
}
