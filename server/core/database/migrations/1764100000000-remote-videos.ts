import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Videos of other instances: their files and playlists are not stored here, so their rows carry the origin's
 * absolute URLs (file, torrent, magnet, playlist, SHA-256 file, pictures, trackers) instead of store keys.
 */
export class RemoteVideos1764100000000 implements MigrationInterface {
  name = 'RemoteVideos1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN is_local boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN thumbnail_url varchar(2000)`);
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN preview_url varchar(2000)`);
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN tracker_urls varchar(2000)[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX videos_is_local_idx ON videos (is_local)`);

    await queryRunner.query(`ALTER TABLE video_files ADD COLUMN file_url varchar(2000)`);
    await queryRunner.query(`ALTER TABLE video_files ADD COLUMN torrent_url varchar(2000)`);
    await queryRunner.query(`ALTER TABLE video_files ADD COLUMN magnet_uri text`);
    // File names are store keys for local files only; the same torrent may be known from two instances.
    await queryRunner.query(`DROP INDEX video_files_filename_key`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_files_local_filename_key ON video_files (filename) WHERE file_url IS NULL`,
    );
    await queryRunner.query(`DROP INDEX video_files_info_hash_key`);
    await queryRunner.query(`CREATE INDEX video_files_info_hash_idx ON video_files (info_hash)`);

    await queryRunner.query(`ALTER TABLE video_streaming_playlists ADD COLUMN playlist_url varchar(2000)`);
    await queryRunner.query(`ALTER TABLE video_streaming_playlists ADD COLUMN segments_sha256_url varchar(2000)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM videos WHERE NOT is_local`);
    await queryRunner.query(`ALTER TABLE video_streaming_playlists DROP COLUMN segments_sha256_url`);
    await queryRunner.query(`ALTER TABLE video_streaming_playlists DROP COLUMN playlist_url`);
    await queryRunner.query(`DROP INDEX video_files_info_hash_idx`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_files_info_hash_key ON video_files (info_hash)`);
    await queryRunner.query(`DROP INDEX video_files_local_filename_key`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_files_filename_key ON video_files (filename)`);
    for (const column of ['magnet_uri', 'torrent_url', 'file_url']) {
      await queryRunner.query(`ALTER TABLE video_files DROP COLUMN ${column}`);
    }
    for (const column of ['tracker_urls', 'preview_url', 'thumbnail_url', 'is_local']) {
      await queryRunner.query(`ALTER TABLE videos DROP COLUMN ${column}`);
    }
  }
}
