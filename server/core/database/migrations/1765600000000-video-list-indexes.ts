import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the video lists (bench/api.ts). The default sorts (`-publishedAt`, PeerTube's `-createdAt`) read the
 * videos in an index's order, ties broken by id as the list query does, so a page stops after `start + count` rows.
 * The total is counted from an index holding every column of the common filters (channel, privacy, state, origin),
 * without reading the table. Each replaces a single-column index it starts with.
 */
export class VideoListIndexes1765600000000 implements MigrationInterface {
  name = 'VideoListIndexes1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX videos_published_at_id_idx ON videos (published_at DESC NULLS LAST, id DESC)`,
    );
    await queryRunner.query(`CREATE INDEX videos_created_at_id_idx ON videos (created_at DESC NULLS LAST, id DESC)`);
    await queryRunner.query(
      `CREATE INDEX videos_list_filters_idx ON videos (channel_id, privacy, state, wait_transcoding, is_local)`,
    );
    await queryRunner.query(`DROP INDEX videos_published_at_idx`);
    await queryRunner.query(`DROP INDEX videos_channel_id_idx`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX videos_channel_id_idx ON videos (channel_id)`);
    await queryRunner.query(`CREATE INDEX videos_published_at_idx ON videos (published_at)`);
    await queryRunner.query(`DROP INDEX videos_list_filters_idx`);
    await queryRunner.query(`DROP INDEX videos_created_at_id_idx`);
    await queryRunner.query(`DROP INDEX videos_published_at_id_idx`);
  }
}
