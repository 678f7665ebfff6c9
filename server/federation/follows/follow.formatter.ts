import type { ActorFollow } from '../../../shared/models/server/follow.model.js';
import { formatActor } from '../../modules/accounts/account.formatter.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import type { ActorFollowEntity } from '../../modules/follows/actor-follow.entity.js';

function actorOf(actor: ActorEntity, localHost: string) {
  return formatActor(actor.id, actor, actor.server?.host ?? localHost);
}

/** PeerTube's ActorFollow: both actors with their hosts. */
export function formatFollow(follow: ActorFollowEntity, localHost: string): ActorFollow {
  return {
    id: follow.id,
    follower: actorOf(follow.follower, localHost),
    following: actorOf(follow.following, localHost),
    score: 100,
    state: follow.state,
    createdAt: follow.createdAt.toISOString(),
    updatedAt: follow.updatedAt.toISOString(),
  };
}
