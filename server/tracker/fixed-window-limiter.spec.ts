import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from './fixed-window-limiter.js';

describe('FixedWindowLimiter', () => {
  it('allows max events per key and window, then refuses until the window ends', () => {
    const limiter = new FixedWindowLimiter(1000, 2);
    expect([limiter.take('a', 0), limiter.take('a', 10), limiter.take('a', 20)]).toEqual([true, true, false]);
    expect(limiter.take('b', 20)).toBe(true);
    expect(limiter.take('a', 1000)).toBe(true);
  });

  it('forgets finished windows when swept', () => {
    const limiter = new FixedWindowLimiter(1000, 2);
    limiter.take('a', 0);
    limiter.take('b', 500);
    limiter.sweep(1200);
    expect(limiter.size).toBe(1);
  });
});
