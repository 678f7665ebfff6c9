import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DrainedViews } from './video-views.buffer.js';

/** The database side of views: the videos' counters and the hourly history, written in batches. */
@Injectable()
export class VideoViewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds a flush's views in one transaction: the counters of local videos (a remote video's counter is its
   * origin's, which sends it with the video) and the hourly history of every video still there. Answers the local
   * videos whose counter changed. In the caller's transaction.
   */
  async apply(manager: EntityManager, { counters, history }: DrainedViews): Promise<{ id: number; uuid: string }[]> {
    let updated: { id: number; uuid: string }[] = [];
    if (counters.size > 0) {
      // TypeORM answers an UPDATE ... RETURNING with [rows, count].
      const [rows]: [{ id: number; uuid: string }[], number] = await manager.query(
        `UPDATE videos v SET views = v.views + c.views
         FROM unnest($1::int[], $2::int[]) AS c (id, views)
         WHERE v.id = c.id AND v.is_local
         RETURNING v.id, v.uuid`,
        [[...counters.keys()], [...counters.values()]],
      );
      updated = rows;
    }
    if (history.length > 0) {
      await manager.query(
        `INSERT INTO video_views (video_id, start_date, end_date, views)
         SELECT h.video_id, h.start_date, h.start_date + interval '1 hour' - interval '1 millisecond', h.views
         FROM unnest($1::int[], $2::timestamptz[], $3::int[]) AS h (video_id, start_date, views)
         WHERE EXISTS (SELECT 1 FROM videos WHERE id = h.video_id)
         ON CONFLICT (video_id, start_date) DO UPDATE SET views = video_views.views + EXCLUDED.views`,
        [history.map((row) => row.videoId), history.map((row) => row.hourStart), history.map((row) => row.views)],
      );
    }
    return updated;
  }

  /** Deletes the hourly history of remote videos that started before `before`; answers how many rows went. */
  async purgeRemoteHistory(before: Date): Promise<number> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM video_views h USING videos v WHERE v.id = h.video_id AND NOT v.is_local AND h.start_date < $1`,
      [before],
    );
    return deleted;
  }

  /** What a View of another instance needs of the video it names. */
  async findByUrl(url: string): Promise<{ id: number; isLocal: boolean; originHost: string | null } | undefined> {
    const rows: { id: number; isLocal: boolean; originHost: string | null }[] = await this.dataSource.query(
      `SELECT v.id, v.is_local AS "isLocal", s.host AS "originHost"
       FROM videos v JOIN video_channels c ON c.id = v.channel_id JOIN actors a ON a.id = c.actor_id
       LEFT JOIN servers s ON s.id = a.server_id
       WHERE v.url = $1`,
      [url],
    );
    return rows[0];
  }

  /** Which of these videos are local ones, with their UUIDs. */
  async listLocal(ids: number[]): Promise<{ id: number; uuid: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(`SELECT id, uuid FROM videos WHERE id = ANY($1::int[]) AND is_local ORDER BY id`, [
      ids,
    ]);
  }

  /** Views of a video per hour since `since`, oldest first. */
  async listHistory(videoId: number, since: Date): Promise<{ startDate: Date; views: number }[]> {
    return this.dataSource.query(
      `SELECT start_date AS "startDate", views FROM video_views WHERE video_id = $1 AND start_date >= $2
       ORDER BY start_date`,
      [videoId, since],
    );
  }
}
