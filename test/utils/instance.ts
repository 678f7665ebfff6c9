import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { ProcessRole } from '../../server/core/config/process-roles.js';
import { findFreePort, stopOrphanFromPidFile } from '../../server/core/process/process-utils.js';
import { PROJECT_ROOT } from '../../server/core/paths.js';
import { ApiClient } from './api-client.js';
import { createDatabase, databaseUrl, dropDatabase, testServices } from './services.js';

export const MAIN_SCRIPT = path.join(PROJECT_ROOT, 'dist/server/main.js');
export const ADMIN_PASSWORD = 'root-password';

export interface InstanceOptions {
  /** Extra SHOAL_* variables. */
  env?: Record<string, string>;
  /** No database or Redis URL: the instance runs its embedded PostgreSQL and its own redis-server. */
  embeddedServices?: boolean;
  /** SHOAL_ROLES of the process; every role by default. */
  roles?: ProcessRole[];
  /** What the process shares with the other processes of one instance (TestCluster); its own otherwise. */
  shared?: SharedResources;
  /** Another process of that instance (see `shared`), with every role unless `roles` says otherwise. */
  processOf?: TestInstance;
}

/** The state of one instance that all its processes share, owned by a TestCluster. */
export interface SharedResources {
  databaseName: string;
  redisPrefix: string;
  storageDir: string;
  /** The port in the instance's public URLs: a reverse proxy's, or one process's. */
  publicPort: number;
}

/** What a process without an HTTP port (a worker) logs once it is up. */
const RUNNING_WITHOUT_HTTP = '"msg":"Shoal is running without an HTTP port"';

let counter = 0;

/**
 * One whole Shoal instance as a separate process (the built dist/server/main.js), with its own port,
 * database, Redis key prefix and storage folder, like a real deployment. With `shared`, one process of an instance
 * of several (TestCluster): its own port and roles, the cluster's database, Redis prefix, storage and public URL.
 */
export class TestInstance {
  readonly n = ++counter;
  readonly id = randomBytes(4).toString('hex');
  readonly databaseName: string;
  readonly redisPrefix: string;
  readonly storageDir: string;
  readonly publicPort: number;
  readonly api: ApiClient;
  /** Everything the process wrote to stdout and stderr, across restarts. */
  output = '';
  private child?: ChildProcess;
  private exited?: Promise<number | null>;

  private constructor(
    readonly port: number,
    private readonly options: InstanceOptions,
  ) {
    const shared = options.shared ?? options.processOf?.shared;
    this.databaseName = shared?.databaseName ?? `shoal_e2e_${this.id}`;
    this.redisPrefix = shared?.redisPrefix ?? `shoal-e2e-${this.id}`;
    this.storageDir = shared?.storageDir ?? mkdtempSync(path.join(tmpdir(), `shoal-e2e-${this.id}-`));
    this.publicPort = shared?.publicPort ?? port;
    this.api = new ApiClient(this.url);
  }

  static async create(options: InstanceOptions = {}, port?: number): Promise<TestInstance> {
    const instance = new TestInstance(port ?? (await findFreePort()), options);
    if (!options.embeddedServices && !options.shared && !options.processOf) await createDatabase(instance.databaseName);
    return instance;
  }

  /** This process's own address (each api or tracker process of a cluster has its port). */
  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** Whether its database is `databaseName` on the test PostgreSQL (not an embedded one of its own). */
  get usesTestDatabase(): boolean {
    return !this.options.embeddedServices;
  }

  /** What another process of this instance shares with it. */
  get shared(): SharedResources {
    const { databaseName, redisPrefix, storageDir, publicPort } = this;
    return { databaseName, redisPrefix, storageDir, publicPort };
  }

  /** The instance's public host, as other instances name it. */
  get host(): string {
    return `localhost:${this.publicPort}`;
  }

  get roles(): ProcessRole[] {
    return this.options.roles ?? ['api', 'worker', 'tracker', 'live'];
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  env(): Record<string, string> {
    return {
      ...process.env,
      NODE_ENV: 'test',
      SHOAL_PORT: String(this.port),
      ...(this.publicPort === this.port ? {} : { SHOAL_PUBLIC_PORT: String(this.publicPort) }),
      ...(this.options.roles ? { SHOAL_ROLES: this.options.roles.join(',') } : {}),
      SHOAL_HOSTNAME: 'localhost',
      SHOAL_BIND: '127.0.0.1',
      SHOAL_STORAGE_DIR: this.storageDir,
      SHOAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      SHOAL_LOG_LEVEL: 'info',
      SHOAL_REDIS_KEY_PREFIX: this.redisPrefix,
      ...(this.options.embeddedServices
        ? {}
        : { SHOAL_DATABASE_URL: databaseUrl(this.databaseName), SHOAL_REDIS_URL: testServices.redisUrl }),
      ...this.options.env,
    };
  }

  /** Sets SHOAL_* variables for the next starts (e.g. a store moved to a bucket between two runs). */
  setEnv(env: Record<string, string>): void {
    this.options.env = { ...this.options.env, ...env };
  }

  /** Starts the process and resolves once it reports ready; rejects with its output if it exits first. */
  async start(): Promise<void> {
    this.spawn();
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`instance ${this.n} exited during start:\n${this.output.slice(-4000)}`);
      if (await this.ready()) return;
      await sleep(100);
    }
    throw new Error(`instance ${this.n} not ready within 90 s:\n${this.output.slice(-4000)}`);
  }

  /** Runs the process until it exits by itself (a start expected to fail); resolves with its exit code. */
  async runToExit(): Promise<number | null> {
    const child = this.spawn();
    const killer = setTimeout(() => void this.kill(), 60_000);
    // 'close' rather than 'exit': the last lines of its output may still be in the pipes when it exits.
    const [code] = (await once(child, 'close')) as [number | null];
    clearTimeout(killer);
    return code;
  }

  private spawn(): ChildProcess {
    const child = spawn(process.execPath, [MAIN_SCRIPT], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    return child;
  }

  /** A process with an HTTP port answers readiness; a worker says in its log that it is up. */
  private ready(): Promise<boolean> {
    if (!this.roles.includes('api') && !this.roles.includes('tracker')) {
      return Promise.resolve(this.output.includes(RUNNING_WITHOUT_HTTP));
    }
    return fetch(`${this.url}/api/v1/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
  }

  /** Graceful stop (SIGTERM), as an admin would do; resolves with the exit code. */
  async stop(): Promise<number | null | undefined> {
    return this.signal('SIGTERM');
  }

  /** Abrupt death (SIGKILL): nothing gets to clean up. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the process and removes its database, Redis keys and storage (a cluster removes the shared ones). */
  async destroy(): Promise<void> {
    if (this.running) {
      // Gracefully, so that an embedded PostgreSQL and redis-server stop with it; killed if it hangs.
      const killer = setTimeout(() => void this.kill(), 30_000);
      await this.stop();
      clearTimeout(killer);
    }
    if (this.options.shared || this.options.processOf) return;
    if (this.options.embeddedServices) {
      // A test that killed the process left them running.
      await stopOrphanFromPidFile(path.join(this.storageDir, 'redis', 'redis.pid'), 'SIGTERM');
      await stopOrphanFromPidFile(path.join(this.storageDir, 'postgres', 'postmaster.pid'), 'SIGINT');
    }
    if (!this.options.embeddedServices) {
      await dropDatabase(this.databaseName);
      await deleteRedisKeys(this.redisPrefix);
    }
    rmSync(this.storageDir, { recursive: true, force: true });
  }

  /** A fresh access token of the root administrator. */
  async adminToken(): Promise<string> {
    return (await this.api.login('root', ADMIN_PASSWORD)).access_token;
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null | undefined> {
    if (!this.running) return undefined;
    this.child!.kill(signal);
    return this.exited;
  }
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(testServices.redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Boots `count` instances in parallel, each with its own port, database and storage. */
export async function startInstances(count: number, options: InstanceOptions = {}): Promise<TestInstance[]> {
  const instances = await Promise.all(Array.from({ length: count }, () => TestInstance.create(options)));
  await Promise.all(instances.map((instance) => instance.start()));
  return instances;
}

export async function destroyInstances(...instances: (TestInstance | undefined)[]): Promise<void> {
  await Promise.all(instances.filter((instance) => instance !== undefined).map((instance) => instance.destroy()));
}
