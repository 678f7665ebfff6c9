import { randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from '../../server/core/database/database.module.js';
import { ENTITIES } from '../../server/entities.js';
import { createDatabase, databaseUrl, dropDatabase } from './services.js';

// One template per test run, named in the environment so the workers find it.
const TEMPLATE_ENV = 'SHOAL_TEST_TEMPLATE_DATABASE';

/** Creates the migrated template that medium tests clone (cloning is much faster than migrating). */
export async function createTemplateDatabase(): Promise<void> {
  const name = `shoal_template_${randomBytes(4).toString('hex')}`;
  await createDatabase(name);
  const dataSource = createDataSource(databaseUrl(name), ENTITIES, 2);
  await dataSource.initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
  process.env[TEMPLATE_ENV] = name;
}

export async function dropTemplateDatabase(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (name) await dropDatabase(name);
}

/** A fresh, migrated database for one test file; returns its name. */
export async function createMigratedDatabase(): Promise<string> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run the tests through vitest's global setup`);
  const name = `shoal_medium_${randomBytes(6).toString('hex')}`;
  await createDatabase(name, template);
  return name;
}
