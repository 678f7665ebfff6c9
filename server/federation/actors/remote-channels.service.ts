import { Injectable } from '@nestjs/common';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import type { VideoChannelEntity } from '../../modules/channels/video-channel.entity.js';
import { ChannelsRepository } from '../../modules/channels/channels.repository.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { isFresh, RemoteActorsService } from './remote-actors.service.js';

/**
 * Channels of other instances: the row of a remote Group and the account row of the Person that owns it, as the
 * Group itself names it (`attributedTo`), never as a video or a subscriber says.
 */
@Injectable()
export class RemoteChannelsService {
  constructor(
    private readonly remoteActors: RemoteActorsService,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
  ) {}

  /** The channel of a remote Group, created or refreshed; one read within the day is used as it is. */
  async channelOf(groupUrl: string): Promise<VideoChannelEntity> {
    const known = await this.channels.getByActorUrl(groupUrl);
    if (known && isFresh(known.actor) && isFresh(known.account.actor)) return known;
    const group = await this.remoteActors.fetchWithProfile(groupUrl);
    if (group.actor.type !== 'Group') throw new InvalidRemoteDocument(`${groupUrl} is not a Group`);
    // One owner after the other (the sanitizer keeps a few), until the Person.
    for (const ownerUrl of group.attributedTo) {
      const owner = await this.remoteActors.fetchWithProfile(ownerUrl);
      if (owner.actor.type !== 'Person') continue;
      const accountId = await this.accounts.upsertRemote(owner.actor.id, owner.profile);
      const channelId = await this.channels.upsertRemote(group.actor.id, accountId, group.profile);
      return (await this.channels.getById(channelId))!;
    }
    throw new InvalidRemoteDocument(`the channel ${groupUrl} names no account as its owner (attributedTo)`);
  }

  /**
   * The channel a video is attributed to: its one Group among the actors it names (PeerTube names its account and
   * its channel, by id alone), found from the actors already known, else fetched one by one.
   */
  async channelOfVideo(attributedTo: string[]): Promise<VideoChannelEntity> {
    const groups: string[] = [];
    for (const url of attributedTo) {
      if ((await this.remoteActors.get(url)).type === 'Group') groups.push(url);
    }
    if (groups.length !== 1)
      throw new InvalidRemoteDocument(`a video must be attributed to one Group, not ${groups.length}`);
    return this.channelOf(groups[0]);
  }
}
