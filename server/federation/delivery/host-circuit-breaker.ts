import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { REDIS } from '../../core/redis/redis.module.js';

/**
 * Consecutive failed deliveries per host, in Redis so every process sees them. Past `federation.breaker.failures`
 * the host is parked for `pause`: deliveries to it wait instead of being attempted. A success clears the count.
 */
@Injectable()
export class HostCircuitBreaker {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** When the host may be tried again (ms since the epoch), or undefined when it may be tried now. */
  async parkedUntil(host: string): Promise<number | undefined> {
    const until = Number(await this.redis.get(this.key(host, 'open-until')));
    return until > Date.now() ? until : undefined;
  }

  async recordSuccess(host: string): Promise<void> {
    await this.redis.del(this.key(host, 'failures'), this.key(host, 'open-until'));
  }

  async recordFailure(host: string): Promise<void> {
    const { failures, pause } = this.config.federation.breaker;
    const key = this.key(host, 'failures');
    const count = await this.redis.incr(key);
    // Failures far apart do not add up to a dead host.
    await this.redis.pexpire(key, pause * 2);
    if (count >= failures) await this.redis.set(this.key(host, 'open-until'), String(Date.now() + pause), 'PX', pause);
  }

  private key(host: string, field: string): string {
    return `${this.config.redis.key_prefix}:federation:breaker:${host}:${field}`;
  }
}
