import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplicationContext } from '@nestjs/common';
import { pino } from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../server/core/config/config.js';
import { createDataSource } from '../../server/core/database/database.module.js';
import { QueueName } from '../../server/core/jobs/job-catalog.js';
import { JobsService } from '../../server/core/jobs/jobs.service.js';
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

/**
 * Waits until every domain event committed so far is relayed and its consumer jobs have run (their effects are then
 * visible), for at most `timeoutMs`.
 */
export async function eventsSettled(app: INestApplicationContext, timeoutMs = 20_000): Promise<void> {
  const dataSource = app.get(DataSource);
  const queue = app.get(JobsService).queue(QueueName.Events);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ unrelayed }] = await dataSource.query<[{ unrelayed: number }]>(
      'SELECT count(*)::int AS unrelayed FROM domain_events WHERE relayed_at IS NULL',
    );
    const pending = await queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');
    if (unrelayed === 0 && pending === 0) return;
    if (Date.now() > deadline) throw new Error(`events not settled: ${unrelayed} unrelayed, ${pending} jobs pending`);
    await sleep(50);
  }
}
