import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { REDIS } from '../../core/redis/redis.module.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoRatesRepository } from './video-rates.repository.js';
import { VideosService } from './videos.service.js';

/**
 * Views (`POST /videos/{id}/views`, anonymous allowed): one per viewer (IP address) and video within
 * `videos.view_window`, remembered in Redis so that every process of the instance shares it. A local video's
 * counter goes up; a view of another instance's video is reported to its origin, which keeps the count (and sends
 * it back with the video), as PeerTube does.
 */
@Injectable()
export class VideoViewsService {
  private readonly keyPrefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly videos: VideosService,
    private readonly rates: VideoRatesRepository,
    private readonly events: DomainEvents,
  ) {
    this.keyPrefix = `${config.redis.key_prefix}:video-views`;
  }

  /** Answers whether the view was counted (false: this viewer was counted within the window). */
  async view(id: string, ip: string, user: AuthUser | undefined): Promise<boolean> {
    const video = await this.videos.getVisible(id, user);
    // The address is hashed: Redis holds no list of viewers' addresses.
    const viewer = createHash('sha256').update(ip).digest('hex').slice(0, 32);
    const first = await this.redis.set(
      `${this.keyPrefix}:${video.id}:${viewer}`,
      '1',
      'PX',
      this.config.videos.view_window,
      'NX',
    );
    if (first === null) return false;
    if (video.isLocal) await this.rates.addViewById(video.id);
    else await this.events.emit('video.viewed', { videoId: video.id });
    return true;
  }
}
