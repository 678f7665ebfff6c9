import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/core/database/embedded-postgres.js';
import { findExecutable, findFreePort } from '../../server/core/process/process-utils.js';
import { PROJECT_ROOT } from '../../server/core/paths.js';
import { createTemplateDatabase, dropTemplateDatabase } from './template-database.js';
import { testServices, withAdminClient } from './services.js';

async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    return await answers(async () => {
      await client.connect();
      await client.ping();
    });
  } finally {
    client.disconnect();
  }
}

/** Where the machine has no PostgreSQL or Redis (a developer's laptop), the tests bring their own. */
export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(path.join(PROJECT_ROOT, 'dist/server/main.js'))) {
    throw new Error('dist/ is missing: run the tests with `npm test` (it builds first)');
  }
  const cleanups: (() => Promise<void> | void)[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'shoal-test-services-'));
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }));

  if (!(await answers(() => withAdminClient((client) => client.query('SELECT 1'))))) {
    const database: EmbeddedDatabase = await startEmbeddedPostgres(scratch, pino({ level: 'warn' }));
    const url = new URL(database.url);
    url.pathname = '/postgres';
    process.env.TEST_DATABASE_URL = url.toString();
    cleanups.push(() => database.stop());
  }

  if (!(await redisAnswers(testServices.redisUrl))) {
    const executable = findExecutable('redis-server');
    if (!executable)
      throw new Error('Tests need Redis: install redis-server (apt-get install redis-server) or set TEST_REDIS_URL');
    const port = await findFreePort();
    const child: ChildProcess = spawn(
      executable,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    process.env.TEST_REDIS_URL = `redis://127.0.0.1:${port}`;
    for (let attempt = 0; attempt < 100 && !(await redisAnswers(process.env.TEST_REDIS_URL)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    cleanups.push(() => void child.kill('SIGTERM'));
  }

  await createTemplateDatabase();
  cleanups.push(() => dropTemplateDatabase());

  return async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
}
