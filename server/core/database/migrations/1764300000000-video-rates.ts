import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Likes and dislikes of videos by actors (one per actor and video), which the counters on videos sum up. */
export class VideoRates1764300000000 implements MigrationInterface {
  name = 'VideoRates1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE video_rates (
        id serial PRIMARY KEY,
        actor_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        type varchar(8) NOT NULL CHECK (type IN ('like', 'dislike')),
        url varchar(2000) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_rates_actor_video_key ON video_rates (actor_id, video_id)`);
    await queryRunner.query(`CREATE INDEX video_rates_video_id_idx ON video_rates (video_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE video_rates`);
  }
}
