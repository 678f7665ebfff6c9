import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../../core/config/config.js';
import { APP_CONFIG } from '../../../core/config/config.module.js';
import { REDIS } from '../../../core/redis/redis.module.js';

/** The most viewers one report of another instance may claim, and the furthest its `expires` may lie ahead. */
export const MAX_REPORTED_VIEWERS = 1_000_000;
/** Viewers kept per video: past it, other instances' reports of new viewers are dropped (they cost memory). */
export const MAX_VIEWERS_PER_VIDEO = 100_000;
const MAX_REPORT_LIFETIME_MS = 10 * 60_000;

/**
 * Concurrent viewers of videos (PeerTube's `viewers`): someone counts while their player reported within
 * `views.viewer_window`. Kept in Redis, one sorted set per video (member: viewer, score: when they stop counting),
 * so every process of the instance answers the same figure.
 *
 * A remote video's origin sends the total of its viewers (a View with `expires` and a counter): that total, while it
 * lasts, replaces what this instance counted, as in PeerTube (it includes the viewers this instance reported).
 */
@Injectable()
export class VideoViewersStore {
  private readonly prefix: string;
  readonly windowMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.prefix = `${config.redis.key_prefix}:video-viewers`;
    this.windowMs = config.views.viewer_window;
  }

  /** Adds (or prolongs) a viewer until `until` (ms); answers whether they are new. */
  async touch(videoId: number, viewer: string, until = Date.now() + this.windowMs): Promise<boolean> {
    const key = `${this.prefix}:${videoId}`;
    const capped = Math.min(until, Date.now() + MAX_REPORT_LIFETIME_MS);
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, '-inf', Date.now())
      .zscore(key, viewer)
      .zadd(key, capped, viewer)
      .pexpire(key, MAX_REPORT_LIFETIME_MS)
      .sadd(this.activeKey, String(videoId))
      .exec();
    // The score before this report: none for a viewer not counted (or whose window had passed).
    return (results?.[1]?.[1] ?? null) === null;
  }

  private get activeKey(): string {
    return `${this.prefix}:active`;
  }

  /** Videos that had viewers reported since the last call, with their viewers now; those left with none are dropped. */
  async takeActive(): Promise<Map<number, number>> {
    const ids = (await this.redis.smembers(this.activeKey)).map(Number);
    const counts = await this.countMany(ids);
    const gone = ids.filter((id) => counts.get(id) === 0);
    if (gone.length > 0) await this.redis.srem(this.activeKey, ...gone.map(String));
    return new Map([...counts].filter(([, count]) => count > 0));
  }

  /** A viewer another instance reports: kept while the video has fewer than MAX_VIEWERS_PER_VIDEO viewers. */
  async touchReported(videoId: number, viewer: string, until: number): Promise<void> {
    if ((await this.redis.zcard(`${this.prefix}:${videoId}`)) >= MAX_VIEWERS_PER_VIDEO) return;
    await this.touch(videoId, viewer, until);
  }

  /** The total of a remote video's viewers as its origin reports it, valid until `until` (ms). */
  async setOriginTotal(videoId: number, viewers: number, until: number): Promise<void> {
    const lifetime = Math.min(until - Date.now(), MAX_REPORT_LIFETIME_MS);
    if (lifetime <= 0) return;
    const count = Math.max(0, Math.min(Math.trunc(viewers), MAX_REPORTED_VIEWERS));
    await this.redis.set(`${this.prefix}:origin:${videoId}`, String(count), 'PX', lifetime);
  }

  /** Viewers of each video now, in one round trip. */
  async countMany(videoIds: number[]): Promise<Map<number, number>> {
    if (videoIds.length === 0) return new Map();
    const now = Date.now();
    const pipeline = this.redis.pipeline();
    for (const id of videoIds) {
      pipeline.get(`${this.prefix}:origin:${id}`);
      pipeline.zcount(`${this.prefix}:${id}`, `(${now}`, '+inf');
    }
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      videoIds.map((id, index) => {
        const origin = results[2 * index]?.[1] as string | null;
        const counted = Number(results[2 * index + 1]?.[1] ?? 0);
        return [id, origin === null ? counted : Number(origin)];
      }),
    );
  }

  async count(videoId: number): Promise<number> {
    return (await this.countMany([videoId])).get(videoId) ?? 0;
  }
}
