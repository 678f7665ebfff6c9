import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import type { JsonObject } from '../../activitypub/remote-document.js';
import { RemoteCommentsService } from '../../comments/remote-comments.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Create of a Video (stored as a remote video) or of a Note (a comment); other objects are not kept. */
@Injectable()
export class CreateHandler implements InboxHandler {
  constructor(
    private readonly videos: RemoteVideosService,
    private readonly comments: RemoteCommentsService,
  ) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (!actor.server) return JobStatus.Skipped;
    if (this.comments.isComment(activity.object)) {
      return (await this.comments.receiveCreate(activity, actor)) ? JobStatus.Success : JobStatus.Skipped;
    }
    await this.videos.receive(activity.object, actor.server.host, true);
    return JobStatus.Success;
  }
}
