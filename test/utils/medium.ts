import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../server/core/config/config.js';
import { createDataSource } from '../../server/core/database/database.module.js';
import { CONFIG_DIR } from '../../server/core/paths.js';
import { ENTITIES } from '../../server/entities.js';
import { createMigratedDatabase } from './template-database.js';
import { databaseUrl, dropDatabase, testServices } from './services.js';

/** Test configuration pointing at the test services, with a Redis prefix of its own. */
export function mediumConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig(CONFIG_DIR, {
    NODE_ENV: 'test',
    SHOAL_REDIS_URL: testServices.redisUrl,
    SHOAL_DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    SHOAL_REDIS_KEY_PREFIX: `shoal-medium-${randomBytes(4).toString('hex')}`,
    ...env,
  });
}

export const silentLogger = pino({ level: 'silent' });

/** A fresh migrated database (cloned from the template) and an initialized DataSource on it. */
export async function openMigratedDatabase(): Promise<{ dataSource: DataSource; close(): Promise<void> }> {
  const name = await createMigratedDatabase();
  const dataSource = createDataSource(databaseUrl(name), ENTITIES, 2);
  await dataSource.initialize();
  return {
    dataSource,
    close: async () => {
      // An application closed first has destroyed it already.
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(name);
    },
  };
}
