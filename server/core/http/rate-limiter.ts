import { HttpStatus } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';

export interface RateLimitRule {
  windowMs: number;
  max: number;
}

/**
 * A fixed-window counter in Redis, so every process of an instance shares it. `hit` counts one event for
 * the key; `assertAllowed` refuses with 429 (and Retry-After) once the window holds `max` events.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly rule: RateLimitRule,
    private readonly code: string = CommonErrorCode.RateLimited,
  ) {}

  async hit(key: string): Promise<void> {
    const redisKey = this.redisKey(key);
    const count = await this.redis.incr(redisKey);
    if (count === 1) await this.redis.pexpire(redisKey, this.rule.windowMs);
  }

  async assertAllowed(key: string): Promise<void> {
    const redisKey = this.redisKey(key);
    const [count, ttlMs] = await Promise.all([this.redis.get(redisKey), this.redis.pttl(redisKey)]);
    if (Number(count ?? 0) < this.rule.max) return;
    const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
    throw new DomainError(
      this.code,
      HttpStatus.TOO_MANY_REQUESTS,
      `Too many attempts; retry in ${retryAfter} seconds`,
      {
        headers: { 'Retry-After': String(retryAfter) },
      },
    );
  }

  private redisKey(key: string): string {
    return `${this.keyPrefix}:${key}`;
  }
}
