import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteCommentsService } from '../../comments/remote-comments.service.js';
import { RemotePlaylistsService } from '../../playlists/remote-playlists.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/**
 * Delete of a comment (leaves a tombstone), a video or a playlist (its origin was checked at the inbox): the remote
 * copy goes.
 */
@Injectable()
export class DeleteHandler implements InboxHandler {
  constructor(
    private readonly videos: RemoteVideosService,
    private readonly comments: RemoteCommentsService,
    private readonly playlists: RemotePlaylistsService,
  ) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url) return JobStatus.Skipped;
    if (await this.comments.receiveDelete(activity, url, actor)) return JobStatus.Success;
    await this.videos.receiveDelete(url);
    await this.playlists.receiveDelete(url);
    return JobStatus.Success;
  }
}
