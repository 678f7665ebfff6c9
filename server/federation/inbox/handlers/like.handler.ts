import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { VideoRatesRepository } from '../../../modules/videos/video-rates.repository.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import type { InboxHandler } from './inbox-handler.js';

/** A remote actor likes a video this instance knows: counted once per actor. */
@Injectable()
export class LikeHandler implements InboxHandler {
  constructor(private readonly rates: VideoRatesRepository) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const video = idOf(activity.object);
    const counted = video !== undefined && (await this.rates.rate(actor.id, video, 'like', activity.id as string));
    return counted ? JobStatus.Success : JobStatus.Skipped;
  }
}
