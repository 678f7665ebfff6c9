import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox of domain events: a change and the events it causes commit together, and a relay turns each committed
 * event into jobs. It replaces `videos.federated_at`: a publication is now an event relayed until delivered, so
 * nothing scans for unfederated videos at boot any more.
 */
export class DomainEvents1765300000000 implements MigrationInterface {
  name = 'DomainEvents1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE domain_events (
        id bigserial PRIMARY KEY,
        name text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      )`,
    );
    await queryRunner.query(`CREATE INDEX domain_events_unrelayed_idx ON domain_events (id) WHERE relayed_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX domain_events_relayed_idx ON domain_events (relayed_at) WHERE relayed_at IS NOT NULL`,
    );
    // Publications a process died before sending (what the boot scan of federated_at did): their event, once more.
    await queryRunner.query(
      `INSERT INTO domain_events (name, payload)
       SELECT 'video.published', jsonb_build_object('videoId', id, 'uuid', uuid) FROM videos
       WHERE is_local AND federated_at IS NULL AND state = 1 AND privacy IN (1, 2) ORDER BY id`,
    );
    await queryRunner.query(`ALTER TABLE videos DROP COLUMN federated_at`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE videos ADD COLUMN federated_at timestamptz`);
    await queryRunner.query(
      `UPDATE videos SET federated_at = now() WHERE is_local AND state = 1 AND privacy IN (1, 2)`,
    );
    await queryRunner.query(
      `CREATE INDEX videos_awaiting_federation_idx ON videos (id) WHERE is_local AND federated_at IS NULL`,
    );
    await queryRunner.query(`DROP TABLE domain_events`);
  }
}
