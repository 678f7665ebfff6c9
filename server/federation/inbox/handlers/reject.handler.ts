import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import type { JsonObject } from '../../activitypub/remote-document.js';
import { InstanceFollowsService } from '../../follows/instance-follows.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** A follow of ours was refused (or a follower removed us): the follow goes. */
@Injectable()
export class RejectHandler implements InboxHandler {
  constructor(private readonly follows: InstanceFollowsService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    await this.follows.onAnswer(actor, activity.object, false);
    return JobStatus.Success;
  }
}
