import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../server/core/errors/domain-error.js';
import { RateLimiter } from '../../server/core/http/rate-limiter.js';
import { testServices } from '../utils/services.js';

describe('RateLimiter (real Redis)', () => {
  const redis = new Redis(testServices.redisUrl);
  const prefix = `shoal-medium-${randomBytes(4).toString('hex')}`;

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('allows max events per window and key, then answers 429 with Retry-After', async () => {
    const limiter = new RateLimiter(redis, prefix, { windowMs: 60_000, max: 3 }, 'custom_code');
    for (let hit = 0; hit < 3; hit++) await limiter.take('1.2.3.4');
    const refusal = await limiter.take('1.2.3.4').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ status: 429, code: 'custom_code' });
    expect(Number((refusal as DomainError).extras.headers?.['Retry-After'])).toBeGreaterThan(0);
    await limiter.take('5.6.7.8');
  });

  it('forgets events once the window has passed', async () => {
    const limiter = new RateLimiter(redis, prefix, { windowMs: 200, max: 1 });
    await limiter.take('9.9.9.9');
    await expect(limiter.take('9.9.9.9')).rejects.toBeInstanceOf(DomainError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await limiter.take('9.9.9.9');
  });

  it('gives a released attempt back, once', async () => {
    const limiter = new RateLimiter(redis, prefix, { windowMs: 60_000, max: 1 });
    const attempt = await limiter.take('7.7.7.7');
    await attempt.release();
    await attempt.release();
    await limiter.take('7.7.7.7');
    await expect(limiter.take('7.7.7.7')).rejects.toBeInstanceOf(DomainError);
  });

  it('audit #10: lets no more than max of 60 concurrent attempts through', async () => {
    const limiter = new RateLimiter(redis, prefix, { windowMs: 60_000, max: 5 });
    const outcomes = await Promise.allSettled(Array.from({ length: 60 }, () => limiter.take('6.6.6.6')));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(5);
  });
});
