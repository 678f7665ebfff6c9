import { Injectable } from '@nestjs/common';
import { JobStatus } from '../../../core/jobs/job-catalog.js';
import { idOf, type JsonObject } from '../../activitypub/remote-document.js';
import { RemotePlaylistsService } from '../../playlists/remote-playlists.service.js';
import { RemoteVideosService } from '../../videos/remote-videos.service.js';
import type { InboxHandler } from './inbox-handler.js';

/** Delete of a video or a playlist (its origin was checked at the inbox): the remote copy goes. */
@Injectable()
export class DeleteHandler implements InboxHandler {
  constructor(
    private readonly videos: RemoteVideosService,
    private readonly playlists: RemotePlaylistsService,
  ) {}

  async handle(activity: JsonObject): Promise<JobStatus> {
    const url = idOf(activity.object);
    if (!url) return JobStatus.Skipped;
    await this.videos.receiveDelete(url);
    await this.playlists.receiveDelete(url);
    return JobStatus.Success;
  }
}
