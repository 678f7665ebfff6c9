import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tracker infohashes of each HLS playlist's P2P swarms (one per variant), for the tracker's allow-list. */
export class HlsSwarms1763900000000 implements MigrationInterface {
  name = 'HlsSwarms1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE video_streaming_playlists ADD COLUMN p2p_media_loader_infohashes char(40)[] NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `CREATE INDEX video_streaming_playlists_infohashes_idx
       ON video_streaming_playlists USING gin (p2p_media_loader_infohashes)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE video_streaming_playlists DROP COLUMN p2p_media_loader_infohashes`);
  }
}
