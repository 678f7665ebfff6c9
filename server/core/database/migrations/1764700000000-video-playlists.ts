import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Video playlists (PeerTube's), local and remote, and their elements. An element goes with its video, and the
 * elements after it close up (a trigger, so that every way a video is deleted keeps positions 1..n).
 * Every existing user gets the "Watch later" playlist new users get on creation.
 */
export class VideoPlaylists1764700000000 implements MigrationInterface {
  name = 'VideoPlaylists1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE video_playlists (
        id serial PRIMARY KEY,
        uuid uuid NOT NULL,
        url varchar(2000) NOT NULL,
        is_local boolean NOT NULL,
        name varchar(120) NOT NULL,
        description varchar(1000),
        privacy smallint NOT NULL CHECK (privacy IN (1, 2, 3)),
        type smallint NOT NULL DEFAULT 1 CHECK (type IN (1, 2)),
        owner_account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        channel_id integer REFERENCES video_channels (id) ON DELETE CASCADE,
        thumbnail_url varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_playlists_url_key ON video_playlists (url)`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_playlists_uuid_key ON video_playlists (uuid)`);
    await queryRunner.query(`CREATE INDEX video_playlists_owner_account_id_idx ON video_playlists (owner_account_id)`);
    await queryRunner.query(`CREATE INDEX video_playlists_channel_id_idx ON video_playlists (channel_id)`);
    // One "Watch later" per account.
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_playlists_watch_later_key ON video_playlists (owner_account_id) WHERE type = 2`,
    );

    await queryRunner.query(`
      CREATE TABLE video_playlist_elements (
        id serial PRIMARY KEY,
        playlist_id integer NOT NULL REFERENCES video_playlists (id) ON DELETE CASCADE,
        video_id integer REFERENCES videos (id) ON DELETE CASCADE,
        position integer NOT NULL CHECK (position >= 1),
        start_timestamp integer CHECK (start_timestamp >= 0),
        stop_timestamp integer CHECK (stop_timestamp >= 0),
        url varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Not unique: a reorder moves positions within one transaction, one row after the other.
    await queryRunner.query(
      `CREATE INDEX video_playlist_elements_playlist_position_idx ON video_playlist_elements (playlist_id, position)`,
    );
    await queryRunner.query(`CREATE INDEX video_playlist_elements_video_id_idx ON video_playlist_elements (video_id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_playlist_elements_url_key ON video_playlist_elements (url)`);
    await queryRunner.query(`
      CREATE FUNCTION video_playlist_elements_close_gaps() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE video_playlist_elements e SET position = ranked.rank
        FROM (SELECT id, row_number() OVER (PARTITION BY playlist_id ORDER BY position, id) AS rank
              FROM video_playlist_elements
              WHERE playlist_id IN (SELECT DISTINCT playlist_id FROM removed)) ranked
        WHERE e.id = ranked.id AND e.position <> ranked.rank;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER video_playlist_elements_close_gaps AFTER DELETE ON video_playlist_elements
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION video_playlist_elements_close_gaps()`);

    // Local accounts of users; the instance's base URL is the part of their actor's shared inbox before /inbox.
    await queryRunner.query(`
      WITH created AS (SELECT a.id AS account_id, gen_random_uuid() AS uuid,
                              regexp_replace(actor.shared_inbox_url, '/inbox$', '') AS base
                       FROM accounts a JOIN actors actor ON actor.id = a.actor_id
                       WHERE a.user_id IS NOT NULL AND actor.server_id IS NULL)
      INSERT INTO video_playlists (uuid, url, is_local, name, privacy, type, owner_account_id)
      SELECT uuid, base || '/video-playlists/' || uuid, true, 'Watch later', 3, 2, account_id FROM created`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE video_playlist_elements`);
    await queryRunner.query(`DROP FUNCTION video_playlist_elements_close_gaps()`);
    await queryRunner.query(`DROP TABLE video_playlists`);
  }
}
