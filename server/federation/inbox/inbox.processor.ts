import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ActivityType } from '../../../shared/models/activitypub/activity.js';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf } from '../activitypub/remote-document.js';
import { AcceptHandler } from './handlers/accept.handler.js';
import { FollowHandler } from './handlers/follow.handler.js';
import type { InboxHandler } from './handlers/inbox-handler.js';
import { RejectHandler } from './handlers/reject.handler.js';
import { UndoHandler } from './handlers/undo.handler.js';

/** Runs queued inbox activities through the handler of their type. */
@Injectable()
export class InboxProcessor {
  private readonly logger: Logger;
  private readonly handlers: Map<ActivityType, InboxHandler>;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly remoteActors: RemoteActorsService,
    private readonly servers: ServersRepository,
    follow: FollowHandler,
    accept: AcceptHandler,
    reject: RejectHandler,
    undo: UndoHandler,
  ) {
    this.logger = logger.child({ component: 'federation' });
    this.handlers = new Map([follow, accept, reject, undo].map((handler) => [handler.type, handler]));
  }

  @OnJob(JobName.ProcessInboxActivity)
  async process({ activity }: JobPayloads[JobName.ProcessInboxActivity]): Promise<JobStatus> {
    const actorUrl = idOf(activity.actor)!;
    // The server may have been blocked while the activity waited.
    if (await this.servers.isBlocked(hostOfUrl(actorUrl)!)) return JobStatus.Skipped;
    const handler = this.handlers.get(activity.type as ActivityType);
    if (!handler) {
      this.logger.info({ activity: activity.id, type: activity.type }, 'activity type not processed');
      return JobStatus.Skipped;
    }
    return handler.handle(activity, await this.remoteActors.get(actorUrl));
  }
}
