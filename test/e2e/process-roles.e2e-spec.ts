import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/core/database/migrations/index.js';
import { QueueName } from '../../server/core/jobs/job-catalog.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestCluster } from '../utils/cluster.js';
import { TestInstance } from '../utils/instance.js';
import { queryDatabase, testServices } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const run = promisify(execFile);

/** The TCP ports a process listens on, from `ss` (which names each listening socket's process). */
async function listeningPorts(pid: number): Promise<number[]> {
  const { stdout } = await run('ss', ['-ltnpH']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => Number(/:(\d+)\s/.exec(line)![1]));
}

/** The local addresses (`ip:port`) of a process's established TCP connections, from `ss`. */
async function connectionsOf(pid: number): Promise<string[]> {
  const { stdout } = await run('ss', ['-tnpH', 'state', 'established']);
  // Columns: Recv-Q, Send-Q, local address, peer address, process.
  return stdout
    .split('\n')
    .filter((line) => line.includes(`pid=${pid},`))
    .map((line) => line.trim().split(/\s+/)[2]);
}

/** One HTTP announce of a seeder, as a BitTorrent client sends it; the bencoded answer as text. */
async function announce(trackerUrl: string, infoHash: string): Promise<{ status: number; body: string }> {
  const bytes = (hex: string) => hex.replace(/../g, (byte) => `%${byte.toUpperCase()}`);
  const query = [
    `info_hash=${bytes(infoHash)}`,
    `peer_id=${bytes(randomBytes(20).toString('hex'))}`,
    'port=6881',
    'uploaded=0',
    'downloaded=0',
    'left=0',
    'compact=1',
  ].join('&');
  const response = await fetch(`${trackerUrl}/tracker/announce?${query}`);
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('latin1') };
}

/** Whether a WebSocket upgrade of /tracker/socket is accepted. */
function trackerSocketOpens(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/tracker/socket`);
    socket.on('open', () => {
      socket.close();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.on('unexpected-response', () => {
      socket.terminate();
      resolve(false);
    });
  });
}

describe('process roles: one instance as api, worker and tracker processes', () => {
  let cluster: TestCluster;
  let api: TestInstance;
  let worker: TestInstance;
  let tracker: TestInstance;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-roles-'));
    // Started all at once on an empty database: each migrates and seeds, as a supervisor starting them would.
    cluster = await TestCluster.create({ processes: [['api'], ['worker'], ['tracker']] });
    [api, worker, tracker] = cluster.processes;
    await Promise.all([
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 4, width: 640, height: 360 }),
      cluster.start(),
    ]);
  });

  afterAll(async () => {
    await cluster?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('migrates and seeds the empty database once, though the processes started together', async () => {
    // The api process came up without the transcoding handler: its boot check covers only the queues it consumes.
    const db = cluster.shared.databaseName;
    const migrations = await queryDatabase<{ name: string }>(db, 'SELECT name FROM migrations');
    expect(migrations.map((row) => row.name).sort()).toEqual(MIGRATIONS.map((migration) => migration.name).sort());
    const counts = await queryDatabase<{ users: string; clients: string; instance: string }>(
      db,
      `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM oauth_clients) AS clients,
              (SELECT count(*) FROM accounts a JOIN actors r ON r.id = a.actor_id
                WHERE r.preferred_username = 'peertube' AND r.server_id IS NULL) AS instance`,
    );
    expect(counts[0]).toEqual({ users: '1', clients: '1', instance: '1' });
    const logs = cluster.processes.map((process) => process.output).join('\n');
    expect(logs.split('applied database migrations').length - 1).toBe(1);
    expect(await api.adminToken()).toEqual(expect.any(String));
  });

  it('gives the worker no listening port, and the api and tracker processes theirs', async () => {
    expect(await listeningPorts(worker.pid!)).toEqual([]);
    expect(await listeningPorts(api.pid!)).toEqual([api.port]);
    expect(await listeningPorts(tracker.pid!)).toEqual([tracker.port]);
  });

  it('consumes every queue in the worker process alone', async () => {
    const workerConnections = await connectionsOf(worker.pid!);
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, { connection: { url: testServices.redisUrl }, prefix: `${api.redisPrefix}:bull` });
      try {
        // BullMQ names each Worker's Redis connection; Redis tells from which address each one comes.
        const consumers = await queue.getWorkers();
        expect(consumers, name).toHaveLength(1);
        expect(workerConnections, name).toContain(consumers[0].addr);
      } finally {
        await queue.close();
      }
    }
  });

  it('serves /tracker/* from the tracker process only, and the API from the api process only', async () => {
    const unknown = randomBytes(20).toString('hex');
    expect((await announce(api.url, unknown)).status).toBe(404);
    expect(await trackerSocketOpens(api.url)).toBe(false);
    // The tracker answers (refusing an infohash it does not serve, as a BitTorrent tracker does).
    expect(await announce(tracker.url, unknown)).toEqual({ status: 200, body: expect.stringContaining('failure') });
    expect(await trackerSocketOpens(tracker.url)).toBe(true);
    expect((await fetch(`${tracker.url}/api/v1/videos`)).status).toBe(404);
    expect((await fetch(`${api.url}/api/v1/videos`)).status).toBe(200);
  });

  it(
    'transcodes in the worker what the api process received, and shows the tracker’s swarm figures on it',
    { timeout: 120_000 },
    async () => {
      const { token } = await api.api.registerAndLogin('uploader');
      const uuid = await uploadVideo(api, token, { name: 'Across processes', file: path.join(folder, 'clip.mp4') });
      // The api process consumes no queue: the transcoding job waits for the worker.
      await waitForJobs(api);
      const video = await api.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`);
      expect(video.state.id).toBe(VideoState.Published);
      expect(video.streamingPlaylists).toHaveLength(1);
      expect(video.swarm).toEqual({ peers: 0, seeders: 0 });

      const infoHash = /btih:([0-9a-f]{40})/.exec(video.files[0].magnetUri!)![1];
      expect((await announce(tracker.url, infoHash)).body).not.toContain('failure');
      await expect
        .poll(async () => (await api.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).swarm, {
          timeout: 15_000,
          interval: 250,
        })
        .toEqual({ peers: 1, seeders: 1 });
    },
  );
});

describe('process roles: start-up checks', () => {
  it('refuses split roles without database and Redis URLs, saying what to set', async () => {
    const lonely = await TestInstance.create({ roles: ['api', 'worker'], embeddedServices: true });
    try {
      expect(await lonely.runToExit()).toBe(1);
      expect(lonely.output).toContain(
        'shoal: invalid configuration: SHOAL_ROLES=api,worker (config key server.roles): a process with only some ' +
          'of the roles shares PostgreSQL and Redis with the other processes; set database.url (SHOAL_DATABASE_URL) ' +
          'and redis.url (SHOAL_REDIS_URL)',
      );
    } finally {
      await lonely.destroy();
    }
  });
});
