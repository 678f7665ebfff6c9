import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import { FollowsRepository } from '../../modules/follows/follows.repository.js';
import { hostOf } from '../../modules/servers/host.js';
import { ChaptersRepository } from '../../modules/chapters/chapters.repository.js';
import { RemoteVideosRepository } from '../../modules/videos/remote-videos.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { RemoteChannelsService } from '../actors/remote-channels.service.js';
import { InvalidRemoteDocument, RemoteDocumentGone } from '../activitypub/remote-document.js';
import { sanitizeVideoChapters } from './video-chapters.sanitizer.js';
import { sanitizeVideoObject } from './video-object.sanitizer.js';

/**
 * Videos of other instances: Create, Update and Announce (or an outbox crawl) store or refresh the remote video when
 * someone here follows it, a refresh reads it again from its origin, Delete removes it.
 */
@Injectable()
export class RemoteVideosService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly remoteVideos: RemoteVideosRepository,
    private readonly remoteActors: RemoteActorsService,
    private readonly remoteChannels: RemoteChannelsService,
    private readonly follows: FollowsRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly events: DomainEvents,
    private readonly chapters: ChaptersRepository,
    private readonly dataSource: DataSource,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  /**
   * Create or Update from `originHost`: stores or refreshes the video, if this instance follows that host or a local
   * actor follows its channel or account (a user's subscription). `arrival`: it came through the inbox (Create or
   * Announce), so a new video is told to its subscribers here; a crawl or a refresh tells no one.
   */
  async receive(document: unknown, originHost: string, arrival = false): Promise<void> {
    const { video, attributedTo, chaptersUrl } = sanitizeVideoObject(document, originHost);
    const instanceActorId = (await this.instanceAccount.get()).actorId;
    if (!(await this.follows.wantsVideosOf(instanceActorId, originHost, attributedTo))) {
      this.logger.info({ host: originHost, video: video.url }, 'video no one here follows: ignored');
      return;
    }
    const channel = await this.remoteChannels.channelOfVideo(attributedTo);
    // Wanted for the channel it really belongs to, not for another actor the document names.
    const owners = [channel.actor.url, channel.account.actor.url];
    if (!(await this.follows.wantsVideosOf(instanceActorId, originHost, owners))) {
      this.logger.info({ host: originHost, video: video.url }, 'video of a channel no one here follows: ignored');
      return;
    }
    const videoId = await this.dataSource.transaction(async (manager) => {
      const stored = await this.remoteVideos.upsert(channel.id, video, manager);
      const { created, previousPrivacy } = stored;
      if (created) await this.events.emit(manager, 'video.published', { videoId: stored.videoId, uuid: video.uuid });
      else
        await this.events.emit(manager, 'video.updated', {
          videoId: stored.videoId,
          uuid: video.uuid,
          ...(previousPrivacy !== video.privacy && { previousPrivacy }),
        });
      if (created && arrival) await this.events.emit(manager, 'video.received', { videoId: stored.videoId });
      return stored.videoId;
    });
    // Another request to the origin: not in the transaction, which holds the video's row.
    if (chaptersUrl) await this.readChapters(videoId, chaptersUrl, originHost);
  }

  /** The chapters, a document of their own (as PeerTube reads them); the video is kept without them on a failure. */
  private async readChapters(videoId: number, url: string, originHost: string): Promise<void> {
    try {
      const chapters = sanitizeVideoChapters(await this.remoteActors.fetchDocument(url), originHost);
      await this.chapters.replace(videoId, chapters);
    } catch (error) {
      this.logger.info({ url, reason: error instanceof Error ? error.message : String(error) }, 'chapters not read');
    }
  }

  /** Announce: a video shared by a channel; fetched from its origin when it is not known yet. */
  async receiveAnnounce(videoUrl: string, arrival = false): Promise<void> {
    if (await this.remoteVideos.exists(videoUrl)) return;
    const origin = hostOf(videoUrl);
    if (origin === this.config.derived.host) return;
    await this.receive(await this.remoteActors.fetchDocument(videoUrl), origin, arrival);
  }

  /** A remote video read again from its origin: updated, or removed when the origin no longer has it. */
  @OnJob(JobName.RefreshRemoteVideo)
  async refresh({ videoUrl }: JobPayloads[JobName.RefreshRemoteVideo]): Promise<JobStatus> {
    try {
      const document = await this.remoteActors.fetchDocument(videoUrl);
      await this.receive(document, hostOf(videoUrl));
      return JobStatus.Success;
    } catch (error) {
      if (error instanceof RemoteDocumentGone) {
        this.logger.info({ videoUrl }, 'remote video gone from its origin: removed');
        await this.receiveDelete(videoUrl);
        return JobStatus.Success;
      }
      if (!(error instanceof InvalidRemoteDocument)) throw error;
      this.logger.info({ videoUrl, reason: error.message }, 'remote video refresh refused: kept as it was');
      return JobStatus.Skipped;
    } finally {
      // Read now, whatever came of it: views of a video no one here follows any more, or that its origin refuses or
      // serves in a shape refused here, must not each send a request to its origin. (A network failure is retried.)
      await this.remoteVideos.markFetched(videoUrl);
    }
  }

  async receiveDelete(videoUrl: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const deleted = await this.remoteVideos.deleteByUrl(videoUrl, manager);
      if (!deleted) return;
      const payload = { ...deleted, url: videoUrl, federated: false, accountActorId: null };
      await this.events.emit(manager, 'video.deleted', payload);
    });
  }
}
