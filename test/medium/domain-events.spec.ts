import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserRole } from '../../shared/models/users/user-role.js';
import { VideoPrivacy } from '../../shared/models/videos/video-enums.js';
import { AppModule } from '../../server/app.module.js';
import type { AppConfig } from '../../server/core/config/config.js';
import { DomainEvents, OnDomainEvent, type DomainEventMap } from '../../server/core/events/domain-events.js';
import { OutboxRelay } from '../../server/core/events/outbox-relay.js';
import { JobName, QueueName } from '../../server/core/jobs/job-catalog.js';
import { JobsService } from '../../server/core/jobs/jobs.service.js';
import { toRedisOptions } from '../../server/core/redis/redis.module.js';
import { VideoAccessCache } from '../../server/modules/static-files/video-access.cache.js';
import { UserCreationService } from '../../server/modules/users/user-creation.service.js';
import { eventsSettled, mediumConfig, openMigratedDatabase, silentLogger } from '../utils/medium.js';
import { testServices } from '../utils/services.js';

/** What the consumers below received, by host, in every app of this file (each app has its own instances). */
const received: string[] = [];
const flakyCalls = new Map<string, number>();
const everyProcess: { app: string; host: string }[] = [];

/** Events of this file are `server.blocked` of made-up hosts: its real consumers find nothing to do. */
@Injectable()
class RecordingConsumer {
  @OnDomainEvent('server.blocked')
  onBlocked({ host }: DomainEventMap['server.blocked']): Promise<void> {
    received.push(host);
    return Promise.resolve();
  }
}

/** Fails the first two times it is given an event of a `flaky-` host. */
@Injectable()
class FlakyConsumer {
  @OnDomainEvent('server.blocked')
  onBlocked({ host }: DomainEventMap['server.blocked']): Promise<void> {
    if (!host.startsWith('flaky-')) return Promise.resolve();
    const calls = (flakyCalls.get(host) ?? 0) + 1;
    flakyCalls.set(host, calls);
    return calls <= 2 ? Promise.reject(new Error(`failure ${calls}`)) : Promise.resolve();
  }
}

const appName = new WeakMap<object, string>();

@Injectable()
class EveryProcessListener {
  @OnDomainEvent('server.blocked', { everyProcess: true })
  onBlocked({ host }: DomainEventMap['server.blocked']): Promise<void> {
    everyProcess.push({ app: appName.get(this) ?? '?', host });
    return Promise.resolve();
  }
}

/** One process of the instance: the whole application on its own DataSource, sharing the database and Redis prefix. */
async function bootProcess(config: AppConfig, dataSource: DataSource, name: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        config,
        logger: silentLogger,
        dataSource,
        redisOptions: toRedisOptions({ url: testServices.redisUrl }),
      }),
    ],
    providers: [RecordingConsumer, FlakyConsumer, EveryProcessListener],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  appName.set(app.get(EveryProcessListener), name);
  return app;
}

const timesReceived = (host: string) => received.filter((candidate) => candidate === host).length;

describe('domain events: outbox, relay, consumers and every-process listeners (real PostgreSQL and Redis)', () => {
  let database: { dataSource: DataSource; close(): Promise<void> };
  let secondDataSource: DataSource;
  let storageDir: string;
  let first: INestApplication;
  let second: INestApplication;

  beforeAll(async () => {
    database = await openMigratedDatabase();
    secondDataSource = new DataSource(database.dataSource.options);
    await secondDataSource.initialize();
    storageDir = await mkdtemp(path.join(tmpdir(), 'shoal-events-'));
    const config = mediumConfig({ SHOAL_STORAGE_DIR: storageDir, SHOAL_ADMIN_PASSWORD: 'root-password' });
    first = await bootProcess(config, database.dataSource, 'first');
    second = await bootProcess(config, secondDataSource, 'second');
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.close();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  const emitIn = (app: INestApplication, host: string) =>
    app
      .get(DataSource)
      .transaction((manager) => app.get(DomainEvents).emit(manager, 'server.blocked', { host: `${host}.test` }));

  it('delivers an event committed by a process that died before relaying it: the sweep relays it', async () => {
    // What a process leaves when it dies between its commit and the relay: a row, and no kick.
    await database.dataSource.query(`INSERT INTO domain_events (name, payload) VALUES ('server.blocked', $1)`, [
      JSON.stringify({ host: 'orphan.test' }),
    ]);
    await expect.poll(() => timesReceived('orphan.test'), { timeout: 15_000 }).toBe(1);
    const [row] = await database.dataSource.query<{ relayed: boolean }[]>(
      `SELECT relayed_at IS NOT NULL AS relayed FROM domain_events WHERE payload->>'host' = 'orphan.test'`,
    );
    expect(row.relayed).toBe(true);
  });

  it('retries a consumer that throws until it succeeds, and the emitting transaction commits regardless', async () => {
    await database.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO server_blocklist (host) VALUES ('flaky-1.test')`);
      await first.get(DomainEvents).emit(manager, 'server.blocked', { host: 'flaky-1.test' });
    });
    // The change is there at once, whatever the consumer does.
    const blocked = await database.dataSource.query(`SELECT 1 FROM server_blocklist WHERE host = 'flaky-1.test'`);
    expect(blocked).toHaveLength(1);

    await eventsSettled(first);
    expect(flakyCalls.get('flaky-1.test')).toBe(3);
    const queue = first.get(JobsService).queue(QueueName.Events);
    const [job] = (await queue.getCompleted()).filter(
      (candidate) =>
        candidate.id?.endsWith('-FlakyConsumer.onBlocked') && candidate.data.payload.host === 'flaky-1.test',
    );
    expect(job.attemptsMade).toBe(3);
    // The other consumers of the event ran once, unaffected by the failing one.
    expect(timesReceived('flaky-1.test')).toBe(1);
  });

  it('emits nothing from a transaction that rolls back', async () => {
    await expect(
      database.dataSource.transaction(async (manager) => {
        await first.get(DomainEvents).emit(manager, 'server.blocked', { host: 'rolled-back.test' });
        throw new Error('the change fails after its event');
      }),
    ).rejects.toThrow('the change fails after its event');
    // A committed event after it, to know the relay and consumers went past that point.
    await emitIn(first, 'after-rollback');
    await eventsSettled(first);
    expect(timesReceived('after-rollback.test')).toBe(1);
    expect(timesReceived('rolled-back.test')).toBe(0);
    expect(everyProcess.filter((call) => call.host === 'rolled-back.test')).toHaveLength(0);
    const rows = await database.dataSource.query(
      `SELECT 1 FROM domain_events WHERE payload->>'host' = 'rolled-back.test'`,
    );
    expect(rows).toHaveLength(0);
  });

  it('two relays racing over the same events enqueue each consumer once; relaying again enqueues nothing', async () => {
    const hosts = Array.from({ length: 120 }, (_, index) => `race-${index}.test`);
    await database.dataSource.query(
      `INSERT INTO domain_events (name, payload)
       SELECT 'server.blocked', jsonb_build_object('host', host) FROM unnest($1::text[]) AS host`,
      [hosts],
    );
    const [fromFirst, fromSecond] = await Promise.all([
      first.get(OutboxRelay).relayUntilEmpty(),
      second.get(OutboxRelay).relayUntilEmpty(),
    ]);
    // The sweep may take some too; none is taken twice.
    expect(fromFirst + fromSecond).toBeLessThanOrEqual(hosts.length);
    await eventsSettled(first);
    expect(hosts.map(timesReceived)).toEqual(hosts.map(() => 1));

    // A relay that died after enqueueing, before marking its events: the next one adds nothing.
    await database.dataSource.query(
      `UPDATE domain_events SET relayed_at = NULL WHERE payload->>'host' = ANY($1::text[])`,
      [hosts],
    );
    expect(await first.get(OutboxRelay).relayUntilEmpty()).toBeGreaterThan(0);
    await eventsSettled(first);
    expect(hosts.map(timesReceived)).toEqual(hosts.map(() => 1));
  });

  it('runs every-process listeners in each process: at once in the emitter, through Redis in the others', async () => {
    await emitIn(first, 'everywhere');
    // The emitter's own listener runs right after the commit, before anything is relayed.
    expect(everyProcess).toContainEqual({ app: 'first', host: 'everywhere.test' });
    await expect
      .poll(() => everyProcess.filter((call) => call.host === 'everywhere.test' && call.app === 'second').length, {
        timeout: 10_000,
      })
      .toBe(1);
  });

  it('a video made private through one process is refused by the file gate of another at once', async () => {
    const created = await first.get(UserCreationService).create({
      username: 'olga',
      email: 'olga@example.test',
      passwordHash: 'x',
      role: UserRole.User,
    });
    const [{ id: channelId }] = await database.dataSource.query<{ id: number }[]>(
      `SELECT id FROM video_channels WHERE account_id = $1`,
      [created.accountId],
    );
    const uuid = randomUUID();
    const [{ id: videoId }] = await database.dataSource.query<{ id: number }[]>(
      `INSERT INTO videos (uuid, short_uuid, url, name, privacy, state, source_filename, source_size, channel_id, is_local)
       VALUES ($1, $2, $3, 'video', $4, 1, 'f.mp4', 1, $5, true) RETURNING id`,
      [uuid, uuid.slice(0, 22), `http://local.test/videos/watch/${uuid}`, VideoPrivacy.Public, channelId],
    );
    // The second process has the video's privacy cached, for a minute unless told.
    expect(await second.get(VideoAccessCache).get(uuid)).toMatchObject({ privacy: VideoPrivacy.Public });

    await first.get(DataSource).transaction(async (manager) => {
      await manager.query(`UPDATE videos SET privacy = $2 WHERE id = $1`, [videoId, VideoPrivacy.Private]);
      const previousPrivacy = VideoPrivacy.Public;
      await first.get(DomainEvents).emit(manager, 'video.updated', { videoId, uuid, previousPrivacy });
    });
    await expect
      .poll(async () => (await second.get(VideoAccessCache).get(uuid))?.privacy, { timeout: 5_000 })
      .toBe(VideoPrivacy.Private);
  });

  it('prunes relayed events once older than events.keep_relayed', async () => {
    await database.dataSource.query(
      `INSERT INTO domain_events (name, payload, relayed_at) VALUES
         ('server.blocked', '{"host":"old.test"}', now() - interval '2 days'),
         ('server.blocked', '{"host":"recent.test"}', now())`,
    );
    await first.get(JobsService).enqueue({ name: JobName.PruneDomainEvents, data: {} }, 'prune-now');
    await expect
      .poll(
        async () =>
          (
            await database.dataSource.query<{ host: string }[]>(
              `SELECT payload->>'host' AS host FROM domain_events WHERE payload->>'host' IN ('old.test', 'recent.test')`,
            )
          ).map((row) => row.host),
        { timeout: 10_000 },
      )
      .toEqual(['recent.test']);
  });
});
