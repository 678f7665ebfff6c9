import pg from 'pg';

/**
 * The PostgreSQL and Redis the tests use: the machine's (127.0.0.1:5432 / 6379, as in CI) unless
 * TEST_DATABASE_URL / TEST_REDIS_URL say otherwise. The global setup starts private ones when none answers.
 */
export const testServices = {
  get databaseAdminUrl(): string {
    return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  },
  get redisUrl(): string {
    return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  },
};

export function databaseUrl(name: string): string {
  const url = new URL(testServices.databaseAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServices.databaseAdminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string, template?: string): Promise<void> {
  await withAdminClient((client) =>
    client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`),
  );
}

export async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Runs one query against a test database (to look under an instance's API, e.g. at stored keys). */
export async function queryDatabase<R extends pg.QueryResultRow>(
  name: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: databaseUrl(name) });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
