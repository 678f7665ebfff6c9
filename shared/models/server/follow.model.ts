import type { Actor } from '../actors/actor.model.js';

export type FollowState = 'pending' | 'accepted';

/** An element of GET /api/v1/server/following and /api/v1/server/followers. */
export interface ActorFollow {
  id: number;
  follower: Actor;
  following: Actor;
  score: number;
  state: FollowState;
  createdAt: string;
  updatedAt: string;
}
