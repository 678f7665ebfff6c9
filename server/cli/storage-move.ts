import 'reflect-metadata';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { VideoPrivacy } from '../../shared/models/videos/video-enums.js';
import { ConfigError, loadConfig, type AppConfig } from '../core/config/config.js';
import { startEmbeddedPostgres } from '../core/database/embedded-postgres.js';
import { createLogger } from '../core/logging/logger.js';
import { CONFIG_DIR } from '../core/paths.js';
import { LocalFileStore } from '../core/storage/file-store.js';
import { moveFiles } from '../core/storage/storage-move.js';
import { createFileStore } from '../core/storage/storage.module.js';

/**
 * `npm run storage:move -- --to s3` (or `--to local`): moves the instance's files between its storage folder and
 * the bucket of `storage.s3`, verifying each one (server/core/storage/storage-move.ts). Run it with Shoal stopped;
 * run it again after an interruption. The database says which videos are private, whose files go to the bucket's
 * private place.
 */

function fail(message: string): never {
  process.stderr.write(`storage:move: ${message}\n`);
  process.exit(1);
}

const { values } = parseArgs({ options: { to: { type: 'string' } } });
if (values.to !== 's3' && values.to !== 'local') fail('say where to move the files: --to s3 or --to local');

let config: AppConfig;
try {
  config = loadConfig(CONFIG_DIR);
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}
const bucket = createFileStore(config);
if (bucket instanceof LocalFileStore)
  fail('storage.s3.bucket is empty (SHOAL_S3_BUCKET): name the bucket to move to or from');
const local = new LocalFileStore(config.derived.storageDir, config.derived.url);
const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);

/** The UUIDs of the videos whose files are not public, from the instance's database. */
async function privateVideos(): Promise<Set<string>> {
  const database = config.derived.embeddedDatabase
    ? await startEmbeddedPostgres(config.derived.storageDir, logger)
    : undefined;
  const client = new pg.Client({ connectionString: database?.url ?? config.database.url });
  try {
    await client.connect();
    const { rows } = await client.query<{ uuid: string }>(
      'SELECT uuid FROM videos WHERE is_local AND privacy NOT IN ($1, $2)',
      [VideoPrivacy.Public, VideoPrivacy.Unlisted],
    );
    return new Set(rows.map((row) => row.uuid));
  } finally {
    await client.end();
    await database?.stop();
  }
}

const [from, to] = values.to === 's3' ? [local, bucket] : [bucket, local];
const report = await moveFiles({
  from,
  to,
  privateVideos: await privateVideos(),
  workDir: path.join(config.derived.storageDir, 'tmp', 'storage-move'),
  onFile: (key, outcome) => process.stdout.write(`${outcome} ${key}\n`),
});
const summary = `${report.moved} files moved, ${report.resumed} found already copied, ${report.bytes} bytes`;
if (report.failed.length > 0) {
  for (const { key, reason } of report.failed) process.stderr.write(`failed ${key}: ${reason}\n`);
  fail(`${summary}; ${report.failed.length} files failed and stay where they were: run the command again`);
}
process.stdout.write(
  `storage:move: done, every file is in ${values.to === 's3' ? 'the bucket' : 'the storage folder'}: ${summary}\n`,
);
