import { Inject, Injectable } from '@nestjs/common';
import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import { OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { FILE_STORE, removeInEveryPlace, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { fileVisibilityOf } from './video.formatter.js';
import type { VideoEntity } from './video.entity.js';
import { VideosRepository } from './videos.repository.js';

/** A video's files as a whole: removing them all, and keeping them in the place of the video's privacy. */
@Injectable()
export class VideoFilesService {
  private readonly logger: Logger;

  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    @Inject(LOGGER) logger: Logger,
    private readonly paths: StoragePaths,
    private readonly videos: VideosRepository,
    private readonly jobs: JobsService,
  ) {
    this.logger = logger.child({ component: 'video-files' });
  }

  /** Its files in the store (the source too, if still there) and its transcoding leftovers. */
  async removeAll(video: VideoEntity): Promise<void> {
    const keys = [
      ...video.files.map((file) => this.paths.webVideoKey(file.filename)),
      // The torrents of the web videos and of the HLS files.
      ...[...video.files, ...video.streamingPlaylists.flatMap((playlist) => playlist.files)].flatMap((file) =>
        file.torrentFilename ? [this.paths.torrentKey(file.torrentFilename)] : [],
      ),
      this.paths.hlsFolderKey(video.uuid),
      this.paths.thumbnailKey(video.uuid),
      this.paths.previewKey(video.uuid),
      this.paths.sourceKey(video.uuid, extensionOf(video.sourceFilename)),
      this.paths.customThumbnailKey(video.uuid),
    ];
    // In both places: a privacy change may have been moving them.
    await Promise.all(keys.map((key) => removeInEveryPlace(this.store, key)));
    const local = [this.paths.transcodingDir(video.uuid), this.paths.transcodingInputsDir(video.uuid)];
    await Promise.all(local.map((file) => rm(file, { recursive: true, force: true })));
  }

  /** Only a store that keeps private files apart has anything to move. */
  @OnDomainEvent('video.updated')
  async onVideoUpdated({ videoId, previousPrivacy }: DomainEventMap['video.updated']): Promise<void> {
    if (previousPrivacy === undefined || this.store.placed('', 'public') === this.store.placed('', 'private')) return;
    await this.jobs.enqueue({ name: JobName.PlaceVideoFiles, data: { videoId } });
  }

  /**
   * Reads the privacy when it runs, so jobs of several quick changes all end in the last one's place. Lists before
   * moving: a listing is not stable while its keys move.
   */
  @OnJob(JobName.PlaceVideoFiles)
  async handlePlaceVideoFiles({ videoId }: JobPayloads[JobName.PlaceVideoFiles]): Promise<JobStatus> {
    const video = await this.videos.getForTranscoding(videoId);
    if (!video) return JobStatus.Skipped;
    const visibility = fileVisibilityOf(video.privacy);
    const other = visibility === 'public' ? 'private' : 'public';
    const from = this.store.placed('', other);
    const misplaced: string[] = [];
    for (const prefix of this.paths.videoFilePrefixes(video.uuid)) {
      for await (const { key } of this.store.list(this.store.placed(prefix, other))) misplaced.push(key);
    }
    for (const key of misplaced) await this.store.move(key, this.store.placed(key.slice(from.length), visibility));
    if (misplaced.length > 0) this.logger.info({ videoId, visibility, files: misplaced.length }, 'video files moved');
    return misplaced.length > 0 ? JobStatus.Success : JobStatus.Skipped;
  }
}

/** The lowercase extension of an uploaded file's name, e.g. '.mp4'; '' when it has none. */
export function extensionOf(filename: string): string {
  const match = /\.[A-Za-z0-9]{1,8}$/.exec(filename);
  return match ? match[0].toLowerCase() : '';
}
