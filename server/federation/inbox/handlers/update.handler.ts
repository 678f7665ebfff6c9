import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import type { JsonObject } from '../../activitypub/remote-document.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Update of a Video: the remote video is refreshed (stored if it was not known). */
@Injectable()
export class UpdateHandler implements InboxHandler {
  constructor(private readonly videos: RemoteVideosService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (!actor.server) return JobStatus.Skipped;
    await this.videos.receive(activity.object, actor.server.host);
    return JobStatus.Success;
  }
}
