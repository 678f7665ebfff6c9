import { Injectable } from '@nestjs/common';
import type { ActivityAnnounce } from '../../../shared/models/activitypub/activity.js';
import type {
  ActivityPubOrderedCollection,
  ActivityPubOrderedCollectionPage,
} from '../../../shared/models/activitypub/collection.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { notFound } from '../../core/errors/domain-error.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { ChannelsRepository } from '../../modules/channels/channels.repository.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';

export const COLLECTION_PAGE_SIZE = 10;

export const COLLECTION_NAMES = ['outbox', 'followers', 'following'] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

/**
 * A local actor's outbox (an Announce of each of its public videos, newest first; the instance actor's holds every
 * local one) and its followers and following (actor ids of accepted follows), as paged OrderedCollections.
 */
@Injectable()
export class CollectionsService {
  constructor(
    private readonly actors: ActorsRepository,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
    private readonly videos: VideosRepository,
    private readonly follows: FollowsRepository,
  ) {}

  /** The collection (no page) or one of its pages (from 1). */
  async get(
    kind: 'accounts' | 'video-channels',
    name: string,
    collection: CollectionName,
    page: number | undefined,
  ): Promise<ActivityPubOrderedCollection | ActivityPubOrderedCollectionPage<unknown>> {
    const actor = await this.actors.getLocalByName(name);
    const isChannel = actor?.type === 'Group';
    if (!actor || (kind === 'video-channels') !== isChannel) throw notFound('Actor');
    const id = `${actor.url}/${collection}`;
    const start = page === undefined ? 0 : (page - 1) * COLLECTION_PAGE_SIZE;
    const [items, totalItems] = await this.items(actor, collection, start);
    if (page === undefined) {
      return { '@context': ACTIVITY_PUB_CONTEXT, id, type: 'OrderedCollection', totalItems, first: `${id}?page=1` };
    }
    return {
      '@context': ACTIVITY_PUB_CONTEXT,
      id: `${id}?page=${page}`,
      type: 'OrderedCollectionPage',
      partOf: id,
      totalItems,
      orderedItems: items,
      ...(start + COLLECTION_PAGE_SIZE < totalItems && { next: `${id}?page=${page + 1}` }),
      ...(page > 1 && { prev: `${id}?page=${page - 1}` }),
    };
  }

  private async items(actor: ActorEntity, collection: CollectionName, start: number): Promise<[unknown[], number]> {
    if (collection === 'outbox') return this.outbox(actor, start);
    const [follows, total] = await this.follows.list(actor.id, collection, {
      start,
      count: COLLECTION_PAGE_SIZE,
      descending: true,
      state: 'accepted',
    });
    return [follows.map((follow) => (collection === 'followers' ? follow.follower : follow.following).url), total];
  }

  private async outbox(actor: ActorEntity, start: number): Promise<[ActivityAnnounce[], number]> {
    const owner =
      actor.type === 'Group'
        ? { channelId: (await this.channels.getByName(actor.preferredUsername))?.id }
        : actor.type === 'Person'
          ? { accountId: (await this.accounts.getByName(actor.preferredUsername))?.id }
          : {};
    const [videos, total] = await this.videos.list({
      start,
      count: COLLECTION_PAGE_SIZE,
      sort: { column: 'publishedAt', direction: 'DESC' },
      privacies: [VideoPrivacy.Public],
      includeUnpublished: false,
      isLocal: true,
      ...owner,
    });
    const announces = videos.map((video): ActivityAnnounce => ({
      id: `${actor.url}/announces/${video.uuid}`,
      type: 'Announce',
      actor: actor.url,
      object: video.url,
      to: [ACTIVITY_STREAMS_PUBLIC],
      cc: [actor.followersUrl],
    }));
    return [announces, total];
  }
}
