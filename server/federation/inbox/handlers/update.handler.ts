import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { DomainEvents } from '../../../core/events/domain-events.js';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { LOGGER } from '../../../core/logging/logging.module.js';
import { AccountsRepository } from '../../../modules/accounts/accounts.repository.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { ChannelsRepository } from '../../../modules/channels/channels.repository.js';
import { isObject, type JsonObject } from '../../activitypub/remote-document.js';
import { sanitizeRemoteActor } from '../../actors/remote-actor.sanitizer.js';
import { RemoteActorsService } from '../../actors/remote-actors.service.js';
import { RemotePlaylistsService } from '../../playlists/remote-playlists.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

const ACTOR_TYPES = new Set(['Person', 'Group', 'Application', 'Service', 'Organization']);

/**
 * Update of a Video or a Playlist: the remote copy is refreshed (stored if it was not known). Update of an actor by itself
 * (PeerTube sends one when an account or channel changes its name, avatar or banner): its copy here is refreshed.
 */
@Injectable()
export class UpdateHandler implements InboxHandler {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly videos: RemoteVideosService,
    private readonly playlists: RemotePlaylistsService,
    private readonly remoteActors: RemoteActorsService,
    private readonly accounts: AccountsRepository,
    private readonly channels: ChannelsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (!actor.server) return JobStatus.Skipped;
    const object = activity.object;
    if (isObject(object) && typeof object.type === 'string' && ACTOR_TYPES.has(object.type)) {
      return this.updateActor(object, actor);
    }
    if (isObject(object) && object.type === 'Playlist') {
      await this.playlists.receive(object, actor.server.host, activity.to);
      return JobStatus.Success;
    }
    await this.videos.receive(object, actor.server.host);
    return JobStatus.Success;
  }

  /** Only the actor itself may describe itself; its document is read as a fetched one would be. */
  private async updateActor(object: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (object.id !== actor.url) {
      this.logger.info({ actor: actor.url, object: object.id }, 'Update of another actor ignored');
      return JobStatus.Skipped;
    }
    const sanitized = sanitizeRemoteActor(object, actor.url);
    const stored = await this.remoteActors.store(sanitized);
    if (stored.type === 'Group') await this.channels.updateRemoteProfile(stored.id, sanitized.profile);
    else await this.accounts.updateRemoteProfile(stored.id, sanitized.profile);
    // After the change rather than with it: the event only drops what was read before (a lost one leaves answers
    // stale for their short lifetime), and the actor's rows are written by several repositories of their own.
    await this.events.emit(this.dataSource.manager, 'remote-actor.updated', { actorId: stored.id });
    return JobStatus.Success;
  }
}
