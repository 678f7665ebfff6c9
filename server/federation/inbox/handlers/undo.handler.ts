import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { VideoRatesRepository } from '../../../modules/videos/video-rates.repository.js';
import { idOf, isObject, type JsonObject } from '../../activitypub/remote-document.js';
import { InstanceFollowsService } from '../../follows/instance-follows.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Undo of a Follow (the remote actor stops following) or of a Like or Dislike (its rate goes). */
@Injectable()
export class UndoHandler implements InboxHandler {
  constructor(
    private readonly follows: InstanceFollowsService,
    private readonly rates: VideoRatesRepository,
  ) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const undone = activity.object;
    if (!isObject(undone)) return JobStatus.Skipped;
    if (undone.type === 'Follow') {
      await this.follows.onUndoFollow(actor, undone);
      return JobStatus.Success;
    }
    const video = idOf(undone.object);
    if ((undone.type === 'Like' || undone.type === 'Dislike') && video) {
      await this.rates.unrate(actor.id, video, undone.type === 'Like' ? 'like' : 'dislike');
      return JobStatus.Success;
    }
    return JobStatus.Skipped;
  }
}
