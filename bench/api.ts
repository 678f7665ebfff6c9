/**
 * bench/api: `GET /api/v1/videos` over 10,000 published public videos at 100 concurrent clients, against one Shoal
 * process, against the same process behind nginx, and against two processes behind nginx, in the same run. nginx
 * runs the site of the deployment docs (config/nginx/shoal.conf.template, through test/utils/nginx.ts); the load
 * generator is wrk, in its own process. Needs `wrk` and `nginx` (Debian: apt-get install wrk nginx), the built
 * server (`npm run bench:api` builds it), and the PostgreSQL and Redis of the tests (TEST_DATABASE_URL,
 * TEST_REDIS_URL; 127.0.0.1 by default).
 *
 * The database is made for the run: a first process migrates it and creates 25 users through the API (accounts
 * and channels with their keys), then 10,000 videos with two MP4 files each and the actors' avatars are inserted
 * in SQL, as the list query joins them. The measured processes run with SHOAL_ROLES=api and the production
 * defaults (NODE_ENV=production, one log line per request at info).
 *
 * Usage: npm run bench:api [-- --seconds 10 --connections 100 --rounds 2 --threads 1]
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { findExecutable, findFreePort } from '../server/core/process/process-utils.js';
import { processCpuSeconds } from './cpu-clock.js';
import { toShortUuid } from '../server/modules/videos/short-uuid.js';
import { UserRole } from '../shared/models/users/user-role.js';
import { VideoPrivacy, VideoState } from '../shared/models/videos/video-enums.js';
import { ApiClient } from '../test/utils/api-client.js';
import { MAIN_SCRIPT } from '../test/utils/instance.js';
import { TestNginx } from '../test/utils/nginx.js';
import { createDatabase, databaseUrl, dropDatabase, testServices, withAdminClient } from '../test/utils/services.js';

const run = promisify(execFile);
const VIDEOS = 10_000;
const USERS = 25;
const ADMIN_PASSWORD = 'bench-root-password';
const COLUMNS = ['req/s', 'p50 ms', 'p99 ms', 'errors', 'shoal CPU', 'pg CPU'];
const HEADER = `${'variant'.padEnd(28)} ${COLUMNS.map((title) => title.padStart(9)).join(' ')}\n`;
/** What clients ask: PeerTube's defaults (start 0, count 15, sort -createdAt), its web client's pages, deep pages. */
const PATHS = [
  '/api/v1/videos',
  '/api/v1/videos?start=0&count=25&sort=-publishedAt',
  '/api/v1/videos?start=25&count=25&sort=-publishedAt',
  '/api/v1/videos?start=15&count=15',
  '/api/v1/videos?start=2000&count=25&sort=-publishedAt',
  '/api/v1/videos?start=0&count=25&sort=-publishedAt&isLocal=true',
];

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
    threads: { type: 'string', default: '1' },
  },
});

interface Figures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Requests wrk gave up on (no answer within its timeout) or could not send. */
  socketErrors: number;
  requests: number;
  /** CPU milliseconds per request of the Shoal processes and of PostgreSQL's backends, whatever the neighbours do. */
  shoalCpuMs?: number;
  postgresCpuMs?: number;
}

for (const tool of ['wrk', 'nginx']) {
  if (!findExecutable(tool)) {
    process.stderr.write(`bench:api needs ${tool} (Debian: apt-get install ${tool})\n`);
    process.exit(1);
  }
}
if (!existsSync(MAIN_SCRIPT)) {
  process.stderr.write(`bench:api needs the built server (${MAIN_SCRIPT}): npm run build\n`);
  process.exit(1);
}

const id = randomBytes(4).toString('hex');
const databaseName = `shoal_bench_api_${id}`;
const storageDir = await mkdtemp(path.join(tmpdir(), 'shoal-bench-api-'));
const luaScript = path.join(storageDir, 'paths.lua');
const publicPort = await findFreePort();
const processes: ChildProcess[] = [];
const apiPorts: number[] = [];
const proxies: TestNginx[] = [];

try {
  await createDatabase(databaseName);
  const setup = await startShoal(await findFreePort(), undefined);
  await createUsers(setup.port);
  await stopShoal(setup.child);
  await seed();

  const ports = [await findFreePort(), await findFreePort()];
  await Promise.all(ports.map((port) => startShoal(port, 'api')));
  apiPorts.push(...ports);
  const site = { trackerServer: `127.0.0.1:${ports[0]}`, storageDir };
  proxies.push(
    await TestNginx.start({ ...site, apiServers: [`127.0.0.1:${ports[0]}`] }),
    await TestNginx.start({ ...site, port: publicPort, apiServers: ports.map((port) => `127.0.0.1:${port}`) }),
  );
  const variants = [
    { name: 'one process', url: `http://127.0.0.1:${ports[0]}` },
    { name: 'one process behind nginx', url: `http://127.0.0.1:${proxies[0].port}` },
    { name: 'two processes behind nginx', url: `http://127.0.0.1:${proxies[1].port}` },
  ];
  await writeFile(
    luaScript,
    `local paths = { ${PATHS.map((entry) => `"${entry}"`).join(', ')} }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`,
  );
  for (const variant of variants) await checkAnswers(variant.url);
  // Warm-up: JIT, connection pools, PostgreSQL's caches.
  for (const variant of variants) await measure(variant.url, 3);

  const best = new Map<string, Figures>();
  process.stdout.write(`${' '.repeat(9)}${HEADER}`);
  for (let round = 0; round < Number(values.rounds); round++) {
    // A rotating order, so that no variant always runs on a machine warmed (or tired) by the same neighbour.
    const order = variants.map((_, index) => variants[(index + round) % variants.length]);
    for (const variant of order) {
      const figures = await measure(variant.url, Number(values.seconds));
      process.stdout.write(`round ${round + 1}  ${variant.name.padEnd(28)} ${format(figures)}\n`);
      const previous = best.get(variant.name);
      if (!previous || figures.requestsPerSecond > previous.requestsPerSecond) best.set(variant.name, figures);
    }
  }

  const one = best.get(variants[0].name)!;
  const two = best.get(variants[2].name)!;
  process.stdout.write(
    `\nGET /api/v1/videos (${PATHS.length} queries in turn), ${VIDEOS.toLocaleString('en')} videos, ` +
      `${values.connections} connections, ${values.seconds} s, best of ${values.rounds} rounds\n\n` +
      HEADER,
  );
  for (const variant of variants)
    process.stdout.write(`${variant.name.padEnd(28)} ${format(best.get(variant.name)!)}\n`);
  process.stdout.write(
    `\ntwo processes behind nginx / one process: ${(two.requestsPerSecond / one.requestsPerSecond).toFixed(2)}x ` +
      `requests/s (target >= 1.6)\np99 of one process: ${one.p99Ms.toFixed(1)} ms (target <= 50)\n`,
  );
} finally {
  await Promise.all(proxies.map((proxy) => proxy.stop()));
  await Promise.all(processes.map((child) => stopShoal(child)));
  await dropDatabase(databaseName);
  await run('redis-cli', ['-u', testServices.redisUrl, '--scan', '--pattern', `shoal-bench-${id}:*`]).then(
    async ({ stdout }) => {
      const keys = stdout.split('\n').filter(Boolean);
      if (keys.length > 0) await run('redis-cli', ['-u', testServices.redisUrl, 'del', ...keys]);
    },
    () => undefined,
  );
  await rm(storageDir, { recursive: true, force: true });
}

function format({ requestsPerSecond, p50Ms, p99Ms, socketErrors, shoalCpuMs, postgresCpuMs }: Figures): string {
  const perRequest = (ms: number | undefined) => (ms === undefined ? '' : `${ms.toFixed(1)} ms`);
  return [
    requestsPerSecond.toFixed(0),
    p50Ms.toFixed(1),
    p99Ms.toFixed(1),
    socketErrors,
    perRequest(shoalCpuMs),
    perRequest(postgresCpuMs),
  ]
    .map((value) => String(value).padStart(9))
    .join(' ');
}

/** A Shoal process on the shared database, Redis prefix and storage; resolves once it is ready. */
async function startShoal(port: number, roles: string | undefined): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, [MAIN_SCRIPT], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SHOAL_PORT: String(port),
      SHOAL_BIND: '127.0.0.1',
      SHOAL_HOSTNAME: 'localhost',
      SHOAL_PUBLIC_PORT: String(publicPort),
      SHOAL_DATABASE_URL: databaseUrl(databaseName),
      SHOAL_REDIS_URL: testServices.redisUrl,
      SHOAL_REDIS_KEY_PREFIX: `shoal-bench-${id}`,
      SHOAL_STORAGE_DIR: storageDir,
      SHOAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...(roles && { SHOAL_ROLES: roles }),
    },
    // One JSON line per request goes to stdout, as in production; only failures are worth reading here.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  processes.push(child);
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Shoal on port ${port} exited:\n${stderr}`);
    const ready = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { port, child };
    await sleep(200);
  }
  throw new Error(`Shoal on port ${port} not ready within 90 s:\n${stderr}`);
}

async function stopShoal(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Users made through the API, so that their accounts, channels and actors are what Shoal makes. */
async function createUsers(port: number): Promise<void> {
  const api = new ApiClient(`http://127.0.0.1:${port}`);
  const { access_token: token } = await api.login('root', ADMIN_PASSWORD);
  for (let n = 0; n < USERS; n++) {
    await api.createUser(token, {
      username: `uploader_${n}`,
      password: 'bench-password',
      email: `uploader_${n}@bench.test`,
      role: UserRole.User,
    });
  }
}

/** Videos with two MP4 files each, spread over the channels and a year, and four avatar sizes per actor. */
async function seed(): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl(databaseName) });
  await client.connect();
  try {
    const channels = (await client.query<{ id: number }>('SELECT id FROM video_channels ORDER BY id')).rows;
    const uuids = Array.from({ length: VIDEOS }, () => randomUUID());
    const yearMs = 365 * 24 * 3600 * 1000;
    const published = uuids.map((_, n) => new Date(Date.now() - yearMs + (n * yearMs) / VIDEOS).toISOString());
    await client.query(
      `INSERT INTO videos (uuid, short_uuid, url, name, description, privacy, category, licence, language, state,
                           wait_transcoding, duration, aspect_ratio, source_filename, source_size, views, likes,
                           channel_id, published_at, created_at, updated_at, federated_at)
       SELECT v.uuid, v.short_uuid, 'http://localhost:${publicPort}/videos/watch/' || v.uuid,
              'Video number ' || v.n || ' about ' || (ARRAY['cats', 'trains', 'cooking', 'music'])[1 + v.n % 4],
              repeat('A description of a few sentences. ', 6), $4, 1 + v.n % 18, 1 + v.n % 7, 'en', $5, true,
              60 + v.n % 3600, 1.7778, 'video-' || v.n || '.mp4', 50000000 + v.n, (v.n * 7919) % 100000, v.n % 300,
              ($3::int[])[(v.n % cardinality($3::int[])) + 1], v.published, v.published, v.published, v.published
       FROM unnest($1::uuid[], $2::varchar[], $6::timestamptz[]) WITH ORDINALITY AS v(uuid, short_uuid, published, n)`,
      [
        uuids,
        uuids.map(toShortUuid),
        channels.map((channel) => channel.id),
        VideoPrivacy.Public,
        VideoState.Published,
        published,
      ],
    );
    await client.query(
      `INSERT INTO video_files (video_id, resolution, size, fps, width, height, filename, torrent_filename, info_hash)
       SELECT v.id, r.resolution, 10000000 + v.id, 30, r.resolution * 16 / 9, r.resolution,
              v.uuid::text || '-' || r.resolution || '.mp4', v.uuid::text || '-' || r.resolution || '.torrent',
              substr(md5(v.uuid::text || r.resolution) || md5(v.uuid::text), 1, 40)
       FROM videos v CROSS JOIN (VALUES (720), (360)) AS r(resolution)`,
    );
    await client.query(
      `INSERT INTO actor_images (actor_id, type, filename, width, height)
       SELECT a.id, 'avatar', gen_random_uuid() || '.png', s.size, s.size
       FROM actors a CROSS JOIN (VALUES (1500), (600), (120), (48)) AS s(size)`,
    );
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Every query answers 200 with the whole list's total, so wrk measures real answers. */
async function checkAnswers(baseUrl: string): Promise<void> {
  for (const entry of PATHS) {
    const response = await fetch(`${baseUrl}${entry}`);
    const body = (await response.json()) as { total?: number; data?: unknown[] };
    if (response.status !== 200 || body.total !== VIDEOS || !body.data?.length) {
      throw new Error(`${baseUrl}${entry} answered ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
}

/**
 * wrk's figures, with the CPU that the Shoal processes and PostgreSQL's backends of the bench spent per request.
 * When wrk stops, each of its connections leaves a request in progress, which the servers still answer: the
 * measure waits for them (so that the next one starts on idle servers) and counts them.
 */
async function measure(baseUrl: string, seconds: number): Promise<Figures> {
  const shoalBefore = shoalCpuSeconds();
  const postgresBefore = await postgresCpuSeconds();
  const figures = await wrk(baseUrl, seconds);
  await drain();
  const postgresAfter = await postgresCpuSeconds();
  let postgres = 0;
  for (const [pid, cpu] of postgresAfter) postgres += cpu - (postgresBefore.get(pid) ?? 0);
  const served = figures.requests + Number(values.connections);
  return {
    ...figures,
    shoalCpuMs: ((shoalCpuSeconds() - shoalBefore) * 1000) / served,
    postgresCpuMs: (postgres * 1000) / served,
  };
}

/** Resolves once every Shoal process has answered the requests it had queued (a list request waits behind them). */
async function drain(): Promise<void> {
  await Promise.all(apiPorts.map((port) => fetch(`http://127.0.0.1:${port}${PATHS[0]}`).then((r) => r.arrayBuffer())));
}

function shoalCpuSeconds(): number {
  return processes.reduce((sum, child) => sum + processCpuSeconds(child.pid!), 0);
}

/** CPU seconds of each backend serving the bench's database (PostgreSQL runs on this machine). */
async function postgresCpuSeconds(): Promise<Map<number, number>> {
  const rows = await withAdminClient(
    async (client) =>
      (await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [databaseName])).rows,
  );
  return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid)]));
}

async function wrk(baseUrl: string, seconds: number): Promise<Figures> {
  const { stdout } = await run('wrk', [
    '--latency',
    '-t',
    values.threads,
    '-c',
    values.connections,
    '-d',
    `${seconds}s`,
    '--timeout',
    '30s',
    '-s',
    luaScript,
    baseUrl,
  ]);
  if (/Non-2xx or 3xx responses/.test(stdout)) throw new Error(`wrk against ${baseUrl} saw failures:\n${stdout}`);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const requestsPerSecond = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  const requests = /(\d+) requests in/.exec(stdout);
  if (!requestsPerSecond || !requests) throw new Error(`unexpected wrk output:\n${stdout}`);
  return {
    requestsPerSecond: Number(requestsPerSecond[1]),
    p50Ms: percentile(stdout, 50),
    p99Ms: percentile(stdout, 99),
    socketErrors: socketErrors ? socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0,
    requests: Number(requests[1]),
  };
}

/** A percentile of wrk's latency distribution, in milliseconds. */
function percentile(output: string, percent: number): number {
  const match = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(output);
  if (!match) throw new Error(`no ${percent}% latency in wrk's output:\n${output}`);
  return Number(match[1]) * { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
}
