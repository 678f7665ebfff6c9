import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { HostCircuitBreaker } from '../../server/federation/delivery/host-circuit-breaker.js';
import { mediumConfig } from '../utils/medium.js';
import { testServices } from '../utils/services.js';

// config/test.yaml: 5 failures open the breaker for 2 seconds.
describe('HostCircuitBreaker (real Redis)', () => {
  const config = mediumConfig();
  const redis = new Redis(testServices.redisUrl);
  const breaker = new HostCircuitBreaker(config, redis);

  afterAll(async () => {
    const keys = await redis.keys(`${config.redis.key_prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('parks a host after consecutive failures, for the configured pause only', async () => {
    for (let failure = 1; failure < config.federation.breaker.failures; failure++) {
      await breaker.recordFailure('dead.example');
    }
    expect(await breaker.parkedUntil('dead.example')).toBeUndefined();
    await breaker.recordFailure('dead.example');
    const until = await breaker.parkedUntil('dead.example');
    expect(until).toBeGreaterThan(Date.now());
    expect(until).toBeLessThanOrEqual(Date.now() + config.federation.breaker.pause);
    expect(await breaker.parkedUntil('alive.example')).toBeUndefined();

    await sleep(config.federation.breaker.pause + 100);
    expect(await breaker.parkedUntil('dead.example')).toBeUndefined();
  });

  it('forgets the failures of a host once a delivery to it succeeds', async () => {
    for (let failure = 1; failure < config.federation.breaker.failures; failure++) {
      await breaker.recordFailure('flaky.example');
    }
    await breaker.recordSuccess('flaky.example');
    await breaker.recordFailure('flaky.example');
    expect(await breaker.parkedUntil('flaky.example')).toBeUndefined();
  });
});
