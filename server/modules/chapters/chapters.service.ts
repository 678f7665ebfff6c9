import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { VideoChapter, VideoChapters } from '../../../shared/models/videos/video-chapter.model.js';
import { DomainEvents, OnDomainEvent, type DomainEventMap } from '../../core/events/domain-events.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideosService } from '../videos/videos.service.js';
import { chapterErrors } from './chapters.errors.js';
import { ChaptersRepository } from './chapters.repository.js';
import { parseDescriptionChapters, sameChapters } from './description-chapters.js';

/**
 * Chapters of videos, as PeerTube's `/videos/{id}/chapters`: set by the video's owner, or taken from the timestamps
 * of its description as long as they were not set otherwise.
 */
@Injectable()
export class ChaptersService {
  constructor(
    private readonly videos: VideosService,
    private readonly chapters: ChaptersRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  async list(id: string, user: AuthUser | undefined): Promise<VideoChapters> {
    const video = await this.videos.getVisible(id, user);
    return { chapters: await this.chapters.listOfVideo(video.id) };
  }

  async replace(user: AuthUser, id: string, chapters: VideoChapter[]): Promise<void> {
    const video = await this.videos.getManageable(id, user);
    const timecodes = new Set<number>();
    chapters.forEach((chapter, index) => {
      if (timecodes.has(chapter.timecode)) throw chapterErrors.invalid(`chapters.${index}.timecode`, 'is not unique');
      timecodes.add(chapter.timecode);
      // The duration is known once the video is transcoded.
      if (video.duration > 0 && chapter.timecode > video.duration) {
        throw chapterErrors.invalid(`chapters.${index}.timecode`, `is past the end of the video (${video.duration} s)`);
      }
    });
    const sorted = chapters.map(({ timecode, title }) => ({ timecode, title })).sort((a, b) => a.timecode - b.timecode);
    await this.dataSource.transaction(async (manager) => {
      await this.chapters.replace(video.id, sorted, manager);
      await this.events.emit(manager, 'video.updated', { videoId: video.id, uuid: video.uuid });
    });
  }

  /**
   * PeerTube's rule: the chapters follow the description as long as they are still those of the previous description
   * (none were set through the API since). In the transaction that changes the description: the chapters change with
   * it, and two edits in a row are applied in their order.
   */
  @OnDomainEvent('video.description-changed', { inTransaction: true })
  async onDescriptionChanged(
    { videoId, previous, current }: DomainEventMap['video.description-changed'],
    manager: EntityManager,
  ): Promise<void> {
    const fromPrevious = parseDescriptionChapters(previous);
    if (!sameChapters(fromPrevious, await this.chapters.listOfVideo(videoId, manager))) return;
    const fromCurrent = parseDescriptionChapters(current);
    if (fromPrevious.length === 0 && fromCurrent.length === 0) return;
    await this.chapters.replace(videoId, fromCurrent, manager);
  }
}
