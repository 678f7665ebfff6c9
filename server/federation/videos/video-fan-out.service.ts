import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Activity } from '../../../shared/models/activitypub/activity.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import type { VideoObject } from '../../../shared/models/activitypub/video-object.js';
import { VideoState } from '../../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';
import { isFederatedVideoPrivacy, VideosService } from '../../modules/videos/videos.service.js';
import { buildVideoAnnounce, videoAudience } from '../builders/video-activities.builder.js';
import { VideoCollectionsService } from '../collections/video-collections.service.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { buildViewerActivity } from '../send/view.js';
import { LocalVideoObjectService } from './local-video-object.service.js';

/**
 * Local videos to other instances: a published video goes to the followers of the instance, of its account and of
 * its channel as a Create by the account and Announces by the channel and the instance actor; edits as Update;
 * removal (or a change to private) as Delete.
 */
@Injectable()
export class VideoFanOutService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly videos: VideosService,
    private readonly videosRepository: VideosRepository,
    private readonly actors: ActorsRepository,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
    private readonly shares: VideoCollectionsService,
    private readonly videoObjects: LocalVideoObjectService,
  ) {}

  /**
   * A consumer job, retried until the fan-out is done. Delivery job ids derive from the activity and the inbox, so a
   * retry sends nothing twice.
   */
  @OnDomainEvent('video.published')
  async onPublished({ uuid }: DomainEventMap['video.published']): Promise<void> {
    await this.fanOutPublication(uuid);
  }

  private async fanOutPublication(uuid: string): Promise<void> {
    const federated = await this.federated(uuid);
    if (!federated) return;
    const { video, object, inboxes } = federated;
    const account = video.channel.account.actor;
    // Deliveries are keyed by the generation: the same when an interrupted fan-out is resumed, another when the
    // video is published again after having been made private.
    const generation = video.updatedAt.getTime();
    await this.send(
      {
        id: `${video.url}/activity/create/${generation}`,
        type: 'Create',
        actor: account.url,
        ...videoAudience(video.privacy, account.followersUrl),
        object,
      },
      account.id,
      inboxes,
    );
    // Shared by the instance actor too: PeerTube shows a remote video only once an actor it follows has shared it.
    for (const sharer of await this.shares.sharedBy(video)) {
      await this.send(buildVideoAnnounce(sharer, video), sharer.id, inboxes, `${generation}`);
    }
  }

  /**
   * An edit: an Update to those who know the video. A published video made private (or internal) is withdrawn with a
   * Delete; one made public or unlisted again is published anew. `previousPrivacy` tells which: the event says what
   * the change was, whatever the video became since.
   */
  @OnDomainEvent('video.updated')
  async onUpdated({ videoId, uuid, previousPrivacy }: DomainEventMap['video.updated']): Promise<void> {
    const wasFederated = previousPrivacy === undefined || isFederatedVideoPrivacy(previousPrivacy);
    const federated = await this.federated(uuid);
    if (!federated) {
      const video = await this.videosRepository.getDetailsById(videoId);
      if (previousPrivacy !== undefined && wasFederated && video?.isLocal && video.state === VideoState.Published) {
        await this.withdraw(video.url, video.channel.account.actorId, `/${video.updatedAt.getTime()}`);
      }
      return;
    }
    if (!wasFederated) return this.fanOutPublication(uuid);
    const { video, object, inboxes } = federated;
    const account = video.channel.account.actor;
    const id = `${video.url}/activity/update/${randomUUID()}`;
    const update = {
      id,
      type: 'Update' as const,
      actor: account.url,
      ...videoAudience(video.privacy, account.followersUrl),
    };
    await this.send({ ...update, object }, account.id, inboxes);
  }

  @OnDomainEvent('video.deleted')
  async onDeleted({ url, federated, accountActorId }: DomainEventMap['video.deleted']): Promise<void> {
    if (federated && accountActorId !== null) await this.withdraw(url, accountActorId, '');
  }

  /** A Delete of the video by its account, to the followers of the instance and of the account. */
  private async withdraw(url: string, accountActorId: number, idSuffix: string): Promise<void> {
    const account = await this.actors.getById(accountActorId);
    if (!account) return;
    const inboxes = await this.follows.followerInboxes([(await this.instanceAccount.get()).actorId, account.id]);
    const id = `${url}/activity/delete${idSuffix}`;
    await this.send({ id, type: 'Delete', actor: account.url, ...audience(account), object: url }, account.id, inboxes);
  }

  /**
   * The viewers of a local video, to its followers: a View by the instance actor with the count, valid for one viewer
   * window (the id is the same for each report of a video, so a follower replaces the figure it held).
   */
  @OnDomainEvent('video.viewers-counted')
  async onViewersCounted({ uuid, viewers }: DomainEventMap['video.viewers-counted']): Promise<void> {
    const federated = await this.federated(uuid);
    if (!federated) return;
    const { video, inboxes } = federated;
    const instance = (await this.instanceAccount.get()).actor;
    const expires = new Date(Date.now() + this.config.views.viewer_window);
    const activity = buildViewerActivity(
      instance.url,
      video,
      { id: video.uuid, expires, count: viewers },
      audience(video.channel.account.actor),
    );
    await this.send(activity, instance.id, inboxes, String(expires.getTime()));
  }

  /** A local video other instances may know, its Video object, and where to send it. */
  private async federated(
    uuid: string,
  ): Promise<{ video: VideoEntity; object: VideoObject; inboxes: string[] } | undefined> {
    const found = await this.videos.getFederated(uuid).catch((error: unknown) => {
      if (error instanceof DomainError) return undefined;
      throw error;
    });
    if (!found) return undefined;
    const { video, details } = found;
    const account = video.channel.account.actor;
    const object = await this.videoObjects.build(video, details);
    const followed = [(await this.instanceAccount.get()).actorId, account.id, video.channel.actorId];
    return { video, object, inboxes: await this.follows.followerInboxes(followed) };
  }

  /** `generation` tells apart sendings of an activity whose id stays the same (see DeliveryService.deliver). */
  private async send(activity: Activity, signerActorId: number, inboxes: string[], generation = ''): Promise<void> {
    if (inboxes.length > 0)
      await this.delivery.deliver(activity, signerActorId, inboxes, `${activity.id}#${generation}`);
  }
}

/** Public, and the sender's followers in copy, as PeerTube addresses videos. */
function audience(actor: { followersUrl: string }): { to: string[]; cc: string[] } {
  return { to: [ACTIVITY_STREAMS_PUBLIC], cc: [actor.followersUrl] };
}
