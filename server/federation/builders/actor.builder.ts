import type { ActivityPubActor } from '../../../shared/models/activitypub/actor.js';
import type { ActivityIconObject } from '../../../shared/models/activitypub/common-objects.js';
import type { ActorImageType } from '../../modules/actors/actor-image.entity.js';
import { actorImageUrl } from '../../modules/actors/actor-image.formatter.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import type { AccountEntity } from '../../modules/accounts/account.entity.js';
import type { VideoChannelEntity } from '../../modules/channels/video-channel.entity.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';

/** Where people see an actor: the client's account (`/a/`) and channel (`/c/`) pages, as PeerTube's. */
function pageUrl(baseUrl: string, actor: ActorEntity): string {
  return `${baseUrl}/${actor.type === 'Group' ? 'c' : 'a'}/${actor.preferredUsername}`;
}

const MEDIA_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/**
 * Every size of an avatar or banner as `Image` objects, undefined when there is none (PeerTube omits the field).
 * The 120 px avatar comes first, as PeerTube orders it: servers that keep one icon take the first.
 */
function buildImages(actor: ActorEntity, type: ActorImageType): ActivityIconObject[] | undefined {
  const images = (actor.images ?? []).filter((image) => image.type === type && image.fileUrl === null);
  if (images.length === 0) return undefined;
  const ordered = [...images.filter((image) => image.width === 120), ...images.filter((image) => image.width !== 120)];
  return ordered.map((image) => ({
    type: 'Image',
    mediaType: MEDIA_TYPES[image.filename.split('.').pop() ?? ''] ?? 'image/jpeg',
    width: image.width ?? 0,
    height: image.height,
    url: actorImageUrl(image, actor),
  }));
}

function buildActor(
  actor: ActorEntity,
  baseUrl: string,
  profile: { name: string; summary: string | null },
): ActivityPubActor {
  return {
    '@context': ACTIVITY_PUB_CONTEXT,
    type: actor.type,
    id: actor.url,
    following: actor.followingUrl,
    followers: actor.followersUrl,
    playlists: `${actor.url}/playlists`,
    inbox: actor.inboxUrl,
    outbox: actor.outboxUrl,
    preferredUsername: actor.preferredUsername,
    url: [{ type: 'Link', mediaType: 'text/html', href: pageUrl(baseUrl, actor) }],
    name: profile.name,
    endpoints: { sharedInbox: actor.sharedInboxUrl },
    summary: profile.summary,
    publicKey: { id: `${actor.url}#main-key`, owner: actor.url, publicKeyPem: actor.publicKey },
    published: actor.createdAt.toISOString(),
    icon: buildImages(actor, 'avatar'),
  };
}

/** An account (Person), or the instance's own account (Application). */
export function buildAccountActor(account: AccountEntity, baseUrl: string): ActivityPubActor {
  return buildActor(account.actor, baseUrl, { name: account.displayName, summary: account.description });
}

/** A channel (Group), attributed to the account that owns it (by id alone, as PeerTube 8 writes it). */
export function buildChannelActor(channel: VideoChannelEntity, baseUrl: string): ActivityPubActor {
  return {
    ...buildActor(channel.actor, baseUrl, { name: channel.displayName, summary: channel.description }),
    attributedTo: [channel.account.actor.url],
    support: channel.support,
    image: buildImages(channel.actor, 'banner'),
    // Read by Lemmy, which shows channels as communities: nobody else posts in a channel.
    postingRestrictedToMods: true,
  };
}
