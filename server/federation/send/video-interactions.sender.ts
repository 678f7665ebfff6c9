import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Activity } from '../../../shared/models/activitypub/activity.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { localRateUrl } from '../../modules/videos/video-rates.service.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { VideoFanOutService } from '../videos/video-fan-out.service.js';
import { originAudience } from './audience.js';
import { buildDislikeActivity } from './dislike.js';
import { buildLikeActivity } from './like.js';
import { buildUndoActivity } from './undo.js';
import { buildViewActivity, buildViewerActivity } from './view.js';

/**
 * What local users do to videos, told to other instances as PeerTube does. Another instance's video: the rate
 * (Undo of the previous one first, then Like or Dislike, by the user's account), each view and each viewer still
 * watching (View by the instance actor, with `expires` for a viewer) go to the video's origin. A local video rated
 * here, or whose views the views flush counted: an Update of the video to its followers.
 */
@Injectable()
export class VideoInteractionsSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly videos: VideosRepository,
    private readonly actors: ActorsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
    private readonly fanOut: VideoFanOutService,
  ) {}

  @OnDomainEvent('video.rated')
  async onRated({ videoId, actorId, previous, rating }: DomainEventMap['video.rated']): Promise<void> {
    const video = await this.videos.getDetailsById(videoId);
    const actor = await this.actors.getById(actorId);
    if (!video || !actor) return;
    if (video.isLocal) return this.fanOut.onUpdated({ videoId, uuid: video.uuid });
    const audience = originAudience(video.channel.account.actor.url);
    const rateActivity = (type: 'like' | 'dislike') => {
      const build = type === 'like' ? buildLikeActivity : buildDislikeActivity;
      return build(localRateUrl(actor.url, type, video.id), actor.url, video.url, audience);
    };
    // The order PeerTube keeps: the old rate is taken back before the new one is given.
    if (previous) await this.toOrigin(video, buildUndoActivity(rateActivity(previous)), actor);
    if (rating) await this.toOrigin(video, rateActivity(rating), actor);
  }

  @OnDomainEvent('video.viewed')
  async onViewed({ videoId }: DomainEventMap['video.viewed']): Promise<void> {
    const video = await this.videos.getDetailsById(videoId);
    if (!video || video.isLocal) return;
    const instance = (await this.instanceAccount.get()).actor;
    const activity = buildViewActivity(instance.url, video, originAudience(video.channel.account.actor.url));
    await this.toOrigin(video, activity, instance);
  }

  @OnDomainEvent('video.watching')
  async onWatching({ videoId, viewerId }: DomainEventMap['video.watching']): Promise<void> {
    const video = await this.videos.getDetailsById(videoId);
    if (!video || video.isLocal) return;
    const instance = (await this.instanceAccount.get()).actor;
    const viewer = { id: viewerId, expires: new Date(Date.now() + this.config.views.viewer_window), count: 1 };
    const audience = originAudience(video.channel.account.actor.url);
    await this.toOrigin(video, buildViewerActivity(instance.url, video, viewer, audience), instance);
  }

  /** At most once per video and views flush (views.flush_interval), however many views it got meanwhile. */
  @OnDomainEvent('video.views-counted')
  async onViewsCounted({ videoId, uuid }: DomainEventMap['video.views-counted']): Promise<void> {
    await this.fanOut.onUpdated({ videoId, uuid });
  }

  /**
   * To the shared inbox of the video's account. Rate ids repeat (a video liked, unliked and liked again), so each
   * sending is its own delivery rather than one taken for done.
   */
  private async toOrigin(video: VideoEntity, activity: Activity, signer: ActorEntity): Promise<void> {
    const origin = video.channel.account.actor;
    const inbox = origin.sharedInboxUrl || origin.inboxUrl;
    await this.delivery.deliver(activity, signer.id, [inbox], `${activity.id} ${randomUUID()}`);
  }
}
