import type { DataSource, QueryRunner } from 'typeorm';

/**
 * PostgreSQL advisory locks that serialise the start-up work of processes booting together against one database.
 * Any constants work; they only have to be the same in every process.
 */
export enum AdvisoryLock {
  Migrations = 7_463_015,
  /** First-boot rows: the administrator, the instance account, the OAuth client. */
  Seeding = 7_463_016,
}

/**
 * Runs `work` while holding a session-level advisory lock, waiting for it if another process holds it. The lock is
 * held by its own connection, which `work` gets for statements that must run on it (migrations).
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  lock: AdvisoryLock,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lock]);
    try {
      return await work(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lock]);
    }
  } finally {
    await runner.release();
  }
}
