import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Activity } from '../../../shared/models/activitypub/activity.js';
import { ACTIVITY_STREAMS_PUBLIC } from '../../../shared/models/activitypub/common-objects.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { PlaylistsRepository } from '../../modules/playlists/playlists.repository.js';
import { isFederatedPrivacy } from '../../modules/playlists/playlists.service.js';
import { playlistAudience } from '../builders/playlist-object.builder.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { PlaylistDocumentsService } from './playlist-documents.service.js';

/**
 * Local playlists to other instances, as PeerTube sends them: by the owner's account, to the followers of the
 * account, of the instance and of the playlist's channel. Made public or unlisted: Create; changed (elements
 * included): Update; made private or deleted: Delete. Private playlists are never sent.
 */
@Injectable()
export class PlaylistFanOutService {
  constructor(
    private readonly playlists: PlaylistsRepository,
    private readonly documents: PlaylistDocumentsService,
    private readonly actors: ActorsRepository,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
  ) {}

  @OnDomainEvent('playlist.updated')
  async onUpdated({ playlistId, previousPrivacy }: DomainEventMap['playlist.updated']): Promise<void> {
    const playlist = await this.playlists.getById(playlistId);
    if (!playlist?.isLocal) return;
    const account = playlist.ownerAccount.actor;
    const wasFederated = previousPrivacy !== null && isFederatedPrivacy(previousPrivacy);
    const inboxes = await this.inboxes(account.id, playlist.channel?.actorId ?? null);
    if (!isFederatedPrivacy(playlist.privacy)) {
      if (wasFederated) await this.withdraw(playlist.url, account, inboxes);
      return;
    }
    const object = await this.documents.build(playlist);
    const type = wasFederated ? 'Update' : 'Create';
    const activity: Activity = {
      id: `${playlist.url}/activity/${type.toLowerCase()}/${randomUUID()}`,
      type,
      actor: account.url,
      ...playlistAudience(playlist.privacy, account.followersUrl),
      object,
    };
    await this.send(activity, account.id, inboxes);
  }

  @OnDomainEvent('playlist.deleted')
  async onDeleted({ url, federated, ownerActorId, channelActorId }: DomainEventMap['playlist.deleted']): Promise<void> {
    if (!federated) return;
    const account = await this.actors.getById(ownerActorId);
    if (!account) return;
    await this.withdraw(url, account, await this.inboxes(account.id, channelActorId));
  }

  private async withdraw(url: string, account: { id: number; url: string; followersUrl: string }, inboxes: string[]) {
    const activity: Activity = {
      id: `${url}/activity/delete/${randomUUID()}`,
      type: 'Delete',
      actor: account.url,
      to: [ACTIVITY_STREAMS_PUBLIC],
      cc: [account.followersUrl],
      object: url,
    };
    await this.send(activity, account.id, inboxes);
  }

  private async inboxes(accountActorId: number, channelActorId: number | null): Promise<string[]> {
    const followed = [(await this.instanceAccount.get()).actorId, accountActorId];
    if (channelActorId !== null) followed.push(channelActorId);
    return this.follows.followerInboxes(followed);
  }

  private async send(activity: Activity, signerActorId: number, inboxes: string[]): Promise<void> {
    if (inboxes.length > 0) await this.delivery.deliver(activity, signerActorId, inboxes);
  }
}
