import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '../../server/core/database/database.module.js';
import { MIGRATIONS } from '../../server/core/database/migrations/index.js';
import { TokensRepository } from '../../server/modules/auth/tokens.repository.js';
import { ENTITIES } from '../../server/entities.js';
import { openMigratedDatabase } from '../utils/medium.js';
import { createDatabase, databaseUrl, dropDatabase, queryDatabase } from '../utils/services.js';

/** Every migration, oldest first. */
const MIGRATION_NAMES = MIGRATIONS.map((migration) => new migration().name);

describe('migrations', () => {
  const name = `shoal_migrations_${Date.now()}`;

  beforeAll(() => createDatabase(name));
  afterAll(() => dropDatabase(name));

  it('build the schema from an empty database, are idempotent, and revert', async () => {
    const dataSource = createDataSource(databaseUrl(name), ENTITIES, 2);
    await dataSource.initialize();
    try {
      expect(await runMigrations(dataSource)).toEqual(MIGRATION_NAMES);
      expect(await runMigrations(dataSource)).toEqual([]);
      // Two processes booting together must not both migrate.
      expect(await Promise.all([runMigrations(dataSource), runMigrations(dataSource)])).toEqual([[], []]);

      const tables = await queryDatabase<{ tablename: string }>(
        name,
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      );
      expect(tables.map((row) => row.tablename)).toEqual([
        'accounts',
        'actor_follows',
        'actor_images',
        'actors',
        'domain_events',
        'migrations',
        'oauth_clients',
        'oauth_tokens',
        'reserved_actor_names',
        'server_blocklist',
        'servers',
        'storyboards',
        'upload_reservations',
        'user_notification_settings',
        'user_notifications',
        'user_registrations',
        'users',
        'video_captions',
        'video_channels',
        'video_chapters',
        'video_comments',
        'video_files',
        'video_playlist_elements',
        'video_playlists',
        'video_rates',
        'video_streaming_playlists',
        'video_tags',
        'video_uploads',
        'video_views',
        'videos',
      ]);

      for (let undone = 0; undone < MIGRATION_NAMES.length; undone++) await dataSource.undoLastMigration();
      const left = await queryDatabase<{ tablename: string }>(
        name,
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`,
      );
      expect(left.map((row) => row.tablename)).toEqual(['migrations']);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('token purge', () => {
  let database: { dataSource: DataSource; close(): Promise<void> };

  beforeAll(async () => {
    database = await openMigratedDatabase();
  });
  afterAll(() => database?.close());

  it('deletes only sessions whose refresh token has expired', async () => {
    const { dataSource } = database;
    await dataSource.query(
      `INSERT INTO users (username, email, password_hash, role, video_quota, video_quota_daily) VALUES ('u', 'u@x.test', 'h', 2, -1, -1)`,
    );
    await dataSource.query(`INSERT INTO oauth_clients (client_id, client_secret) VALUES ('c', 's')`);
    const insert = (suffix: string, refreshExpiresAt: string) =>
      dataSource.query(
        `INSERT INTO oauth_tokens (access_token_hash, access_token_expires_at, refresh_token_hash, refresh_token_expires_at, user_id, oauth_client_id)
         VALUES ($1, now(), $2, ${refreshExpiresAt}, 1, 1)`,
        [suffix.repeat(64), suffix.toUpperCase().repeat(64)],
      );
    await insert('a', `now() - interval '1 minute'`);
    await insert('b', `now() + interval '1 day'`);

    const tokens = new TokensRepository(dataSource);
    expect(await tokens.deleteExpired(new Date())).toBe(1);
    const left = await dataSource.query<{ access_token_hash: string }[]>('SELECT access_token_hash FROM oauth_tokens');
    expect(left.map((row) => row.access_token_hash)).toEqual(['b'.repeat(64)]);
  });
});
