import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, OAuth, actors (with their key pairs), accounts, channels and registration requests. */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE actors (
        id serial PRIMARY KEY,
        type varchar(16) NOT NULL CHECK (type IN ('Person', 'Group', 'Application')),
        preferred_username varchar(50) NOT NULL,
        url varchar(2000) NOT NULL,
        inbox_url varchar(2000) NOT NULL,
        outbox_url varchar(2000) NOT NULL,
        shared_inbox_url varchar(2000) NOT NULL,
        followers_url varchar(2000) NOT NULL,
        following_url varchar(2000) NOT NULL,
        public_key text NOT NULL,
        private_key text,
        followers_count integer NOT NULL DEFAULT 0,
        following_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX actors_url_key ON actors (url)`);
    await queryRunner.query(`CREATE UNIQUE INDEX actors_preferred_username_key ON actors (preferred_username)`);

    // Local names of deleted actors stay reserved: remote instances may still cache the old actor and its key.
    await queryRunner.query(`
      CREATE TABLE reserved_actor_names (
        name varchar(50) PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        username varchar(50) NOT NULL,
        email varchar(400) NOT NULL,
        password_hash text NOT NULL,
        role smallint NOT NULL CHECK (role IN (0, 1, 2)),
        video_quota bigint NOT NULL,
        video_quota_daily bigint NOT NULL,
        email_verified boolean,
        nsfw_policy varchar(16) NOT NULL DEFAULT 'display',
        p2p_enabled boolean NOT NULL DEFAULT true,
        auto_play_video boolean NOT NULL DEFAULT true,
        blocked boolean NOT NULL DEFAULT false,
        blocked_reason text,
        last_login_date timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`);

    await queryRunner.query(`
      CREATE TABLE accounts (
        id serial PRIMARY KEY,
        actor_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        user_id integer REFERENCES users (id) ON DELETE CASCADE,
        display_name varchar(120) NOT NULL,
        description text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX accounts_actor_id_key ON accounts (actor_id)`);
    await queryRunner.query(`CREATE UNIQUE INDEX accounts_user_id_key ON accounts (user_id)`);

    await queryRunner.query(`
      CREATE TABLE video_channels (
        id serial PRIMARY KEY,
        actor_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        account_id integer NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        display_name varchar(120) NOT NULL,
        description text,
        support text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_channels_actor_id_key ON video_channels (actor_id)`);
    await queryRunner.query(`CREATE INDEX video_channels_account_id_idx ON video_channels (account_id)`);

    await queryRunner.query(`
      CREATE TABLE oauth_clients (
        id serial PRIMARY KEY,
        client_id varchar(64) NOT NULL,
        client_secret varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX oauth_clients_client_id_key ON oauth_clients (client_id)`);

    // Tokens are stored as SHA-256 digests: a database leak does not hand out sessions.
    await queryRunner.query(`
      CREATE TABLE oauth_tokens (
        id serial PRIMARY KEY,
        access_token_hash char(64) NOT NULL,
        access_token_expires_at timestamptz NOT NULL,
        refresh_token_hash char(64) NOT NULL,
        refresh_token_expires_at timestamptz NOT NULL,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        oauth_client_id integer NOT NULL REFERENCES oauth_clients (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX oauth_tokens_access_token_hash_key ON oauth_tokens (access_token_hash)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX oauth_tokens_refresh_token_hash_key ON oauth_tokens (refresh_token_hash)`,
    );
    await queryRunner.query(`CREATE INDEX oauth_tokens_user_id_idx ON oauth_tokens (user_id)`);
    await queryRunner.query(
      `CREATE INDEX oauth_tokens_refresh_token_expires_at_idx ON oauth_tokens (refresh_token_expires_at)`,
    );

    await queryRunner.query(`
      CREATE TABLE user_registrations (
        id serial PRIMARY KEY,
        state smallint NOT NULL CHECK (state IN (1, 2, 3)),
        registration_reason text NOT NULL,
        moderation_response text,
        username varchar(50) NOT NULL,
        email varchar(400) NOT NULL,
        password_hash text NOT NULL,
        account_display_name varchar(120) NOT NULL,
        channel_handle varchar(50) NOT NULL,
        channel_display_name varchar(120) NOT NULL,
        user_id integer REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX user_registrations_username_key ON user_registrations (lower(username))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX user_registrations_email_key ON user_registrations (lower(email))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX user_registrations_channel_handle_key ON user_registrations (channel_handle)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'user_registrations',
      'oauth_tokens',
      'oauth_clients',
      'video_channels',
      'accounts',
      'users',
      'reserved_actor_names',
      'actors',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
