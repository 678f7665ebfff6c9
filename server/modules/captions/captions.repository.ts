import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { VideoCaptionEntity } from './video-caption.entity.js';

/** Captions of videos, at most one per video and language. */
@Injectable()
export class CaptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  listOfVideo(videoId: number): Promise<VideoCaptionEntity[]> {
    return this.dataSource.getRepository(VideoCaptionEntity).find({ where: { videoId }, order: { language: 'ASC' } });
  }

  /**
   * Stores a local video's caption file for `language`, replacing the one before; answers that one's file name. In
   * the caller's transaction.
   */
  async replaceLocal(
    manager: EntityManager,
    videoId: number,
    language: string,
    filename: string,
  ): Promise<string | null> {
    // The video's row is the lock: two uploads of a caption at once are stored one after the other, and each
    // learns which file it replaced (none is left behind unnamed).
    await manager.query('SELECT 1 FROM videos WHERE id = $1 FOR UPDATE', [videoId]);
    const previous: { filename: string | null }[] = await manager.query(
      'SELECT filename FROM video_captions WHERE video_id = $1 AND language = $2',
      [videoId, language],
    );
    await manager.query(
      `INSERT INTO video_captions (video_id, language, filename) VALUES ($1, $2, $3)
       ON CONFLICT (video_id, language) DO UPDATE
         SET filename = EXCLUDED.filename, file_url = NULL, automatically_generated = false, updated_at = now()`,
      [videoId, language, filename],
    );
    return previous[0]?.filename ?? null;
  }

  /** Removes a caption; answers whether there was one, and its local file name. */
  async delete(
    manager: EntityManager,
    videoId: number,
    language: string,
  ): Promise<{ filename: string | null } | undefined> {
    const [rows]: [{ filename: string | null }[], number] = await manager.query(
      `DELETE FROM video_captions WHERE video_id = $1 AND language = $2 RETURNING filename`,
      [videoId, language],
    );
    return rows[0];
  }

  /** Removes every caption of a video; answers their local file names. */
  async deleteAllOfVideo(manager: EntityManager, videoId: number): Promise<string[]> {
    const [rows]: [{ filename: string | null }[], number] = await manager.query(
      `DELETE FROM video_captions WHERE video_id = $1 RETURNING filename`,
      [videoId],
    );
    return rows.flatMap((row) => (row.filename ? [row.filename] : []));
  }
}
