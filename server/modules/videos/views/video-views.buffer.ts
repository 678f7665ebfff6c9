import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../../core/config/config.js';
import { APP_CONFIG } from '../../../core/config/config.module.js';
import { REDIS } from '../../../core/redis/redis.module.js';

const HOUR_MS = 3_600_000;

/** What one flush takes out of Redis: views per local video, and views per video and hour (every video). */
export interface DrainedViews {
  /** Video id -> views to add to its counter (local videos only: the origin counts a remote video's). */
  counters: Map<number, number>;
  /** Views per video and hour, for the history `-trending` reads. */
  history: { videoId: number; hourStart: Date; views: number }[];
}

/** The start of the hour a moment falls in, in ms since the epoch. */
export const hourStartOf = (time: number): number => time - (time % HOUR_MS);

/**
 * Views waiting to reach the database, in Redis so that every process of the instance counts into the same place:
 * a view is an HINCRBY, and one flush job (VideoViewsFlushService) writes them all in one batch, as PeerTube's views
 * buffer does, rather than an UPDATE of the video row per view.
 */
@Injectable()
export class VideoViewsBuffer {
  private readonly prefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.prefix = `${config.redis.key_prefix}:video-views`;
  }

  private get countersKey(): string {
    return `${this.prefix}:counters`;
  }

  private get historyKey(): string {
    return `${this.prefix}:history`;
  }

  /**
   * Marks the viewer as counted for the video within `videos.view_window`; false when they already were (a view of
   * theirs was counted less than a window ago).
   */
  async firstViewInWindow(videoId: number, viewer: string): Promise<boolean> {
    const key = `${this.prefix}:${videoId}:${viewer}`;
    return (await this.redis.set(key, '1', 'PX', this.config.videos.view_window, 'NX')) !== null;
  }

  /** One view of a video: its counter grows only for a local video; every view goes to the history. */
  async add(videoId: number, isLocal: boolean, at = Date.now()): Promise<void> {
    const pipeline = this.redis.multi();
    if (isLocal) pipeline.hincrby(this.countersKey, String(videoId), 1);
    pipeline.hincrby(this.historyKey, `${videoId}:${hourStartOf(at)}`, 1);
    await pipeline.exec();
  }

  /** Takes every buffered count out of Redis at once (read and delete in one transaction: no view is lost between). */
  async drain(): Promise<DrainedViews> {
    const results = await this.redis
      .multi()
      .hgetall(this.countersKey)
      .hgetall(this.historyKey)
      .del(this.countersKey, this.historyKey)
      .exec();
    const counters = (results?.[0]?.[1] ?? {}) as Record<string, string>;
    const history = (results?.[1]?.[1] ?? {}) as Record<string, string>;
    return {
      counters: new Map(Object.entries(counters).map(([id, views]) => [Number(id), Number(views)])),
      history: Object.entries(history).map(([field, views]) => {
        const [videoId, hourStart] = field.split(':').map(Number);
        return { videoId, hourStart: new Date(hourStart), views: Number(views) };
      }),
    };
  }

  /** Puts drained counts back, when writing them to the database failed: the next flush tries again. */
  async restore(drained: DrainedViews): Promise<void> {
    const pipeline = this.redis.multi();
    for (const [videoId, views] of drained.counters) pipeline.hincrby(this.countersKey, String(videoId), views);
    for (const row of drained.history)
      pipeline.hincrby(this.historyKey, `${row.videoId}:${row.hourStart.getTime()}`, row.views);
    await pipeline.exec();
  }
}
