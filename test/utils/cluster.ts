import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ProcessRole } from '../../server/core/config/process-roles.js';
import { findFreePort } from '../../server/core/process/process-utils.js';
import { deleteRedisKeys, TestInstance, type SharedResources } from './instance.js';
import { createDatabase, dropDatabase } from './services.js';

export interface ClusterOptions {
  /** The roles of each process, e.g. `[['api'], ['worker'], ['tracker']]`. */
  processes: ProcessRole[][];
  /** Extra SHOAL_* variables of every process. */
  env?: Record<string, string>;
  /** The port of the instance's public URLs (a reverse proxy in front); by default the first api process's. */
  publicPort?: number;
}

/**
 * One Shoal instance made of several processes (the built dist/server/main.js), each with its roles and, when it
 * serves HTTP, its own port; all share one database (created empty: the processes migrate it), one Redis prefix,
 * one storage folder and the public URL.
 */
export class TestCluster {
  private constructor(
    readonly shared: SharedResources,
    readonly processes: TestInstance[],
  ) {}

  static async create(options: ClusterOptions): Promise<TestCluster> {
    const id = randomBytes(4).toString('hex');
    const ports = await Promise.all(options.processes.map(() => findFreePort()));
    const firstApi = options.processes.findIndex((roles) => roles.includes('api'));
    const shared: SharedResources = {
      databaseName: `shoal_cluster_${id}`,
      redisPrefix: `shoal-cluster-${id}`,
      storageDir: mkdtempSync(path.join(tmpdir(), `shoal-cluster-${id}-`)),
      publicPort: options.publicPort ?? ports[Math.max(firstApi, 0)],
    };
    await createDatabase(shared.databaseName);
    const processes = await Promise.all(
      options.processes.map((roles, index) => TestInstance.create({ roles, shared, env: options.env }, ports[index])),
    );
    return new TestCluster(shared, processes);
  }

  /** Starts every process at once, as a supervisor would; resolves when all are up. */
  async start(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.start()));
  }

  /** The `index`th process having this role. */
  withRole(role: ProcessRole, index = 0): TestInstance {
    const found = this.processes.filter((process) => process.roles.includes(role))[index];
    if (!found) throw new Error(`the cluster has no process number ${index} with the ${role} role`);
    return found;
  }

  /** Stops every process, then removes the database, the Redis keys and the storage folder. */
  async destroy(): Promise<void> {
    await Promise.all(this.processes.map((process) => process.destroy()));
    await dropDatabase(this.shared.databaseName);
    await deleteRedisKeys(this.shared.redisPrefix);
    rmSync(this.shared.storageDir, { recursive: true, force: true });
  }
}
