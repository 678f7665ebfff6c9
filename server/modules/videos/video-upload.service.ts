import { Inject, Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { VideoCommentPolicy, VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import type { VideoCreateResult } from '../../../shared/models/videos/video.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import {
  MEDIA_PROBE,
  MediaProbeError,
  MediaRejection,
  type MediaProbe,
  type ProbedMedia,
} from '../../core/media/media-probe.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import type { VideoUploadDto } from './dto/video.dto.js';
import { commentSettings } from './comments-policy.js';
import { toShortUuid } from './short-uuid.js';
import { SourceWebVideoService, type SourceWebVideo } from './source-web-video.service.js';
import type { QuotaHold } from './upload-quota.repository.js';
import { UploadQuotaService } from './upload-quota.service.js';
import { extensionOf } from './video-files.service.js';
import { fileVisibilityOf } from './video.formatter.js';
import { normalizeTags } from './video-tags.js';
import { videoErrors } from './videos.errors.js';
import type { VideoEntity } from './video.entity.js';
import { VideosRepository, type NewVideo } from './videos.repository.js';

/** An uploaded file waiting in the uploads folder. */
export interface UploadedSource {
  path: string;
  filename: string;
  size: number;
}

// BullMQ refuses ':' in custom job ids.
// Thumbnails are small pictures; anything larger is a mistake or an attack.
const MAX_THUMBNAIL_BYTES = 8 * 1024 * 1024;

export const transcodeJobId = (videoId: number): string => `transcode-${videoId}`;

/**
 * Turns an uploaded file into a video waiting for transcoding: quota, channel ownership and media checks
 * first, so a refused upload leaves no row, no file and no quota used.
 */
@Injectable()
export class VideoUploadService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MEDIA_PROBE) private readonly mediaProbe: MediaProbe,
    @Inject(LOGGER) logger: Logger,
    @Inject(FILE_STORE) private readonly fileStore: FileStore,
    private readonly paths: StoragePaths,
    private readonly dataSource: DataSource,
    private readonly videos: VideosRepository,
    private readonly channels: ChannelsRepository,
    private readonly quota: UploadQuotaService,
    private readonly jobs: JobsService,
    private readonly events: DomainEvents,
    private readonly sourceWebVideos: SourceWebVideoService,
  ) {
    this.logger = logger.child({ component: 'video-upload' });
  }

  async assertOwnsChannel(user: AuthUser, channelId: number): Promise<void> {
    const channel = await this.channels.getById(channelId);
    if (!channel || channel.accountId !== user.accountId) throw videoErrors.channelNotOwned();
  }

  async quotaUsed(user: AuthUser): Promise<{ videoQuotaUsed: number; videoQuotaUsedDaily: number }> {
    const used = await this.videos.quotaUsed(user.accountId);
    return { videoQuotaUsed: used.total, videoQuotaUsedDaily: used.daily };
  }

  /** Validates the source and creates the video; the source file is consumed either way. */
  async createVideo(
    user: AuthUser,
    dto: VideoUploadDto,
    source: UploadedSource,
    options: { thumbnail?: UploadedSource; hold?: QuotaHold } = {},
  ): Promise<VideoCreateResult> {
    const { thumbnail, hold } = options;
    try {
      // The size is checked before probing; the quota, atomically, when the video row is stored.
      this.quota.assertMaxSize(source.size);
      await this.assertOwnsChannel(user, dto.channelId);
      const media = await this.probe(source.path);
      if (thumbnail) await this.checkThumbnail(thumbnail);
      return await this.store(user, dto, source, media, { thumbnail, hold });
    } finally {
      const files = thumbnail ? [source, thumbnail] : [source];
      await Promise.all(files.map((file) => rm(file.path, { force: true })));
    }
  }

  private async checkThumbnail(thumbnail: UploadedSource): Promise<void> {
    if (thumbnail.size > MAX_THUMBNAIL_BYTES) {
      throw videoErrors.invalidThumbnail(`The thumbnail is larger than ${MAX_THUMBNAIL_BYTES} bytes`);
    }
    try {
      await this.mediaProbe.probeImage(thumbnail.path);
    } catch (error) {
      if (error instanceof MediaProbeError) throw videoErrors.invalidThumbnail(`Invalid thumbnail: ${error.detail}`);
      throw error;
    }
  }

  private async probe(path: string): Promise<ProbedMedia> {
    try {
      return await this.mediaProbe.probe(path);
    } catch (error) {
      if (error instanceof MediaProbeError && error.rejection === MediaRejection.LimitExceeded) {
        throw videoErrors.mediaLimitExceeded(error.detail);
      }
      if (error instanceof MediaProbeError) throw videoErrors.invalidMedia(error.rejection, error.detail);
      throw error;
    }
  }

  private async store(
    user: AuthUser,
    dto: VideoUploadDto,
    source: UploadedSource,
    media: ProbedMedia,
    { thumbnail, hold }: { thumbnail?: UploadedSource; hold?: QuotaHold },
  ): Promise<VideoCreateResult> {
    const uuid = randomUUID();
    // Sources are never served: private wherever they are.
    const sourceKeys = [
      this.paths.sourceKey(uuid, extensionOf(source.filename)),
      this.paths.customThumbnailKey(uuid),
    ].map((key) => this.fileStore.placed(key, 'private'));
    const visibility = fileVisibilityOf(dto.privacy ?? VideoPrivacy.Public);
    let video: VideoEntity;
    // Hashed before the transaction, which holds the user's quota lock.
    const webVideo: SourceWebVideo = await this.sourceWebVideos.keep(
      { uuid, name: dto.name, visibility },
      source,
      media,
    );
    try {
      video = await this.dataSource.transaction(async (manager) => {
        // Holds the user's quota lock until the row is committed: the next check sees this video.
        await this.quota.assertFitsOnStore(manager, user, source.size, hold);
        const created = await this.videos.create(manager, this.newVideo(uuid, dto, source), normalizeTags(dto.tags));
        await this.videos.addWebVideoFile(manager, created.id, webVideo.file);
        if (hold) await this.quota.consume(manager, hold, created.id);
        // Inside the transaction: if the move fails, no row is left pointing at a missing source. In the store,
        // because the worker that transcodes it may be on another machine.
        await this.fileStore.put(source.path, sourceKeys[0]);
        if (thumbnail) await this.fileStore.put(thumbnail.path, sourceKeys[1]);
        if (created.description) {
          await this.events.emit(manager, 'video.description-changed', {
            videoId: created.id,
            previous: null,
            current: created.description,
          });
        }
        return created;
      });
    } catch (error) {
      await Promise.all(sourceKeys.map((key) => this.fileStore.remove(key)));
      await this.sourceWebVideos.discard(webVideo.keys);
      throw error;
    }
    // The video exists now: if Redis refuses the job, the resume-transcoding maintenance job enqueues it again.
    await this.enqueueTranscoding(video.id).catch((error: unknown) =>
      this.logger.error({ err: error, videoId: video.id }, 'could not enqueue transcoding; it will be resumed'),
    );
    this.logger.info({ videoId: video.id, uuid, size: source.size }, 'video uploaded');
    return { video: { id: video.id, uuid, shortUUID: video.shortUuid } };
  }

  private newVideo(uuid: string, dto: VideoUploadDto, source: UploadedSource): NewVideo {
    return {
      uuid,
      shortUuid: toShortUuid(uuid),
      url: `${this.config.derived.url}/videos/watch/${uuid}`,
      name: dto.name,
      description: dto.description ?? null,
      support: dto.support ?? null,
      privacy: dto.privacy ?? VideoPrivacy.Public,
      category: dto.category ?? null,
      licence: dto.licence ?? null,
      language: dto.language ?? null,
      nsfw: dto.nsfw ?? false,
      commentsEnabled: true,
      commentsPolicy: VideoCommentPolicy.Enabled,
      ...commentSettings(dto),
      downloadEnabled: dto.downloadEnabled ?? true,
      waitTranscoding: dto.waitTranscoding ?? true,
      state: VideoState.ToTranscode,
      sourceFilename: source.filename,
      sourceSize: source.size,
      channelId: dto.channelId,
    };
  }

  enqueueTranscoding(videoId: number): Promise<void> {
    return this.jobs.enqueue({ name: JobName.TranscodeVideo, data: { videoId } }, transcodeJobId(videoId));
  }

  /** A fresh id for incoming bytes, also their file's name in the uploads folder. */
  newUploadId(): string {
    return randomBytes(16).toString('hex');
  }

  /** Removes upload files nobody refers to any more (abandoned multipart bodies, purged sessions). */
  async removeOrphanUploadFiles(activeIds: Set<string>): Promise<number> {
    const before = Date.now() - this.config.videos.upload_session_lifetime;
    const names = await readdir(this.paths.uploadsDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (activeIds.has(name)) continue;
      const path = this.paths.uploadPath(name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtimeMs < before) {
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
