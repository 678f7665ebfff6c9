import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf, InvalidRemoteDocument, isObject } from '../activitypub/remote-document.js';
import { RemotePlaylistsService } from '../playlists/remote-playlists.service.js';
import { RemoteVideosService } from './remote-videos.service.js';

/** Pages read per crawl: the newest videos of a large instance, not its whole history. */
const MAX_PAGES = 10;
const SHARED_ITEMS = new Set(['Announce', 'Create']);

/**
 * Reads a newly followed instance's outbox, page after page, and fetches each video it shares (as an Announce
 * would): the instance's videos from before the follow; then the playlists of the channels of those videos.
 */
@Injectable()
export class OutboxCrawler {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly remoteActors: RemoteActorsService,
    private readonly videos: RemoteVideosService,
    private readonly playlists: RemotePlaylistsService,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  @OnJob(JobName.CrawlOutbox)
  async crawl({ outboxUrl }: JobPayloads[JobName.CrawlOutbox]): Promise<JobStatus> {
    const host = hostOfUrl(outboxUrl);
    const outbox = await this.remoteActors.fetchDocument(outboxUrl);
    let pageUrl = isObject(outbox) ? idOf(outbox.first) : undefined;
    for (let pages = 0; pageUrl && hostOfUrl(pageUrl) === host && pages < MAX_PAGES; pages++) {
      const page = await this.remoteActors.fetchDocument(pageUrl);
      if (!isObject(page) || !Array.isArray(page.orderedItems)) break;
      for (const item of page.orderedItems) await this.fetchShared(item);
      pageUrl = idOf(page.next);
    }
    if (host) await this.playlists.crawlPlaylistsOfHost(host);
    return JobStatus.Success;
  }

  private async fetchShared(item: unknown): Promise<void> {
    const videoUrl = isObject(item) && SHARED_ITEMS.has(item.type as string) ? idOf(item.object) : undefined;
    if (!videoUrl) return;
    try {
      await this.videos.receiveAnnounce(videoUrl);
    } catch (error) {
      // One video that cannot be read does not stop the others.
      if (!(error instanceof InvalidRemoteDocument)) throw error;
      this.logger.info({ videoUrl, reason: error.message }, 'outbox item skipped');
    }
  }
}
