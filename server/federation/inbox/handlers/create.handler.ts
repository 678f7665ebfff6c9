import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import type { JsonObject } from '../../activitypub/remote-document.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Create of a Video: stored as a remote video (other objects are not kept). */
@Injectable()
export class CreateHandler implements InboxHandler {
  constructor(private readonly videos: RemoteVideosService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (!actor.server) return JobStatus.Skipped;
    await this.videos.receive(activity.object, actor.server.host, true);
    return JobStatus.Success;
  }
}
