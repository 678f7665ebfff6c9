/**
 * bench/tracker: Shoal's tracker (allow-list, rate limits, bans) against a bare bittorrent-tracker server, in
 * the same run: WebSocket announces per second, and memory per connected peer. The load comes from a child
 * process (bench/tracker-load.ts) so that it does not share the server's core.
 *
 * Shoal's side is the real TrackerService and TrackerAllowList; the allow-list's repository answers from memory
 * (in production a PostgreSQL query, made once per infohash and minute: the steady state is the same map lookup).
 *
 * Usage: npm run bench:tracker [-- --clients 50 --seconds 10 --peers 2000 --rounds 3]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { HttpAdapterHost } from '@nestjs/core';
import Server from 'bittorrent-tracker/server';
import { pino } from 'pino';
import { VideoPrivacy, VideoState } from '../shared/models/videos/video-enums.js';
import { loadConfig } from '../server/core/config/config.js';
import { CONFIG_DIR } from '../server/core/paths.js';
import type { VideosRepository } from '../server/modules/videos/videos.repository.js';
import { TrackerAllowList } from '../server/tracker/tracker-allow-list.js';
import { TrackerService } from '../server/tracker/tracker.service.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    peers: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);
const peers = Number(values.peers);
const rounds = Number(values.rounds);
const infoHashes = Array.from({ length: 20 }, () => randomBytes(20).toString('hex'));

interface Variant {
  name: string;
  url: string;
  close(): Promise<void>;
}

async function bareTracker(): Promise<Variant> {
  const server = new Server({ http: false, udp: false, stats: false, ws: { noServer: true }, interval: 120_000 });
  const httpServer = http.createServer();
  httpServer.on('upgrade', (request, socket, head) =>
    server.ws!.handleUpgrade(request, socket, head, (client) => server.ws!.emit('connection', client, request)),
  );
  const port = await listen(httpServer);
  return { name: 'bare', url: `ws://127.0.0.1:${port}/`, close: () => closeBoth(server, httpServer) };
}

async function shoalTracker(): Promise<Variant> {
  // Limits high enough not to refuse the benchmark's single IP; they are still counted on every announce.
  const file = path.join(tmpdir(), `shoal-bench-tracker-${process.pid}.yaml`);
  writeFileSync(
    file,
    'tracker:\n  rate_limit:\n    per_ip: { window: 1 minute, max: 100000000 }\n    per_ip_infohash: { window: 1 minute, max: 100000000 }\n',
  );
  const config = loadConfig(CONFIG_DIR, { SHOAL_CONFIG: file });
  rmSync(file);
  const known = new Set(infoHashes);
  const videos = {
    getByInfoHash: (infoHash: string) =>
      Promise.resolve(known.has(infoHash) ? { privacy: VideoPrivacy.Public, state: VideoState.Published } : undefined),
  } as unknown as VideosRepository;
  const httpServer = http.createServer();
  const adapterHost = { httpAdapter: { getHttpServer: () => httpServer } } as unknown as HttpAdapterHost;
  const tracker = new TrackerService(config, pino({ level: 'silent' }), adapterHost, new TrackerAllowList(videos));
  tracker.onApplicationBootstrap();
  const port = await listen(httpServer);
  return {
    name: 'shoal',
    url: `ws://127.0.0.1:${port}/tracker/socket`,
    close: async () => {
      tracker.onApplicationShutdown();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

async function closeBoth(server: Server, httpServer: http.Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise((resolve) => httpServer.close(resolve));
}

/** Runs the load generator and resolves with its first output line (and the child, still running). */
async function load(url: string, mode: 'rate' | 'connect', count: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'tracker-load.ts'),
      url,
      mode,
      infoHashes.join(','),
      String(count),
      String(seconds),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = await createInterface({ input: child.stdout })
    [Symbol.asyncIterator]()
    .next()
    .then((r) => [r.value as string]);
  return { result: JSON.parse(line) as Record<string, number>, child };
}

function heapBytes(): number {
  (globalThis as { gc?: () => void }).gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external + usage.arrayBuffers;
}

async function measure(create: () => Promise<Variant>) {
  const variant = await create();
  const { result: rate, child: rateChild } = await load(variant.url, 'rate', clients);
  await new Promise((resolve) => rateChild.once('exit', resolve));
  await variant.close();

  const fresh = await create();
  await sleep(500);
  const before = heapBytes();
  const { result: connected, child } = await load(fresh.url, 'connect', peers);
  const after = heapBytes();
  child.kill();
  await fresh.close();
  return {
    name: variant.name,
    announcesPerSecond: rate.announcesPerSecond,
    refused: rate.refused,
    bytesPerPeer: (after - before) / connected.connected,
  };
}

if (!(globalThis as { gc?: unknown }).gc)
  process.stdout.write('(run with node --expose-gc for exact memory figures)\n');
const results: Awaited<ReturnType<typeof measure>>[] = [];
// Alternate the order over the rounds and keep each one's best: these machines are noisy.
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? [bareTracker, shoalTracker] : [shoalTracker, bareTracker];
  for (const create of order) results.push(await measure(create));
}
const best = (name: string) => {
  const runs = results.filter((result) => result.name === name);
  return {
    announcesPerSecond: Math.max(...runs.map((run) => run.announcesPerSecond)),
    bytesPerPeer: Math.min(...runs.map((run) => run.bytesPerPeer)),
    refused: Math.max(...runs.map((run) => run.refused)),
  };
};
const [bare, shoal] = [best('bare'), best('shoal')];
process.stdout.write(`\n${clients} WebSocket clients for ${seconds} s; ${peers} connected peers for memory\n\n`);
process.stdout.write('tracker   announces/s   bytes/peer   refused\n');
for (const [name, figures] of [
  ['bare', bare],
  ['shoal', shoal],
] as const) {
  process.stdout.write(
    `${name.padEnd(8)} ${figures.announcesPerSecond.toFixed(0).padStart(12)} ${figures.bytesPerPeer.toFixed(0).padStart(12)} ${String(figures.refused).padStart(9)}\n`,
  );
}
process.stdout.write(
  `\nshoal / bare announces per second: ${(shoal.announcesPerSecond / bare.announcesPerSecond).toFixed(3)}x (target >= 1.0)\n`,
);
process.stdout.write(`shoal / bare memory per peer: ${(shoal.bytesPerPeer / bare.bytesPerPeer).toFixed(3)}x\n`);
process.exit(0);
