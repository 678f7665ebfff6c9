import type { MigrationInterface, QueryRunner } from 'typeorm';

/** When a published local video was handed to federation: unset ones are fanned out again at boot. */
export class VideoFederatedAt1764200000000 implements MigrationInterface {
  name = 'VideoFederatedAt1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN federated_at timestamptz`);
    await queryRunner.query(
      `CREATE INDEX videos_awaiting_federation_idx ON videos (id) WHERE is_local AND federated_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos DROP COLUMN federated_at`);
  }
}
