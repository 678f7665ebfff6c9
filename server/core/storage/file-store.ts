import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** An inclusive byte range of a stored file, as HTTP's Range names one. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredFileInfo {
  /** The whole file's size, whatever range is read. */
  size: number;
  /** A strong validator of the file's bytes (quoted, as in an ETag header). */
  etag: string;
  lastModified: Date;
}

export interface StoredFileRead extends StoredFileInfo {
  body: Readable;
}

/**
 * Who may read a file: anyone (`public`: files of public and unlisted videos, avatars), or whom Shoal lets through
 * (`private`: files of private and internal videos, sources, uploads). An object store keeps the two apart, so
 * that its public URL never reaches a private file; the local store keeps both in one place, behind Shoal's checks.
 */
export type FileVisibility = 'public' | 'private';

/**
 * Where files live (renditions, playlists, torrents, images, sources and uploads), addressed by keys such as
 * `web-videos/<uuid>-720.mp4`. Files are produced on the local file system (ffmpeg needs one) and then handed
 * over with `put`; the local store keeps them under the storage folder, the S3 store uploads them.
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /**
   * Where a file of the given visibility is stored: the key to pass to put, read, stat, localCopy, remove and move.
   * Every other key names a public file. URLs take the unplaced key and the visibility.
   */
  placed(key: string, visibility: FileVisibility): string;
  /** Moves a finished local file to `key`; the local file is gone afterwards. Replaces what was there. */
  put(localPath: string, key: string): Promise<void>;
  /** Moves a stored file to another key, replacing what was there. */
  move(from: string, to: string): Promise<void>;
  /** A file's bytes, or `range` of them; undefined when there is no such file. */
  read(key: string, range?: ByteRange): Promise<StoredFileRead | undefined>;
  stat(key: string): Promise<StoredFileInfo | undefined>;
  /**
   * A local file with the key's bytes, for tools that need a path (ffmpeg): the stored file itself in the local
   * store, a download to `downloadPath` from an object store. The caller must not change it.
   */
  localCopy(key: string, downloadPath: string): Promise<string>;
  /** Deletes a file, or every file under a key ending in `/`. Deleting what is not there is not an error. */
  remove(key: string): Promise<void>;
  /** Every file whose key starts with `prefix`, with its size. */
  list(prefix: string): AsyncIterable<{ key: string; size: number }>;
  /**
   * The absolute URL of a stored file: a public one where anyone fetches it (the local store's routes, an object
   * store's public URL or CDN), a private one on Shoal's route, which checks who asks before serving it.
   */
  url(key: string, visibility?: FileVisibility): string;
  /** A URL that reads the file without credentials for `seconds`, whatever its video's privacy. */
  signedUrl(key: string, seconds: number): Promise<string>;
}

export const FILE_STORE = Symbol('FILE_STORE');

/** Public URL prefix of each top-level folder of the store: PeerTube's layout, which its clients expect. */
const URL_PREFIXES: Record<string, string> = {
  'web-videos': '/static/web-videos',
  'streaming-playlists': '/static/streaming-playlists',
  torrents: '/lazy-static/torrents',
  thumbnails: '/lazy-static/thumbnails',
  previews: '/lazy-static/previews',
  avatars: '/lazy-static/avatars',
  banners: '/lazy-static/banners',
  'video-captions': '/lazy-static/video-captions',
  storyboards: '/lazy-static/storyboards',
};

/** The folders Shoal serves, with their URL prefixes (both stores' files are served under the same routes). */
export const SERVED_FOLDERS: { urlPrefix: string; folder: string }[] = Object.entries(URL_PREFIXES).map(
  ([folder, urlPrefix]) => ({ urlPrefix, folder }),
);

/** Removes a file, or a folder (a key ending in `/`), in both places, for when its visibility is not known. */
export async function removeInEveryPlace(store: FileStore, key: string): Promise<void> {
  const keys = new Set([store.placed(key, 'public'), store.placed(key, 'private')]);
  await Promise.all([...keys].map((placed) => store.remove(placed)));
}

/** The URL of a file on Shoal's own routes (`baseUrl` is the instance's). */
export function shoalFileUrl(baseUrl: string, key: string): string {
  const [folder, ...rest] = key.split('/');
  const prefix = URL_PREFIXES[folder];
  if (!prefix) throw new Error(`no public URL for ${key}`);
  return `${baseUrl}${prefix}/${rest.join('/')}`;
}

/** The store on the local file system, under the storage folder; Shoal serves its folders itself. */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';

  constructor(
    private readonly storageDir: string,
    private readonly baseUrl: string,
  ) {}

  /** One place for both: Shoal serves every file itself, after its checks. */
  placed(key: string): string {
    return key;
  }

  async put(localPath: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Within one file system a rename is atomic: readers see the old file or the new one, never half of one.
    await rename(localPath, target);
  }

  move(from: string, to: string): Promise<void> {
    return this.put(this.pathOf(from), to);
  }

  async read(key: string, range?: ByteRange): Promise<StoredFileRead | undefined> {
    const info = await this.stat(key);
    if (!info) return undefined;
    const body = createReadStream(this.pathOf(key), range && { start: range.start, end: range.end });
    return { ...info, body };
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    const info = await stat(this.pathOf(key)).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    // serve-static's validator: what changes when the file is replaced.
    return {
      size: info.size,
      etag: `W/"${info.size.toString(16)}-${info.mtimeMs.toString(16)}"`,
      lastModified: info.mtime,
    };
  }

  localCopy(key: string): Promise<string> {
    return Promise.resolve(this.pathOf(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { recursive: true, force: true });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const entries = await readdir(this.pathOf(folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = path.relative(this.storageDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
      if (key.startsWith(prefix)) yield { key, size: (await stat(this.pathOf(key))).size };
    }
  }

  /** Public and private files alike are on Shoal's routes: it serves the local store itself, with its checks. */
  url(key: string): string {
    return shoalFileUrl(this.baseUrl, key);
  }

  /** Nothing to sign: Shoal serves these files and checks each request itself. */
  signedUrl(key: string): Promise<string> {
    return Promise.resolve(this.url(key));
  }

  /** Where a top-level folder of the store is on disk, for serving it. */
  folderPath(folder: string): string {
    return this.pathOf(folder);
  }

  private pathOf(key: string): string {
    const resolved = path.resolve(this.storageDir, key);
    // Keys come from StoragePaths, but a key that escaped the store would delete or overwrite anything.
    if (!resolved.startsWith(`${path.resolve(this.storageDir)}${path.sep}`))
      throw new Error(`key outside the store: ${key}`);
    return resolved;
  }
}
