import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ActivityType } from '../../../shared/models/activitypub/activity.js';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { InboxStatsStore } from '../../modules/server-stats/inbox-stats.store.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf, InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { AcceptHandler } from './handlers/accept.handler.js';
import { ApproveReplyHandler } from './handlers/approve-reply.handler.js';
import { AnnounceHandler } from './handlers/announce.handler.js';
import { CreateHandler } from './handlers/create.handler.js';
import { DeleteHandler } from './handlers/delete.handler.js';
import { DislikeHandler } from './handlers/dislike.handler.js';
import { FollowHandler } from './handlers/follow.handler.js';
import { LikeHandler } from './handlers/like.handler.js';
import type { InboxHandler } from './handlers/inbox-handler.js';
import { RelayedActivitiesService } from './relayed-activities.service.js';
import { RejectHandler } from './handlers/reject.handler.js';
import { UndoHandler } from './handlers/undo.handler.js';
import { UpdateHandler } from './handlers/update.handler.js';
import { ViewHandler } from './handlers/view.handler.js';

/**
 * Runs queued inbox activities through the handler of their type; the table below is exhaustive over the activity
 * union (shared/models/activitypub/activity.ts), so a new activity type does not compile without its handler.
 */
@Injectable()
export class InboxProcessor {
  private readonly logger: Logger;
  private readonly handlers: Record<ActivityType, InboxHandler>;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly remoteActors: RemoteActorsService,
    private readonly servers: ServersRepository,
    private readonly relayed: RelayedActivitiesService,
    private readonly stats: InboxStatsStore,
    follow: FollowHandler,
    accept: AcceptHandler,
    reject: RejectHandler,
    undo: UndoHandler,
    create: CreateHandler,
    update: UpdateHandler,
    remove: DeleteHandler,
    announce: AnnounceHandler,
    like: LikeHandler,
    dislike: DislikeHandler,
    view: ViewHandler,
    approveReply: ApproveReplyHandler,
  ) {
    this.logger = logger.child({ component: 'federation' });
    this.handlers = {
      Follow: follow,
      Accept: accept,
      Reject: reject,
      Undo: undo,
      Create: create,
      Update: update,
      Delete: remove,
      Announce: announce,
      Like: like,
      Dislike: dislike,
      View: view,
      ApproveReply: approveReply,
    };
  }

  /** Processes an activity and counts it for the server stats: a success, or an error (refused or failed). */
  @OnJob(JobName.ProcessInboxActivity)
  async process(payload: JobPayloads[JobName.ProcessInboxActivity]): Promise<JobStatus> {
    const type = String(payload.activity.type);
    try {
      const status = await this.dispatch(payload);
      await this.stats.count(type, 'success');
      return status;
    } catch (error) {
      await this.stats.count(type, 'error').catch(() => undefined);
      throw error;
    }
  }

  private async dispatch({
    activity: received,
    signerActorUrl,
  }: JobPayloads[JobName.ProcessInboxActivity]): Promise<JobStatus> {
    const actorUrl = idOf(received.actor)!;
    // The server may have been blocked while the activity waited.
    if (await this.servers.isBlocked(hostOfUrl(actorUrl)!)) return JobStatus.Skipped;
    const type = received.type as string;
    const handler = Object.hasOwn(this.handlers, type) ? this.handlers[type as ActivityType] : undefined;
    if (!handler) {
      this.logger.info({ activity: received.id, type }, 'activity of a type Shoal does not handle');
      return JobStatus.Skipped;
    }
    try {
      // Relayed by another actor: only its ids are taken (RelayedActivitiesService).
      const activity = signerActorUrl === actorUrl ? received : await this.relayed.resolve(received);
      if (!activity) return JobStatus.Skipped;
      return await handler.handle(activity, await this.remoteActors.get(actorUrl));
    } catch (error) {
      // A document that is not what it must be will not become so on a retry.
      if (!(error instanceof InvalidRemoteDocument)) throw error;
      this.logger.info({ activity: received.id, reason: error.message }, 'activity refused');
      return JobStatus.Skipped;
    }
  }
}
