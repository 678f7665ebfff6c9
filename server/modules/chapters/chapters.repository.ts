import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { VideoChapter } from '../../../shared/models/videos/video-chapter.model.js';
import { VideoChapterEntity } from './video-chapter.entity.js';

/** Chapters of videos, in timecode order. */
@Injectable()
export class ChaptersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async listOfVideo(videoId: number, manager: EntityManager = this.dataSource.manager): Promise<VideoChapter[]> {
    const rows = await manager
      .getRepository(VideoChapterEntity)
      .find({ select: { timecode: true, title: true }, where: { videoId }, order: { timecode: 'ASC' } });
    return rows.map(({ timecode, title }) => ({ timecode, title }));
  }

  /**
   * Replaces every chapter of a video at once; a repeated timecode keeps its first chapter (as PeerTube). Within
   * `within`'s transaction when given.
   */
  async replace(videoId: number, chapters: VideoChapter[], within?: EntityManager): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager.delete(VideoChapterEntity, { videoId });
      if (chapters.length === 0) return;
      await manager.query(
        `INSERT INTO video_chapters (video_id, timecode, title)
         SELECT $1, t.timecode, t.title FROM unnest($2::int[], $3::text[]) AS t (timecode, title)
         ON CONFLICT (video_id, timecode) DO NOTHING`,
        [videoId, chapters.map((chapter) => chapter.timecode), chapters.map((chapter) => chapter.title)],
      );
    });
  }
}
