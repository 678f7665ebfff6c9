import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Quota held by multipart uploads still being received, so that concurrent uploads of one user cannot each pass
 * the quota check (resumable sessions hold theirs through `video_uploads.size`).
 */
export class UploadReservations1764400000000 implements MigrationInterface {
  name = 'UploadReservations1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE upload_reservations (
        id varchar(64) PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        bytes bigint NOT NULL CHECK (bytes >= 0),
        expires_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX upload_reservations_user_id_idx ON upload_reservations (user_id)`);
    await queryRunner.query(`CREATE INDEX upload_reservations_expires_at_idx ON upload_reservations (expires_at)`);
    await queryRunner.query(`CREATE INDEX video_uploads_user_id_idx ON video_uploads (user_id)`);
    // A session without a video holds quota: deleting its video must not turn a finished session into an open one.
    await queryRunner.query(`ALTER TABLE video_uploads DROP CONSTRAINT video_uploads_video_id_fkey`);
    await queryRunner.query(
      `ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_video_id_fkey
       FOREIGN KEY (video_id) REFERENCES videos (id) ON DELETE CASCADE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE video_uploads DROP CONSTRAINT video_uploads_video_id_fkey`);
    await queryRunner.query(
      `ALTER TABLE video_uploads ADD CONSTRAINT video_uploads_video_id_fkey
       FOREIGN KEY (video_id) REFERENCES videos (id) ON DELETE SET NULL`,
    );
    await queryRunner.query(`DROP INDEX video_uploads_user_id_idx`);
    await queryRunner.query(`DROP TABLE upload_reservations`);
  }
}
