/**
 * bench/delivery: signed deliveries per second (Shoal's DeliveryProcessor: JSON, a draft-cavage signature with the
 * actor's RSA-2048 key, the SSRF-checked HTTP client, the status handling) to a local sink inbox in another process,
 * against raw RSA-SHA256 signing of a same-sized string in the same run: the ratio says how much of a delivery's
 * cost is the signature itself.
 *
 * The processor's database and Redis neighbours (the actor's key, the blocklist, the host breaker) answer from
 * memory here; in production they are one cached lookup and two Redis calls per delivery.
 *
 * Usage: npm run bench:delivery [-- --seconds 10 --concurrency 16 --rounds 2]
 */
import { spawn } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { pino } from 'pino';
import type { ActorEntity } from '../server/modules/actors/actor.entity.js';
import type { ActorsRepository } from '../server/modules/actors/actors.repository.js';
import type { ServersRepository } from '../server/modules/servers/servers.repository.js';
import { DeliveryProcessor } from '../server/federation/delivery/delivery.processor.js';
import type { HostCircuitBreaker } from '../server/federation/delivery/host-circuit-breaker.js';
import { FederationHttpClient } from '../server/federation/http/federation-http-client.js';
import { LocalSigner } from '../server/federation/signatures/local-signer.service.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '2' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const actorUrl = 'https://bench.example/accounts/peertube';
const activity = {
  '@context': ['https://www.w3.org/ns/activitystreams'],
  id: `${actorUrl}/activities/1`,
  type: 'Announce',
  actor: actorUrl,
  object: 'https://bench.example/videos/watch/2b1d6c7e-8f90-4a1b-9c2d-3e4f5a6b7c8d',
  to: ['https://www.w3.org/ns/activitystreams#Public'],
};

/** Runs `task` with `parallel` loops for the bench's duration; answers completions per second. */
async function rate(task: () => unknown, parallel: number): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (performance.now() < deadline) {
        await task();
        done++;
      }
    }),
  );
  return done / seconds;
}

function rawSigning(): Promise<number> {
  // What the signature covers in a delivery: (request-target), host, date and digest lines.
  const signingString = `(request-target): post /inbox\nhost: 127.0.0.1:9\ndate: ${new Date().toUTCString()}\ndigest: SHA-256=${'x'.repeat(44)}`;
  // A parsed key, as Shoal keeps them: parsing the PEM on every signature would be ~5x slower.
  const key = createPrivateKey(privateKey);
  return rate(() => sign('sha256', Buffer.from(signingString), key), 1);
}

async function shoalDeliveries(inboxUrl: string): Promise<number> {
  const actors = {
    getById: () => Promise.resolve({ id: 1, url: actorUrl } as ActorEntity),
    getPrivateKey: () => Promise.resolve(privateKey),
  } as unknown as ActorsRepository;
  const servers = { isBlocked: () => Promise.resolve(false) } as unknown as ServersRepository;
  const breaker = {
    parkedUntil: () => Promise.resolve(undefined),
    recordSuccess: () => Promise.resolve(),
    recordFailure: () => Promise.resolve(),
  } as unknown as HostCircuitBreaker;
  const http = new FederationHttpClient({
    allowPrivateAddresses: true,
    timeoutMs: 10_000,
    maxResponseBytes: 1024 * 1024,
    userAgent: 'Shoal bench',
  });
  const processor = new DeliveryProcessor(pino({ level: 'silent' }), http, new LocalSigner(actors), servers, breaker);
  const job = {} as Job;
  try {
    return await rate(() => processor.deliver({ activity, inboxUrl, signerActorId: 1 }, job, undefined), concurrency);
  } finally {
    await http.close();
  }
}

const sink = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'delivery-sink.ts')], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = Number((await createInterface({ input: sink.stdout })[Symbol.asyncIterator]().next()).value);
const inboxUrl = `http://127.0.0.1:${port}/inbox`;

console.log(`bench/delivery: ${seconds} s per measure, ${concurrency} deliveries at once, ${rounds} rounds`);
const results: { raw: number; shoal: number }[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const raw = await rawSigning();
    const shoal = await shoalDeliveries(inboxUrl);
    results.push({ raw, shoal });
    console.log(`round ${round}: raw RSA signing ${raw.toFixed(0)}/s, Shoal signed deliveries ${shoal.toFixed(0)}/s`);
  }
} finally {
  sink.kill('SIGTERM');
}
const best = (pick: (result: { raw: number; shoal: number }) => number) => Math.max(...results.map(pick));
const [raw, shoal] = [best((result) => result.raw), best((result) => result.shoal)];
console.log(
  `\n| measure | per second |\n| --- | ---: |\n| raw RSA-SHA256 signing | ${raw.toFixed(0)} |\n| Shoal signed deliveries | ${shoal.toFixed(0)} |`,
);
console.log(`\nratio (deliveries / raw signatures): ${(shoal / raw).toFixed(3)}x`);
