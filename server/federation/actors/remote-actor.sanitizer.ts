import type { ActorType } from '../../modules/actors/actor.entity.js';
import type { RemoteActorFields } from '../../modules/actors/actors.repository.js';
import { hostOfUrl, InvalidRemoteDocument, isObject, referencesOf, urlField } from '../activitypub/remote-document.js';
import { sanitizeRemoteActorImages, type RemoteActorImage } from './remote-actor-images.sanitizer.js';

/** PeerTube names one account as a channel's owner; a few more entries are tolerated, not fetched. */
const MAX_OWNERS = 4;

const ACTOR_TYPES: Record<string, ActorType> = {
  Person: 'Person',
  Group: 'Group',
  Application: 'Application',
  // Bots and organizations act like instances here: they follow and are followed.
  Service: 'Application',
  Organization: 'Application',
};

const MAX_NAME_LENGTH = 50;
const MAX_DISPLAY_NAME_LENGTH = 120;

export interface SanitizedActor {
  fields: Omit<RemoteActorFields, 'serverId'>;
  /** What accounts and channels of remote actors show. */
  profile: { displayName: string; description: string | null };
  /** The actors it names as its owners on its own host (a PeerTube channel: its account). */
  attributedTo: string[];
  /** Its avatars (`icon`) and banners (`image`), every size it offers. */
  images: { avatar: RemoteActorImage[]; banner: RemoteActorImage[] };
}

/**
 * The fields Shoal keeps of a remote actor document fetched from `fetchedUrl`, after checking that it describes
 * itself (its id is on the host it came from, and so are its inbox and collections) and owns its public key.
 */
export function sanitizeRemoteActor(document: unknown, fetchedUrl: string): SanitizedActor {
  if (!isObject(document)) throw new InvalidRemoteDocument('not a JSON object');
  const type = typeof document.type === 'string' ? ACTOR_TYPES[document.type] : undefined;
  if (!type) throw new InvalidRemoteDocument(`type ${String(document.type)} is not an actor type`);
  const id = urlField(document, 'id');
  const host = hostOfUrl(id);
  if (host !== hostOfUrl(fetchedUrl)) throw new InvalidRemoteDocument(`id ${id} is not on the host it came from`);

  const name = document.preferredUsername;
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new InvalidRemoteDocument('preferredUsername is missing or too long');
  }
  const sameHost = (field: string, url: string): string => {
    if (hostOfUrl(url) !== host) throw new InvalidRemoteDocument(`${field} is on another host`);
    return url;
  };
  const endpoints = isObject(document.endpoints) ? document.endpoints : {};
  const publicKey = isObject(document.publicKey) ? document.publicKey : undefined;
  if (!publicKey || typeof publicKey.publicKeyPem !== 'string') throw new InvalidRemoteDocument('publicKey is missing');
  if (publicKey.owner !== id) throw new InvalidRemoteDocument('publicKey.owner is not the actor');

  const displayName = typeof document.name === 'string' && document.name.trim() !== '' ? document.name.trim() : name;
  const fields = {
    type,
    preferredUsername: name,
    url: id,
    inboxUrl: sameHost('inbox', urlField(document, 'inbox')),
    outboxUrl: sameHost('outbox', urlField(document, 'outbox')),
    sharedInboxUrl:
      typeof endpoints.sharedInbox === 'string' ? sameHost('sharedInbox', urlField(endpoints, 'sharedInbox')) : '',
    followersUrl: sameHost('followers', urlField(document, 'followers')),
    followingUrl: sameHost('following', urlField(document, 'following')),
    publicKey: publicKey.publicKeyPem,
  };
  return {
    fields,
    profile: {
      displayName: displayName.slice(0, MAX_DISPLAY_NAME_LENGTH),
      description: typeof document.summary === 'string' ? document.summary : null,
    },
    attributedTo: referencesOf(document.attributedTo)
      .filter((url) => hostOfUrl(url) === host)
      .slice(0, MAX_OWNERS),
    images: {
      avatar: sanitizeRemoteActorImages(document.icon, host ?? ''),
      banner: sanitizeRemoteActorImages(document.image, host ?? ''),
    },
  };
}
