import type {
  ActivityIconObject,
  ActivityPubAttributedTo,
  ActivityUrlObject,
  JsonLdContext,
} from './common-objects.js';

/** Instances are Applications, accounts Persons, channels Groups. */
export type ActivityPubActorType = 'Person' | 'Application' | 'Group' | 'Service' | 'Organization';

export interface ActivityPubActor {
  '@context'?: JsonLdContext;
  type: ActivityPubActorType;
  id: string;
  following: string;
  followers: string;
  playlists?: string;
  inbox: string;
  outbox: string;
  preferredUsername: string;
  url: ActivityUrlObject[] | string;
  name: string;
  endpoints: { sharedInbox: string };
  summary: string | null;
  /** On channels: the account that owns them. */
  attributedTo?: ActivityPubAttributedTo[];
  support?: string | null;
  /** Lemmy's: only the channel's owners post in it (PeerTube writes true on channels). */
  postingRestrictedToMods?: boolean;
  publicKey: { id: string; owner: string; publicKeyPem: string };
  icon?: ActivityIconObject | ActivityIconObject[];
  image?: ActivityIconObject | ActivityIconObject[];
  published?: string;
}
