import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';

/** Digits of a part's offset in its key, so that keys sort in the order of the bytes. */
const OFFSET_DIGITS = 16;

/**
 * Where the bytes of a resumable upload wait until the upload is complete. With the local store, in one file in
 * this machine's uploads folder, each chunk written in place. With an object store, in the store, one object per
 * chunk (`uploads/<id>/<offset>`, private), so that an upload begun through one API process can go on through
 * another: the session is in the database, its lock in Redis, and its bytes here.
 */
@Injectable()
export class UploadBytes {
  constructor(
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
  ) {}

  private get inStore(): boolean {
    return this.store.kind !== 'local';
  }

  async create(uploadId: string): Promise<void> {
    if (this.inStore) return;
    await mkdir(this.paths.uploadsDir, { recursive: true });
    await writeFile(this.paths.uploadPath(uploadId), '');
  }

  /** How many bytes were received, from the start of the file without a gap. */
  async received(uploadId: string): Promise<number> {
    if (!this.inStore) return (await stat(this.paths.uploadPath(uploadId))).size;
    let size = 0;
    for await (const part of this.store.list(this.partsPrefix(uploadId))) size += part.size;
    return size;
  }

  /**
   * Where to write a chunk of bytes that start at `received`, and how to keep them afterwards. `position` is the
   * offset in the file of the first of them. The local store writes in place; an object store writes a part file
   * that `keep` stores.
   */
  async chunkTarget(
    uploadId: string,
    received: number,
  ): Promise<{ path: string; position: number; keep(): Promise<void> }> {
    if (!this.inStore) {
      return { path: this.paths.uploadPath(uploadId), position: received, keep: () => Promise.resolve() };
    }
    await mkdir(this.paths.uploadsDir, { recursive: true });
    const part = path.join(this.paths.uploadsDir, `${uploadId}-part-${randomBytes(6).toString('hex')}`);
    await writeFile(part, '');
    return {
      path: part,
      position: 0,
      keep: async () => {
        if ((await stat(part)).size === 0) return rm(part, { force: true });
        const key = `${this.partsPrefix(uploadId)}${String(received).padStart(OFFSET_DIGITS, '0')}`;
        await this.store.put(part, key);
      },
    };
  }

  /** Drops what a refused chunk wrote: the upload keeps the `received` bytes it had. */
  async discardChunk(target: { path: string }, received: number): Promise<void> {
    if (this.inStore) await rm(target.path, { force: true });
    else await truncate(target.path, received);
  }

  /** A local file with every byte, for probing and creating the video; the caller consumes it. */
  async assemble(uploadId: string): Promise<string> {
    const local = this.paths.uploadPath(uploadId);
    if (!this.inStore) return local;
    const keys: string[] = [];
    for await (const part of this.store.list(this.partsPrefix(uploadId))) keys.push(part.key);
    await mkdir(this.paths.uploadsDir, { recursive: true });
    const out = createWriteStream(local);
    for (const key of keys.sort()) {
      const part = await this.store.read(key);
      if (!part) throw new Error(`the upload part ${key} is missing`);
      await pipeline(part.body, out, { end: false });
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return local;
  }

  async remove(uploadId: string): Promise<void> {
    await rm(this.paths.uploadPath(uploadId), { force: true });
    if (this.inStore) await this.store.remove(this.partsPrefix(uploadId));
  }

  private partsPrefix(uploadId: string): string {
    return this.store.placed(`uploads/${uploadId}/`, 'private');
  }
}
