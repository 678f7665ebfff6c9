import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a remote video was last read from its origin: one older than federation.remote_video_refresh is re-read. */
export class VideoFetchedAt1764500000000 implements MigrationInterface {
  name = 'VideoFetchedAt1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN fetched_at timestamptz`);
    await queryRunner.query(`UPDATE videos SET fetched_at = updated_at WHERE NOT is_local`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos DROP COLUMN fetched_at`);
  }
}
