import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../core/events/domain-events.js';
import { AccountsRepository } from '../accounts/accounts.repository.js';
import type { ActorEntity } from '../actors/actor.entity.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoRatesRepository, type RateType } from './video-rates.repository.js';
import { VideosService } from './videos.service.js';

export type UserRating = RateType | 'none';

/** The id of a local actor's Like or Dislike of a video, as PeerTube builds it (`<actor>/likes/<video id>`). */
export function localRateUrl(actorUrl: string, type: RateType, videoId: number): string {
  return `${actorUrl}/${type === 'like' ? 'likes' : 'dislikes'}/${videoId}`;
}

/** Users' likes and dislikes (one rate per account and video), as PeerTube's `PUT /videos/{id}/rate`. */
@Injectable()
export class VideoRatesService {
  constructor(
    private readonly videos: VideosService,
    private readonly rates: VideoRatesRepository,
    private readonly accounts: AccountsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  async rate(user: AuthUser, id: string, rating: UserRating): Promise<void> {
    const video = await this.videos.getVisible(id, user);
    const actor = await this.accountActor(user);
    const url = rating === 'none' ? '' : localRateUrl(actor.url, rating, video.id);
    const current = rating === 'none' ? null : rating;
    await this.dataSource.transaction(async (manager) => {
      const previous = await this.rates.setRate(manager, actor.id, video.id, rating, url);
      // Rating the same way twice changes nothing, and tells no one.
      if (previous === current) return;
      await this.events.emit(manager, 'video.rated', {
        videoId: video.id,
        actorId: actor.id,
        previous,
        rating: current,
      });
    });
  }

  /** PeerTube's `GET /users/me/videos/{videoId}/rating`. */
  async getRating(user: AuthUser, id: string): Promise<{ videoId: number; rating: UserRating }> {
    const video = await this.videos.getVisible(id, user);
    const actor = await this.accountActor(user);
    return { videoId: video.id, rating: (await this.rates.getRate(actor.id, video.id)) ?? 'none' };
  }

  private async accountActor(user: AuthUser): Promise<ActorEntity> {
    const account = await this.accounts.getByUserId(user.id);
    if (!account) throw new Error(`user ${user.id} has no account`);
    return account.actor;
  }
}
