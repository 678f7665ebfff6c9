import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a file has an audio and a video stream (PeerTube's `hasAudio` / `hasVideo` of a VideoFile). Files stored
 * before: a video stream unless audio only (resolution 0), and audio assumed, as nearly every upload has it.
 */
export class VideoFileStreams1765100000000 implements MigrationInterface {
  name = 'VideoFileStreams1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE video_files ADD COLUMN has_audio boolean NOT NULL DEFAULT true,
         ADD COLUMN has_video boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`UPDATE video_files SET has_video = false WHERE resolution = 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE video_files DROP COLUMN has_audio, DROP COLUMN has_video`);
  }
}
