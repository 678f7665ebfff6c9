import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { STATS_ACTIVITY_TYPES, type StatsActivityType } from '../../../shared/models/server/server-stats.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { REDIS } from '../../core/redis/redis.module.js';

export type InboxOutcome = 'success' | 'error';

export interface InboxCounts {
  successes: Record<StatsActivityType, number>;
  errors: Record<StatsActivityType, number>;
  /** When counting started (ms), for the rate. */
  since: number;
}

/**
 * Inbox activities processed, by type and outcome, as PeerTube's server stats report them. In Redis (one hash),
 * so that every process's inbox worker counts into the same figures; counted since the instance first counted.
 */
@Injectable()
export class InboxStatsStore {
  private readonly key: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.key = `${config.redis.key_prefix}:inbox-stats`;
  }

  /** Counts one processed activity; types PeerTube does not count are left out. */
  async count(type: string, outcome: InboxOutcome): Promise<void> {
    if (!(STATS_ACTIVITY_TYPES as readonly string[]).includes(type)) return;
    await this.redis
      .multi()
      .hsetnx(this.key, 'since', String(Date.now()))
      .hincrby(this.key, `${outcome}:${type}`, 1)
      .exec();
  }

  async read(): Promise<InboxCounts> {
    const fields = await this.redis.hgetall(this.key);
    const byType = (outcome: InboxOutcome) =>
      Object.fromEntries(
        STATS_ACTIVITY_TYPES.map((type) => [type, Number(fields[`${outcome}:${type}`] ?? 0)]),
      ) as Record<StatsActivityType, number>;
    return { successes: byType('success'), errors: byType('error'), since: Number(fields.since ?? Date.now()) };
  }
}
