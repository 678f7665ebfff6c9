/**
 * Counts events per key in fixed windows, in memory: the tracker answers thousands of announces a second and
 * its swarms live in this process anyway, so a Redis round trip per announce would cost more than it protects.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly max: number,
  ) {}

  /** Counts one event; false once the key has had `max` events in the current window. */
  take(key: string, now = Date.now()): boolean {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
      return true;
    }
    window.count++;
    return window.count <= this.max;
  }

  /** Forgets finished windows, so keys of peers long gone do not accumulate. */
  sweep(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}
