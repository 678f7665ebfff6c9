import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { Storyboards } from '../../../shared/models/videos/storyboard.model.js';
import { DomainEvents, OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { FILE_STORE, removeInEveryPlace, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideosService } from '../videos/videos.service.js';
import { formatStoryboard } from './storyboard.formatter.js';
import { StoryboardsRepository } from './storyboards.repository.js';

/** Storyboards, as PeerTube's `/videos/{id}/storyboards`; transcoding makes them (see server/transcoding). */
@Injectable()
export class StoryboardsService {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
    private readonly videos: VideosService,
    private readonly storyboards: StoryboardsRepository,
    private readonly events: DomainEvents,
  ) {
    this.logger = logger.child({ component: 'storyboards' });
  }

  async list(id: string, user: AuthUser | undefined): Promise<Storyboards> {
    const video = await this.videos.getVisible(id, user);
    const storyboards = await this.storyboards.listOfVideo(video.id);
    return { storyboards: storyboards.map((storyboard) => formatStoryboard(storyboard, this.store, this.paths)) };
  }

  /** The row goes with the video's, in its transaction; the file once that commits. */
  @OnDomainEvent('video.deleting', { inTransaction: true })
  async onVideoDeleting({ videoId }: DomainEventMap['video.deleting'], manager: EntityManager): Promise<void> {
    const filename = await this.storyboards.deleteOfVideo(manager, videoId);
    if (!filename) return;
    this.events.afterCommit(manager, () =>
      removeInEveryPlace(this.store, this.paths.storyboardKey(filename)).catch((error: unknown) => {
        this.logger.warn({ err: error, filename }, 'could not remove a storyboard file');
      }),
    );
  }
}
