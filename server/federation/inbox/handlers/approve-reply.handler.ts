import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteCommentsService } from '../../comments/remote-comments.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** ApproveReply: the owner of another instance's video approved a comment written here, held until then. */
@Injectable()
export class ApproveReplyHandler implements InboxHandler {
  constructor(private readonly comments: RemoteCommentsService) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url || typeof activity.id !== 'string') return JobStatus.Skipped;
    return (await this.comments.receiveApproval(url, actor, activity.id)) ? JobStatus.Success : JobStatus.Skipped;
  }
}
