import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { findExecutable, stopOrphanFromPidFile } from '../process/process-utils.js';

// Linux refuses unix socket paths longer than this (sun_path is 108 bytes with the NUL).
const MAX_SOCKET_PATH = 107;

export interface ManagedRedis {
  socketPath: string;
  stop(): Promise<void>;
}

/** Raised when Shoal cannot run Redis itself; the message tells the admin what to do. */
export class ManagedRedisError extends Error {}

/**
 * Runs `redis-server` from PATH as a child process with its data (append-only file, so queued jobs survive a
 * restart) in `<storage>/redis`, reachable only through a unix socket that only this user can open.
 */
export async function startManagedRedis(storageDir: string, logger: Logger): Promise<ManagedRedis> {
  const executable = findExecutable('redis-server');
  if (!executable) {
    throw new ManagedRedisError(
      'redis-server was not found on PATH: install it (Debian: apt-get install redis-server) or set SHOAL_REDIS_URL',
    );
  }
  const dir = path.join(storageDir, 'redis');
  const socketPath = path.join(dir, 'redis.sock');
  if (socketPath.length > MAX_SOCKET_PATH) {
    throw new ManagedRedisError(
      `storage path too long for a unix socket (${socketPath}): use a shorter SHOAL_STORAGE_DIR or set SHOAL_REDIS_URL`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dir, 'redis.pid');
  const log = logger.child({ component: 'managed-redis' });
  if (await stopOrphanFromPidFile(pidFile, 'SIGTERM'))
    log.warn('stopped a redis-server left running by a previous process');

  const child = spawn(
    executable,
    [
      '--port',
      '0',
      '--unixsocket',
      socketPath,
      '--unixsocketperm',
      '700',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  await waitUntilReady(socketPath, exited, () => output);
  log.info({ socketPath, pid: child.pid }, 'managed redis-server started');

  return {
    socketPath,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitUntilReady(socketPath: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new ManagedRedisError(`redis-server exited (${exitCode}): ${output().trim()}`);
    const client = new Redis({
      path: socketPath,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined); // refused until redis-server listens; connect() reports it
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      client.disconnect();
    }
    await sleep(50);
  }
  throw new ManagedRedisError(`redis-server did not answer on ${socketPath} within 15 s: ${output().trim()}`);
}
