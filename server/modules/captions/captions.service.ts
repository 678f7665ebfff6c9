import { DataSource, type EntityManager } from 'typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { ResultList } from '../../../shared/models/common.js';
import type { VideoCaption } from '../../../shared/models/videos/video-caption.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents, OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { toResultList } from '../../core/http/pagination.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { fileVisibilityOf } from '../videos/video.formatter.js';
import { FILE_STORE, removeInEveryPlace, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideosService } from '../videos/videos.service.js';
import { CaptionFileError, parseCaptionFile, type CaptionLimits } from './caption-file.js';
import { formatCaption } from './caption.formatter.js';
import { captionErrors } from './captions.errors.js';
import { CaptionsRepository } from './captions.repository.js';

/**
 * Captions of videos, as PeerTube's `/videos/{id}/captions`: anyone who may see a video lists them; its owner (or a
 * moderator) uploads WebVTT or SRT, replaces and deletes them. A file is parsed before anything is written, so a
 * refused one leaves nothing behind. Changes reach other instances as an Update of the video.
 */
@Injectable()
export class CaptionsService {
  private readonly limits: CaptionLimits;
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
    private readonly videos: VideosService,
    private readonly captions: CaptionsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.limits = { maxBytes: config.captions.max_file_size, maxCues: config.captions.max_cues };
    this.logger = logger.child({ component: 'captions' });
  }

  get maxFileSize(): number {
    return this.limits.maxBytes;
  }

  async list(id: string, user: AuthUser | undefined): Promise<ResultList<VideoCaption>> {
    const video = await this.videos.getVisible(id, user);
    const captions = await this.captions.listOfVideo(video.id);
    return toResultList(
      captions.length,
      captions.map((caption) => formatCaption(caption, this.store, this.paths)),
    );
  }

  async upload(user: AuthUser, id: string, language: string, file: Buffer | undefined): Promise<void> {
    const video = await this.videos.getManageable(id, user);
    if (!file) throw captionErrors.missingFile();
    if (file.length > this.limits.maxBytes) throw captionErrors.fileTooLarge(this.limits.maxBytes);
    let vtt: string;
    try {
      vtt = parseCaptionFile(file, this.limits).vtt;
    } catch (error) {
      if (error instanceof CaptionFileError) throw captionErrors.invalidFile(error.message);
      throw error;
    }
    const filename = this.paths.captionFilename(video.uuid, language, randomBytes(6).toString('hex'));
    const key = this.paths.captionKey(filename);
    await mkdir(this.paths.uploadsDir, { recursive: true });
    const local = path.join(this.paths.uploadsDir, `caption-${randomBytes(16).toString('hex')}`);
    try {
      await writeFile(local, vtt, 'utf8');
      await this.store.put(local, this.store.placed(key, fileVisibilityOf(video.privacy)));
    } finally {
      await rm(local, { force: true });
    }
    let previous: string | null;
    try {
      previous = await this.dataSource.transaction(async (manager) => {
        const replaced = await this.captions.replaceLocal(manager, video.id, language, filename);
        await this.events.emit(manager, 'video.updated', { videoId: video.id, uuid: video.uuid });
        return replaced;
      });
    } catch (error) {
      await removeInEveryPlace(this.store, key);
      throw error;
    }
    if (previous) await this.removeFile(previous);
  }

  async delete(user: AuthUser, id: string, language: string): Promise<void> {
    const video = await this.videos.getManageable(id, user);
    const deleted = await this.dataSource.transaction(async (manager) => {
      const row = await this.captions.delete(manager, video.id, language);
      if (!row) throw captionErrors.notFound();
      await this.events.emit(manager, 'video.updated', { videoId: video.id, uuid: video.uuid });
      return row;
    });
    if (deleted.filename) await this.removeFile(deleted.filename);
  }

  /** The rows go with the video's, in its transaction; the files once that commits. */
  @OnDomainEvent('video.deleting', { inTransaction: true })
  async onVideoDeleting({ videoId }: DomainEventMap['video.deleting'], manager: EntityManager): Promise<void> {
    const filenames = await this.captions.deleteAllOfVideo(manager, videoId);
    this.events.afterCommit(manager, async () => {
      for (const filename of filenames) await this.removeFile(filename);
    });
  }

  private async removeFile(filename: string): Promise<void> {
    await removeInEveryPlace(this.store, this.paths.captionKey(filename)).catch((error: unknown) => {
      this.logger.warn({ err: error, filename }, 'could not remove a caption file');
    });
  }
}
