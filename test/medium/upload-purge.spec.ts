import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppModule } from '../../server/app.module.js';
import { toRedisOptions } from '../../server/core/redis/redis.module.js';
import { StoragePaths } from '../../server/core/storage/storage-paths.js';
import { ResumableUploadService } from '../../server/modules/videos/resumable-upload.service.js';
import { mediumConfig, openMigratedDatabase, silentLogger } from '../utils/medium.js';
import { testServices } from '../utils/services.js';

describe('abandoned uploads (real PostgreSQL, Redis and files)', () => {
  let database: { dataSource: DataSource; close(): Promise<void> };
  let app: INestApplication;
  let storageDir: string;
  let paths: StoragePaths;

  const session = async (id: string, ageDays: number) => {
    await database.dataSource.query(
      `INSERT INTO video_uploads (id, user_id, channel_id, filename, size, metadata, updated_at)
       VALUES ($1, 1, 1, 'clip.mp4', 1000, '{"channelId": 1, "name": "x"}', now() - make_interval(days => $2))`,
      [id, ageDays],
    );
    await uploadFile(id, ageDays);
  };
  const uploadFile = async (name: string, ageDays: number) => {
    const file = paths.uploadPath(name);
    await writeFile(file, 'partial bytes');
    const when = new Date(Date.now() - ageDays * 86_400_000);
    await utimes(file, when, when);
  };
  const sessionIds = async () =>
    (await database.dataSource.query<{ id: string }[]>('SELECT id FROM video_uploads ORDER BY id')).map(
      (row) => row.id,
    );

  beforeAll(async () => {
    database = await openMigratedDatabase();
    storageDir = await mkdtemp(path.join(tmpdir(), 'shoal-purge-'));
    const config = mediumConfig({ SHOAL_STORAGE_DIR: storageDir, SHOAL_ADMIN_PASSWORD: 'root-password' });
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          config,
          logger: silentLogger,
          dataSource: database.dataSource,
          redisOptions: toRedisOptions({ url: testServices.redisUrl }),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    paths = app.get(StoragePaths);
    await mkdir(paths.uploadsDir, { recursive: true });
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it('deletes sessions untouched for the configured lifetime, their bytes, and orphan files', async () => {
    await session('stale', 2);
    await session('fresh', 0);
    await uploadFile('orphan-old', 2);
    await uploadFile('orphan-new', 0);

    await app.get(ResumableUploadService).handlePurgeStaleUploads();

    expect(await sessionIds()).toEqual(['fresh']);
    expect(existsSync(paths.uploadPath('stale'))).toBe(false);
    expect(existsSync(paths.uploadPath('orphan-old'))).toBe(false);
    // A multipart upload may be arriving right now: young files stay.
    expect(existsSync(paths.uploadPath('fresh'))).toBe(true);
    expect(existsSync(paths.uploadPath('orphan-new'))).toBe(true);
  });

  it('deletes the quota reservations of multipart uploads whose process died', async () => {
    await database.dataSource.query(
      `INSERT INTO upload_reservations (id, user_id, bytes, expires_at)
       VALUES ('dead', 1, 1000, now() - interval '1 minute'), ('live', 1, 1000, now() + interval '5 minutes')`,
    );

    await app.get(ResumableUploadService).handlePurgeStaleUploads();

    const rows = await database.dataSource.query<{ id: string }[]>('SELECT id FROM upload_reservations');
    expect(rows.map((row) => row.id)).toEqual(['live']);
  });
});
