import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../core/config/config.js';
import { APP_CONFIG } from '../core/config/config.module.js';
import { LOGGER } from '../core/logging/logging.module.js';
import type { SwarmFigures, SwarmStats } from '../core/media/swarm-stats.js';
import { REDIS } from '../core/redis/redis.module.js';
import { TrackerService } from './tracker.service.js';

/**
 * Swarm figures cross processes as one Redis hash, infohash -> "peers:seeders", written whole by the tracker process
 * every `tracker.swarm_stats_interval`. It expires after three periods without a write, so the figures of a tracker
 * that died vanish instead of standing still.
 */
function swarmsKey(config: AppConfig): string {
  return `${config.redis.key_prefix}:tracker:swarms`;
}

const PERIODS_BEFORE_EXPIRY = 3;

/** In the tracker process: publishes the figures of its swarms for processes without the tracker role. */
@Injectable()
export class SwarmStatsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private publishing?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) logger: Logger,
    private readonly tracker: TrackerService,
  ) {
    this.logger = logger.child({ component: 'tracker' });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      // A write slower than the period is not stacked on: the next tick publishes fresher figures.
      this.publishing ??= this.publish()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not publish swarm figures'))
        .finally(() => (this.publishing = undefined));
    }, this.config.tracker.swarm_stats_interval);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.publishing;
  }

  private async publish(): Promise<void> {
    const key = swarmsKey(this.config);
    const fields: Record<string, string> = {};
    for (const [infoHash, { peers, seeders }] of this.tracker.swarms()) fields[infoHash] = `${peers}:${seeders}`;
    // One transaction: readers see the previous figures or the new ones, never a hash half written.
    const transaction = this.redis.multi().del(key);
    if (Object.keys(fields).length > 0) {
      transaction.hset(key, fields).pexpire(key, this.config.tracker.swarm_stats_interval * PERIODS_BEFORE_EXPIRY);
    }
    await transaction.exec();
  }
}

/** In api processes without the tracker role: the figures the tracker process last published. */
@Injectable()
export class RedisSwarmStats implements SwarmStats {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async figures(infoHashes: string[]): Promise<SwarmFigures> {
    const total = { peers: 0, seeders: 0 };
    if (infoHashes.length === 0) return total;
    for (const value of await this.redis.hmget(swarmsKey(this.config), ...infoHashes)) {
      if (value === null) continue;
      const [peers, seeders] = value.split(':').map(Number);
      total.peers += peers;
      total.seeders += seeders;
    }
    return total;
  }
}
