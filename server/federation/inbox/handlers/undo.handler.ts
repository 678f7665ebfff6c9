import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { isObject, type JsonObject } from '../../activitypub/remote-document.js';
import { InstanceFollowsService } from '../../follows/instance-follows.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Undo of a Follow: the remote actor stops following. */
@Injectable()
export class UndoHandler implements InboxHandler {
  readonly type = 'Undo';

  constructor(private readonly follows: InstanceFollowsService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const undone = activity.object;
    if (!isObject(undone) || undone.type !== 'Follow') return JobStatus.Skipped;
    await this.follows.onUndoFollow(actor, undone);
    return JobStatus.Success;
  }
}
