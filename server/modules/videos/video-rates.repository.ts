import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type RateType = 'like' | 'dislike';

/** Likes and dislikes of videos by actors, local or remote; the counters on the videos row follow them. */
@Injectable()
export class VideoRatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an actor's rate of the video `videoUrl` (replacing an earlier one); false when the video is unknown. */
  async rate(actorId: number, videoUrl: string, type: RateType, activityUrl: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: number }[] = await manager.query(`SELECT id FROM videos WHERE url = $1 FOR UPDATE`, [videoUrl]);
      if (!rows[0]) return false;
      await manager.query(
        `INSERT INTO video_rates (actor_id, video_id, type, url) VALUES ($1, $2, $3, $4)
         ON CONFLICT (actor_id, video_id) DO UPDATE SET type = EXCLUDED.type, url = EXCLUDED.url`,
        [actorId, rows[0].id, type, activityUrl],
      );
      await this.recount(manager, rows[0].id);
      return true;
    });
  }

  /**
   * Removes an actor's rate of a video (Undo of a Like or Dislike), if it is still of the type undone: an Undo of
   * a Like delivered after the Dislike that replaced it leaves the dislike.
   */
  async unrate(actorId: number, videoUrl: string, type: RateType): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Locked first, as rate() does: a recount that started before a concurrent rate committed would write
      // counts from before it (an Undo of a Like racing the Dislike that replaces it left both counters at 0).
      const rows: { id: number }[] = await manager.query(`SELECT id FROM videos WHERE url = $1 FOR UPDATE`, [videoUrl]);
      if (!rows[0]) return;
      // TypeORM answers DELETE and UPDATE statements with [rows, count].
      const [, deleted]: [unknown[], number] = await manager.query(
        `DELETE FROM video_rates WHERE actor_id = $1 AND video_id = $2 AND type = $3`,
        [actorId, rows[0].id, type],
      );
      if (deleted > 0) await this.recount(manager, rows[0].id);
    });
  }

  /**
   * Sets a local actor's rate of a video by id (`none` removes it), with the id of the activity that carries it;
   * answers the rate it replaced. In the caller's transaction.
   */
  async setRate(
    manager: EntityManager,
    actorId: number,
    videoId: number,
    rating: RateType | 'none',
    activityUrl: string,
  ): Promise<RateType | null> {
    // The video row is locked first, so that concurrent rates of one video are counted one after the other.
    await manager.query(`SELECT id FROM videos WHERE id = $1 FOR UPDATE`, [videoId]);
    const previous: { type: RateType }[] = await manager.query(
      `SELECT type FROM video_rates WHERE actor_id = $1 AND video_id = $2`,
      [actorId, videoId],
    );
    if (rating === 'none') {
      await manager.query(`DELETE FROM video_rates WHERE actor_id = $1 AND video_id = $2`, [actorId, videoId]);
    } else {
      await manager.query(
        `INSERT INTO video_rates (actor_id, video_id, type, url) VALUES ($1, $2, $3, $4)
         ON CONFLICT (actor_id, video_id) DO UPDATE SET type = EXCLUDED.type, url = EXCLUDED.url`,
        [actorId, videoId, rating, activityUrl],
      );
    }
    await this.recount(manager, videoId);
    return previous[0]?.type ?? null;
  }

  /** An actor's rate of a video, if any. */
  async getRate(actorId: number, videoId: number): Promise<RateType | null> {
    const rows: { type: RateType }[] = await this.dataSource.query(
      `SELECT type FROM video_rates WHERE actor_id = $1 AND video_id = $2`,
      [actorId, videoId],
    );
    return rows[0]?.type ?? null;
  }

  /** The activity ids of a video's likes or dislikes, newest first, and their number. */
  async listUrls(videoId: number, type: RateType, start: number, count: number): Promise<[string[], number]> {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<{ url: string }[]>(
        `SELECT url FROM video_rates WHERE video_id = $1 AND type = $2 ORDER BY created_at DESC, url OFFSET $3 LIMIT $4`,
        [videoId, type, start, count],
      ),
      this.dataSource.query<[{ total: string }]>(
        `SELECT count(*) AS total FROM video_rates WHERE video_id = $1 AND type = $2`,
        [videoId, type],
      ),
    ]);
    return [rows.map((row) => row.url), Number(total)];
  }

  private async recount(manager: EntityManager, videoId: number): Promise<void> {
    await manager.query(
      `UPDATE videos SET
         likes = (SELECT count(*) FROM video_rates WHERE video_id = $1 AND type = 'like'),
         dislikes = (SELECT count(*) FROM video_rates WHERE video_id = $1 AND type = 'dislike')
       WHERE id = $1`,
      [videoId],
    );
  }
}
