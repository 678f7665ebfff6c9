import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteCommentsService } from '../../comments/remote-comments.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Delete of a comment (leaves a tombstone) or of a video (its origin was checked at the inbox): it goes. */
@Injectable()
export class DeleteHandler implements InboxHandler {
  constructor(
    private readonly videos: RemoteVideosService,
    private readonly comments: RemoteCommentsService,
  ) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url) return JobStatus.Skipped;
    if (await this.comments.receiveDelete(activity, url, actor)) return JobStatus.Success;
    await this.videos.receiveDelete(url);
    return JobStatus.Success;
  }
}
