import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StoryboardEntity } from './storyboard.entity.js';

/** The sheet's layout, as stored. */
export type StoryboardFields = Pick<
  StoryboardEntity,
  'filename' | 'fileUrl' | 'totalWidth' | 'totalHeight' | 'spriteWidth' | 'spriteHeight' | 'spriteDuration'
>;

/** Storyboards of videos, one per video. */
@Injectable()
export class StoryboardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  listOfVideo(videoId: number): Promise<StoryboardEntity[]> {
    return this.dataSource.getRepository(StoryboardEntity).findBy({ videoId });
  }

  /** Sets (or, with null, removes) the storyboard of a video. */
  async replace(videoId: number, storyboard: StoryboardFields | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(StoryboardEntity, { videoId });
      if (storyboard) await manager.insert(StoryboardEntity, { ...storyboard, videoId });
    });
  }

  /** Removes the storyboard of a video; answers its local file name, if it had one. */
  async deleteOfVideo(manager: EntityManager, videoId: number): Promise<string | null> {
    const [rows]: [{ filename: string | null }[], number] = await manager.query(
      `DELETE FROM storyboards WHERE video_id = $1 RETURNING filename`,
      [videoId],
    );
    return rows[0]?.filename ?? null;
  }
}
