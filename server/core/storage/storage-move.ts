import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { SERVED_FOLDERS, type FileStore, type FileVisibility } from './file-store.js';

/** Every top-level folder a store holds that a move carries over: the served ones and the sources. */
export const MOVED_FOLDERS = [...SERVED_FOLDERS.map(({ folder }) => folder), 'sources'];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * Where a file goes: sources are never served; a video's files (named after its UUID, see StoragePaths) follow its
 * privacy; avatars and banners are public.
 */
export function visibilityOfKey(key: string, privateVideos: ReadonlySet<string>): FileVisibility {
  if (key.startsWith('sources/')) return 'private';
  if (key.startsWith('avatars/') || key.startsWith('banners/')) return 'public';
  const uuid = UUID.exec(key)?.[0];
  return uuid && privateVideos.has(uuid) ? 'private' : 'public';
}

export interface MoveReport {
  moved: number;
  /** Found already copied and verified at the target (an earlier, interrupted run): only the source was removed. */
  resumed: number;
  bytes: number;
  failed: { key: string; reason: string }[];
}

interface Fingerprint {
  size: number;
  sha256: string;
}

async function fingerprint(body: Readable): Promise<Fingerprint> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Moves every file of `from` to `to`, one at a time: copied through a local file, the copy read back and compared
 * (size and SHA-256) with the original, and only then the original removed. A run that is interrupted leaves each
 * file whole in one place or both; running again finishes the work (a file already verified at the target is not
 * copied again). `workDir` holds the one file in transit.
 */
export async function moveFiles(options: {
  from: FileStore;
  to: FileStore;
  privateVideos: ReadonlySet<string>;
  workDir: string;
  onFile?: (key: string, outcome: 'moved' | 'resumed' | 'failed') => void;
}): Promise<MoveReport> {
  const { from, to, privateVideos, workDir, onFile } = options;
  const report: MoveReport = { moved: 0, resumed: 0, bytes: 0, failed: [] };
  await mkdir(workDir, { recursive: true });
  for (const folder of MOVED_FOLDERS) {
    // Both places of the source: what an object store keeps apart, the local store has in one.
    const listed = new Map<string, string>();
    for (const visibility of ['public', 'private'] as const) {
      const place = from.placed('', visibility);
      for await (const { key } of from.list(from.placed(`${folder}/`, visibility)))
        listed.set(key.slice(place.length), key);
    }
    for (const [key, sourceKey] of listed) {
      const targetKey = to.placed(key, visibilityOfKey(key, privateVideos));
      try {
        const outcome = await moveOne(from, sourceKey, to, targetKey, workDir);
        report[outcome.resumed ? 'resumed' : 'moved']++;
        report.bytes += outcome.size;
        onFile?.(key, outcome.resumed ? 'resumed' : 'moved');
      } catch (error) {
        report.failed.push({ key, reason: error instanceof Error ? error.message : String(error) });
        onFile?.(key, 'failed');
      }
    }
  }
  return report;
}

async function moveOne(
  from: FileStore,
  sourceKey: string,
  to: FileStore,
  targetKey: string,
  workDir: string,
): Promise<{ size: number; resumed: boolean }> {
  const transit = path.join(workDir, randomBytes(8).toString('hex'));
  try {
    // put consumes its file: the transit file is a copy even when the source store could lend its own.
    const local = await from.localCopy(sourceKey, transit);
    if (local !== transit) await copyFile(local, transit);
    const original = await fingerprint(createReadStream(transit));
    const existing = await to.read(targetKey);
    const resumed = existing !== undefined && sameFile(await fingerprint(existing.body), original);
    if (!resumed) {
      await to.put(transit, targetKey);
      const copied = await to.read(targetKey);
      if (!copied) throw new Error('the copy is missing at the target');
      const check = await fingerprint(copied.body);
      if (!sameFile(check, original)) {
        throw new Error(
          `the copy differs: ${check.size} bytes, sha256 ${check.sha256}; expected ${original.size}, ${original.sha256}`,
        );
      }
    }
    await from.remove(sourceKey);
    return { size: original.size, resumed };
  } finally {
    await rm(transit, { force: true });
  }
}

function sameFile(a: Fingerprint, b: Fingerprint): boolean {
  return a.size === b.size && a.sha256 === b.sha256;
}
