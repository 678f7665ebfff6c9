import { Injectable } from '@nestjs/common';
import type { ActivityAnnounce } from '../../../shared/models/activitypub/activity.js';
import type {
  ActivityPubOrderedCollection,
  ActivityPubOrderedCollectionPage,
} from '../../../shared/models/activitypub/collection.js';
import { notFound } from '../../core/errors/domain-error.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { CommentsRepository } from '../../modules/comments/comments.repository.js';
import { VideoRatesRepository } from '../../modules/videos/video-rates.repository.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { VideosService } from '../../modules/videos/videos.service.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { buildVideoAnnounce, type SharingActor } from '../builders/video-activities.builder.js';
import { orderedCollection } from './ordered-collection.js';

export const VIDEO_COLLECTION_NAMES = ['likes', 'dislikes', 'announces', 'comments'] as const;
export type VideoCollectionName = (typeof VIDEO_COLLECTION_NAMES)[number];

/**
 * The collections a Video object names (`likes`, `dislikes`, `shares`, `comments`), which PeerTube fetches with
 * every copy of the video it stores or refreshes, and the Announces listed in `shares`, each served at its id.
 */
@Injectable()
export class VideoCollectionsService {
  constructor(
    private readonly videos: VideosService,
    private readonly rates: VideoRatesRepository,
    private readonly actors: ActorsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly comments: CommentsRepository,
  ) {}

  async collection(
    videoId: string,
    name: VideoCollectionName,
    page: number | undefined,
  ): Promise<ActivityPubOrderedCollection | ActivityPubOrderedCollectionPage<string>> {
    const { video } = await this.videos.getFederated(videoId);
    return orderedCollection(`${video.url}/${name}`, page, async (start, count) => {
      switch (name) {
        case 'likes':
        case 'dislikes':
          return this.rates.listUrls(video.id, name === 'likes' ? 'like' : 'dislike', start, count);
        case 'announces': {
          const shares = (await this.sharedBy(video)).map((actor) => buildVideoAnnounce(actor, video).id);
          return [shares.slice(start, start + count), shares.length];
        }
        case 'comments':
          return this.comments.listUrls(video.id, start, count);
      }
    });
  }

  /** The Announce of the video by the instance actor or its channel (those sent on publication). */
  async announce(videoId: string, actorId: number): Promise<ActivityAnnounce> {
    const { video } = await this.videos.getFederated(videoId);
    const actor = (await this.sharedBy(video)).find((sharer) => sharer.id === actorId);
    if (!actor) throw notFound('Announce');
    return { '@context': ACTIVITY_PUB_CONTEXT, ...buildVideoAnnounce(actor, video) };
  }

  /** Who shares a published local video: the instance actor and the video's channel. */
  async sharedBy(video: VideoEntity): Promise<SharingActor[]> {
    const instance = await this.actors.getById((await this.instanceAccount.get()).actorId);
    if (!instance) throw new Error('the instance actor is missing');
    return [instance, video.channel.actor];
  }
}
