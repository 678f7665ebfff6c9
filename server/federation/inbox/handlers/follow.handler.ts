import { Injectable } from '@nestjs/common';
import type { ActivityFollow } from '../../../../shared/models/activitypub/activity.js';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { InstanceFollowsService } from '../../follows/instance-follows.service.js';
import type { InboxHandler } from './inbox-handler.js';

@Injectable()
export class FollowHandler implements InboxHandler {
  constructor(private readonly follows: InstanceFollowsService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const object = idOf(activity.object);
    if (!object) return JobStatus.Skipped;
    const follow: ActivityFollow = { id: activity.id as string, type: 'Follow', actor: actor.url, object };
    await this.follows.onFollow(actor, follow);
    return JobStatus.Success;
  }
}
