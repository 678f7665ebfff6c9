/**
 * bench/webseed: how fast Shoal serves WebSeed range requests (the static-file route WebTorrent clients fetch
 * pieces from) against nginx serving the same file, in the same run. Needs `wrk`, and `nginx` for the baseline
 * (Debian: apt-get install wrk nginx-light); without nginx it prints Shoal's figure alone.
 *
 * Shoal's side is the real StaticFilesMiddleware over the LocalFileStore (privacy check included: the video is
 * public); it runs in this process, and wrk in its own.
 *
 * Usage: npm run bench:webseed [-- --seconds 10 --connections 16]
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import { VideoPrivacy } from '../shared/models/videos/video-enums.js';
import { LocalFileStore } from '../server/core/storage/file-store.js';
import { findExecutable, findFreePort } from '../server/core/process/process-utils.js';
import type { ActorImagesRepository } from '../server/modules/actors/actor-images.repository.js';
import type { AuthService } from '../server/modules/auth/auth.service.js';
import { StaticFilesMiddleware } from '../server/modules/static-files/static-files.middleware.js';
import { VideoAccessCache } from '../server/modules/static-files/video-access.cache.js';
import type { VideosRepository } from '../server/modules/videos/videos.repository.js';

const run = promisify(execFile);
const FILE_BYTES = 64 * 1024 * 1024;
const RANGE_BYTES = 1024 * 1024;

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '16' } },
});

const folder = await mkdtemp(path.join(tmpdir(), 'shoal-bench-webseed-'));
const uuid = randomUUID();
const filename = `${uuid}-720.mp4`;
// Random ranges of the whole file, as WebTorrent asks for pieces.
const luaScript = path.join(folder, 'ranges.lua');

try {
  if (!findExecutable('wrk')) throw new Error('wrk is not installed (apt-get install wrk)');
  await mkdir(path.join(folder, 'web-videos'), { recursive: true });
  await writeFile(path.join(folder, 'web-videos', filename), Buffer.alloc(FILE_BYTES, 7));
  await writeFile(
    luaScript,
    `math.randomseed(os.time())
request = function()
  local start = math.random(0, ${FILE_BYTES - RANGE_BYTES})
  wrk.headers["Range"] = "bytes=" .. start .. "-" .. (start + ${RANGE_BYTES - 1})
  return wrk.format("GET", wrk.path)
end
`,
  );

  const shoal = await shoalServer();
  const shoalRate = await wrk(`http://127.0.0.1:${shoal.port}/static/web-videos/${filename}`);
  await new Promise((resolve) => shoal.server.close(resolve));

  const nginx = findExecutable('nginx') ? await nginxServer() : undefined;
  let nginxRate: number | undefined;
  try {
    nginxRate = nginx ? await wrk(`http://127.0.0.1:${nginx.port}/static/web-videos/${filename}`) : undefined;
  } finally {
    nginx?.stop();
  }

  process.stdout.write(
    `\n${values.connections} connections, ${values.seconds} s, random 1 MiB ranges of a 64 MiB file\n\n`,
  );
  process.stdout.write(`shoal  ${(shoalRate / 1e6).toFixed(0).padStart(6)} MB/s\n`);
  if (nginxRate !== undefined) {
    process.stdout.write(`nginx  ${(nginxRate / 1e6).toFixed(0).padStart(6)} MB/s\n`);
    process.stdout.write(`\nshoal / nginx: ${(shoalRate / nginxRate).toFixed(3)}x (target >= 0.8)\n`);
  } else {
    process.stdout.write('nginx is not installed: no baseline\n');
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}

async function shoalServer(): Promise<{ server: http.Server; port: number }> {
  const store = new LocalFileStore(folder, 'http://127.0.0.1');
  const videos = {
    getAccessByUuid: () => Promise.resolve({ privacy: VideoPrivacy.Public, ownerUserId: 1 }),
  } as unknown as VideosRepository;
  // Video files only: the actor images' lookup is never reached.
  const middleware = new StaticFilesMiddleware(
    store,
    new VideoAccessCache(videos),
    {} as AuthService,
    {} as ActorImagesRepository,
  );
  const server = http.createServer((request, response) => {
    // The Express request fields the middleware reads.
    Object.assign(request, { originalUrl: request.url });
    middleware
      .use(request as never, response as never, () => {
        response.statusCode = 404;
        response.end();
      })
      .catch(() => {
        response.statusCode = 500;
        response.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function nginxServer(): Promise<{ port: number; stop(): void }> {
  const port = await findFreePort();
  const prefix = path.join(folder, 'nginx');
  await mkdir(path.join(prefix, 'logs'), { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  await writeFile(
    conf,
    `daemon off;
worker_processes 1;
# The benchmark folder is private to this user; workers must run as it too.
user root;
error_log ${prefix}/logs/error.log;
pid ${prefix}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:${port};
    location /static/ { alias ${folder}/; }
  }
}
`,
  );
  const child = spawn('nginx', ['-p', prefix, '-c', conf], { stdio: 'ignore' });
  await sleep(500);
  return { port, stop: () => child.kill('SIGTERM') };
}

/** Bytes per second wrk measured, after checking that the server answers a range correctly. */
async function wrk(url: string): Promise<number> {
  const probe = await fetch(url, { headers: { Range: `bytes=0-${RANGE_BYTES - 1}` } });
  const body = await probe.arrayBuffer();
  if (probe.status !== 206 || body.byteLength !== RANGE_BYTES) {
    throw new Error(`${url} answered ${probe.status} with ${body.byteLength} bytes to a range request`);
  }
  const { stdout } = await run('wrk', [
    '-t',
    '1',
    '-c',
    values.connections,
    '-d',
    `${values.seconds}s`,
    '-s',
    luaScript,
    url,
  ]);
  const match = /Transfer\/sec:\s+([\d.]+)([KMG]?B)/.exec(stdout);
  if (!match) throw new Error(`unexpected wrk output:\n${stdout}`);
  const unit = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] as 'B' | 'KB' | 'MB' | 'GB'];
  return Number(match[1]) * unit;
}
