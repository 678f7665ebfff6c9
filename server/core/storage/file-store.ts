import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where published files live (renditions, playlists, torrents, images), addressed by keys such as
 * `web-videos/<uuid>-720.mp4`. Files are produced on the local file system (ffmpeg needs one) and then handed
 * over with `put`; the local store keeps them under the storage folder, an object store would upload them.
 */
export interface FileStore {
  /** Moves a finished local file to `key`; the local file is gone afterwards. Replaces what was there. */
  put(localPath: string, key: string): Promise<void>;
  /** Deletes a file, or every file under a key ending in `/`. Deleting what is not there is not an error. */
  remove(key: string): Promise<void>;
  /** The absolute public URL of a stored file. */
  url(key: string): string;
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

/** The store on the local file system, under the storage folder; Shoal serves its folders itself. */
export class LocalFileStore implements FileStore {
  constructor(
    private readonly storageDir: string,
    private readonly baseUrl: string,
  ) {}

  async put(localPath: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Within one file system a rename is atomic: readers see the old file or the new one, never half of one.
    await rename(localPath, target);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { recursive: true, force: true });
  }

  url(key: string): string {
    const [folder, ...rest] = key.split('/');
    const prefix = URL_PREFIXES[folder];
    if (!prefix) throw new Error(`no public URL for ${key}`);
    return `${this.baseUrl}${prefix}/${rest.join('/')}`;
  }

  /** The folders served over HTTP, with their URL prefixes. */
  get servedFolders(): { urlPrefix: string; dir: string }[] {
    return Object.entries(URL_PREFIXES).map(([folder, urlPrefix]) => ({
      urlPrefix,
      dir: path.join(this.storageDir, folder),
    }));
  }

  private pathOf(key: string): string {
    const resolved = path.resolve(this.storageDir, key);
    // Keys come from StoragePaths, but a key that escaped the store would delete or overwrite anything.
    if (!resolved.startsWith(`${path.resolve(this.storageDir)}${path.sep}`))
      throw new Error(`key outside the store: ${key}`);
    return resolved;
  }
}
