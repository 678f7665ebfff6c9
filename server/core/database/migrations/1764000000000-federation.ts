import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Remote servers and actors, follows between actors, and the instance's server blocklist. */
export class Federation1764000000000 implements MigrationInterface {
  name = 'Federation1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE servers (
        id serial PRIMARY KEY,
        host varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX servers_host_key ON servers (host)`);

    // Remote actors: server_id set, no private key, refreshed from their origin (fetched_at).
    await queryRunner.query(
      `ALTER TABLE actors ADD COLUMN server_id integer REFERENCES servers (id) ON DELETE CASCADE`,
    );
    await queryRunner.query(`ALTER TABLE actors ADD COLUMN fetched_at timestamptz`);
    await queryRunner.query(`DROP INDEX actors_preferred_username_key`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX actors_local_name_key ON actors (preferred_username) WHERE server_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX actors_server_id_idx ON actors (server_id)`);

    await queryRunner.query(`
      CREATE TABLE actor_follows (
        id serial PRIMARY KEY,
        follower_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        following_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        state varchar(16) NOT NULL CHECK (state IN ('pending', 'accepted')),
        url varchar(2000) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX actor_follows_pair_key ON actor_follows (follower_id, following_id)`);
    await queryRunner.query(`CREATE INDEX actor_follows_following_id_idx ON actor_follows (following_id)`);

    await queryRunner.query(`
      CREATE TABLE server_blocklist (
        id serial PRIMARY KEY,
        host varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX server_blocklist_host_key ON server_blocklist (host)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE server_blocklist`);
    await queryRunner.query(`DROP TABLE actor_follows`);
    await queryRunner.query(`DELETE FROM actors WHERE server_id IS NOT NULL`);
    await queryRunner.query(`DROP INDEX actors_local_name_key`);
    await queryRunner.query(`CREATE UNIQUE INDEX actors_preferred_username_key ON actors (preferred_username)`);
    await queryRunner.query(`ALTER TABLE actors DROP COLUMN fetched_at`);
    await queryRunner.query(`ALTER TABLE actors DROP COLUMN server_id`);
    await queryRunner.query(`DROP TABLE servers`);
  }
}
