import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import { isObject, type JsonObject } from '../../activitypub/remote-document.js';
import { RemoteCommentsService } from '../../comments/remote-comments.service.js';
import { RemotePlaylistsService } from '../../playlists/remote-playlists.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Create of a Video, a Playlist (stored as remote copies) or a Note (a comment); other objects are not kept. */
@Injectable()
export class CreateHandler implements InboxHandler {
  constructor(
    private readonly videos: RemoteVideosService,
    private readonly comments: RemoteCommentsService,
    private readonly playlists: RemotePlaylistsService,
  ) {}

  async handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus> {
    if (!actor.server) return JobStatus.Skipped;
    if (this.comments.isComment(activity.object)) {
      return (await this.comments.receiveCreate(activity, actor)) ? JobStatus.Success : JobStatus.Skipped;
    }
    if (isObject(activity.object) && activity.object.type === 'Playlist') {
      await this.playlists.receive(activity.object, actor.server.host, activity.to);
      return JobStatus.Success;
    }
    await this.videos.receive(activity.object, actor.server.host, true);
    return JobStatus.Success;
  }
}
