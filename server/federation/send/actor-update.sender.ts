import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { AccountsRepository } from '../../modules/accounts/accounts.repository.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { ChannelsRepository } from '../../modules/channels/channels.repository.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { buildAccountActor, buildChannelActor } from '../builders/actor.builder.js';
import { DeliveryService } from '../delivery/delivery.service.js';
import { buildActorUpdateActivity } from './update-actor.js';

/**
 * A local account or channel changed (its avatar, its banner): an Update of its actor goes to its followers and to
 * the instance actor's, who hold its videos through the instance actor's Announces (PeerTube sends to the actors
 * that shared its videos too).
 */
@Injectable()
export class ActorUpdateSender {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: ActorsRepository,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly delivery: DeliveryService,
  ) {}

  @OnDomainEvent('actor.updated')
  async onActorUpdated({ actorId }: DomainEventMap['actor.updated']): Promise<void> {
    const actor = await this.actors.getById(actorId);
    if (!actor || actor.serverId !== null) return;
    const object = await this.actorObject(actor.type, actor.url, actor.preferredUsername);
    if (!object) return;
    const inboxes = await this.follows.followerInboxes([actor.id, (await this.instanceAccount.get()).actorId]);
    if (inboxes.length === 0) return;
    await this.delivery.deliver(buildActorUpdateActivity(object, actor.updatedAt), actor.id, inboxes);
  }

  private async actorObject(type: string, url: string, name: string) {
    const baseUrl = this.config.derived.url;
    if (type === 'Group') {
      const channel = await this.channels.getByActorUrl(url);
      return channel && buildChannelActor(channel, baseUrl);
    }
    const account = type === 'Person' ? await this.accounts.getByName(name) : null;
    return account && buildAccountActor(account, baseUrl);
  }
}
