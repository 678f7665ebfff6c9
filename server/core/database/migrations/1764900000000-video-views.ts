import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views of each video per hour (what `-trending` sums over `trending.interval_days`), written by the views flush job
 * from the counters it takes out of Redis; and a full-text index on names for video search.
 */
export class VideoViews1764900000000 implements MigrationInterface {
  name = 'VideoViews1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE video_views (
        id serial PRIMARY KEY,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        start_date timestamptz NOT NULL,
        end_date timestamptz NOT NULL,
        views integer NOT NULL CHECK (views >= 0)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_views_video_id_start_date_idx ON video_views (video_id, start_date)`,
    );
    await queryRunner.query(`CREATE INDEX video_views_start_date_idx ON video_views (start_date)`);
    await queryRunner.query(
      `CREATE INDEX videos_search_document_idx ON videos
       USING gin (to_tsvector('simple', name))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX videos_search_document_idx`);
    await queryRunner.query(`DROP TABLE video_views`);
  }
}
