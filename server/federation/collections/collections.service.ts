import { Injectable } from '@nestjs/common';
import type { ActivityAnnounce, ActivityCreate } from '../../../shared/models/activitypub/activity.js';
import type {
  ActivityPubOrderedCollection,
  ActivityPubOrderedCollectionPage,
} from '../../../shared/models/activitypub/collection.js';
import { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { notFound } from '../../core/errors/domain-error.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { ChannelsRepository } from '../../modules/channels/channels.repository.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { PlaylistsRepository } from '../../modules/playlists/playlists.repository.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';
import { buildVideoAnnounce, buildVideoCreateReference } from '../builders/video-activities.builder.js';
import { orderedCollection } from './ordered-collection.js';

export const COLLECTION_NAMES = ['outbox', 'followers', 'following', 'playlists'] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

/**
 * A local actor's outbox (each of its public videos, newest first, as a Create by its account or an Announce by
 * its channel; the instance actor's announces every local one), its followers and following (actor ids of accepted follows)
 * and its public playlists, as paged OrderedCollections.
 */
@Injectable()
export class CollectionsService {
  constructor(
    private readonly actors: ActorsRepository,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
    private readonly videos: VideosRepository,
    private readonly follows: FollowsRepository,
    private readonly playlists: PlaylistsRepository,
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
    return orderedCollection(`${actor.url}/${collection}`, page, (start, count) =>
      this.items(actor, collection, start, count),
    );
  }

  private async items(
    actor: ActorEntity,
    collection: CollectionName,
    start: number,
    count: number,
  ): Promise<[unknown[], number]> {
    if (collection === 'outbox') return this.outbox(actor, start, count);
    // The ids of its public playlists, which PeerTube reads when it first meets an account.
    if (collection === 'playlists') return this.playlists.listPublicUrlsOfActor(actor.id, start, count);
    const [follows, total] = await this.follows.list(actor.id, collection, {
      start,
      count,
      descending: true,
      state: 'accepted',
    });
    return [follows.map((follow) => (collection === 'followers' ? follow.follower : follow.following).url), total];
  }

  private async outbox(
    actor: ActorEntity,
    start: number,
    count: number,
  ): Promise<[(ActivityAnnounce | ActivityCreate)[], number]> {
    const owner =
      actor.type === 'Group'
        ? { channelId: (await this.channels.getByName(actor.preferredUsername))?.id }
        : actor.type === 'Person'
          ? { accountId: (await this.accounts.getByName(actor.preferredUsername))?.id }
          : {};
    const [videos, total] = await this.videos.list({
      start,
      count,
      sort: { column: 'publishedAt', direction: 'DESC' },
      privacies: [VideoPrivacy.Public],
      includeUnpublished: false,
      isLocal: true,
      ...owner,
    });
    // As PeerTube lists them: an account's videos as their creation, the instance's and a channel's as shares.
    const activities = videos.map((video) =>
      actor.type === 'Person' ? buildVideoCreateReference(actor, video) : buildVideoAnnounce(actor, video),
    );
    return [activities, total];
  }
}
