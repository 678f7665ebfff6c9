import { HttpStatus } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';

export interface RateLimitRule {
  windowMs: number;
  max: number;
}

/** An attempt counted by `RateLimiter.take`; `release` gives it back when it turned out not to count. */
export interface RateLimitSlot {
  release(): Promise<void>;
}

// INCR and PEXPIRE in one step, so a window always ends even if the process dies between the two.
const TAKE_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}
`;

/**
 * A fixed-window counter in Redis, so every process of an instance shares it. `take` counts the attempt
 * before the work it guards and refuses with 429 (and Retry-After) once the window holds more than `max`:
 * counting first is what makes concurrent attempts unable to slip past the limit together (audit #10).
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly rule: RateLimitRule,
    private readonly code: string = CommonErrorCode.RateLimited,
  ) {}

  async take(key: string): Promise<RateLimitSlot> {
    const redisKey = this.redisKey(key);
    const [count, ttlMs] = (await this.redis.eval(TAKE_SCRIPT, 1, redisKey, String(this.rule.windowMs))) as [
      number,
      number,
    ];
    if (count > this.rule.max) {
      const retryAfter = Math.max(1, Math.ceil(ttlMs / 1000));
      throw new DomainError(
        this.code,
        HttpStatus.TOO_MANY_REQUESTS,
        `Too many attempts; retry in ${retryAfter} seconds`,
        { headers: { 'Retry-After': String(retryAfter) } },
      );
    }
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await this.redis.decr(redisKey);
      },
    };
  }

  private redisKey(key: string): string {
    return `${this.keyPrefix}:${key}`;
  }
}
