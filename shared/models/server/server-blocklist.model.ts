import type { Account } from '../actors/actor.model.js';

/** An element of GET /api/v1/server/blocklist/servers. */
export interface ServerBlock {
  byAccount: Account;
  blockedServer: { host: string };
  createdAt: string;
}
