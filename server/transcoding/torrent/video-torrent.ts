import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import createTorrent from 'create-torrent';
import parseTorrent from 'parse-torrent';

export interface CreateVideoTorrentInput {
  /** The progressive MP4 (or any single file) to describe. */
  filePath: string;
  /** Where the .torrent file goes; written atomically, parent folders are created. */
  torrentPath: string;
  /**
   * The torrent's name, which clients use as the file name. Keep the extension (`My video-720.mp4`):
   * WebTorrent in the browser picks the media type for streaming from it.
   */
  name: string;
  /** Public URL of `filePath` (BEP 19 WebSeed); must answer `Range` requests. */
  webSeedUrl: string;
  /** The instance's trackers, e.g. `wss://host/tracker/socket` and `https://host/tracker/announce`. */
  announceUrls: string[];
  createdBy?: string;
}

export interface CreatedVideoTorrent {
  /** Lowercase hex SHA-1 of the info dictionary. */
  infoHash: string;
  torrentPath: string;
  /** Bytes of the content the torrent describes (the video file), not of the .torrent file. */
  size: number;
}

export interface TorrentSummary {
  infoHash: string;
  /** Every tracker of every tier, in order, deduplicated. */
  announce: string[];
  /** WebSeeds. */
  urlList: string[];
  name: string;
  /** Bytes of the content. */
  length: number;
}

const WEB_SEED_PROTOCOLS = ['http:', 'https:'];
const TRACKER_PROTOCOLS = ['ws:', 'wss:', 'http:', 'https:', 'udp:'];

/**
 * Creates the public, single-file torrent of a video file, the way PeerTube does: the instance's trackers one
 * per tier, the file's URL as WebSeed, and a piece length chosen by create-torrent from the file size.
 */
export async function createVideoTorrent(input: CreateVideoTorrentInput): Promise<CreatedVideoTorrent> {
  assertUrl(input.webSeedUrl, WEB_SEED_PROTOCOLS, 'webSeedUrl');
  input.announceUrls.forEach((url) => assertUrl(url, TRACKER_PROTOCOLS, 'announceUrls'));
  const file = await stat(input.filePath);
  // A folder would silently become a multi-file torrent, and an empty file has no pieces.
  if (!file.isFile() || file.size === 0) throw new Error(`not a non-empty file: ${input.filePath}`);

  const torrent = await new Promise<Uint8Array>((resolve, reject) => {
    createTorrent(
      input.filePath,
      {
        name: input.name,
        createdBy: input.createdBy,
        private: false,
        // Always an array: when it is undefined, create-torrent adds public trackers.
        announceList: input.announceUrls.map((url) => [url]),
        urlList: [input.webSeedUrl],
      },
      (error, buffer) => (error ? reject(error) : resolve(buffer)),
    );
  });
  const parsed = await parseTorrent(torrent);
  await writeFileAtomically(input.torrentPath, torrent);
  return { infoHash: parsed.infoHash.toLowerCase(), torrentPath: input.torrentPath, size: parsed.length };
}

export async function readTorrent(torrentPath: string): Promise<TorrentSummary> {
  const parsed = await parseTorrent(await readFile(torrentPath));
  return {
    infoHash: parsed.infoHash.toLowerCase(),
    announce: parsed.announce,
    urlList: parsed.urlList,
    name: parsed.name,
    length: parsed.length,
  };
}

/** Readers (the static file route, a seeding worker) never see a partial .torrent file. */
async function writeFileAtomically(target: string, data: Uint8Array): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function assertUrl(value: string, protocols: string[], field: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${field}: not a URL: ${value}`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${field}: expected ${protocols.join(' or ')} URL: ${value}`);
}
