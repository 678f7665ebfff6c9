import type { Account, Actor } from '../../../shared/models/actors/actor.model.js';
import type { ActorEntity } from '../actors/actor.entity.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import type { AccountEntity } from './account.entity.js';

/** REST fields common to accounts and channels; `id` is the account's or channel's, not the actor's. */
export function formatActor(id: number, actor: ActorEntity, host: string): Actor {
  return {
    id,
    url: actor.url,
    name: actor.preferredUsername,
    host,
    hostRedundancyAllowed: false,
    followingCount: actor.followingCount,
    followersCount: actor.followersCount,
    createdAt: actor.createdAt.toISOString(),
    avatars: formatActorImages(actor, 'avatar'),
  };
}

/** `host`: this instance's; another instance's account shows its own when its actor's server is loaded. */
export function formatAccount(account: AccountEntity, host: string): Account {
  return {
    ...formatActor(account.id, account.actor, account.actor.server?.host ?? host),
    displayName: account.displayName,
    description: account.description,
    updatedAt: account.updatedAt.toISOString(),
    ...(account.userId !== null && { userId: account.userId }),
  };
}
