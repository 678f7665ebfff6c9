import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type WebTorrent from 'webtorrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMagnetUri } from '../../../server/core/media/magnet-uri.js';
import { createVideoTorrent } from '../../../server/transcoding/torrent/video-torrent.js';
import { createOfflineClient, destroyClient, waitForDone } from '../../utils/webtorrent.js';
import { startWebSeedServer, type WebSeedServer } from './web-seed-server.js';

const VIDEO_PATH = '/static/web-videos/video-720.mp4';
const TORRENT_PATH = '/lazy-static/torrents/video-720.torrent';
// Port 1 on loopback is closed: the announces fail at once and nothing leaves the machine.
const ANNOUNCE_URLS = ['ws://127.0.0.1:1/tracker/socket', 'http://127.0.0.1:1/tracker/announce'];

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('a Node WebTorrent client downloads a video torrent from its WebSeed alone', () => {
  let folder: string;
  let server: WebSeedServer;
  let client: WebTorrent;
  const content = randomBytes(3 * 1024 * 1024);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-webseed-'));
    const videoFile = path.join(folder, 'video-720.mp4');
    const torrentFile = path.join(folder, 'torrents', 'video-720.torrent');
    await writeFile(videoFile, content);
    server = await startWebSeedServer([
      { urlPath: VIDEO_PATH, filePath: videoFile, contentType: 'video/mp4' },
      { urlPath: TORRENT_PATH, filePath: torrentFile, contentType: 'application/x-bittorrent' },
    ]);
    client = createOfflineClient();
  });

  afterAll(async () => {
    await destroyClient(client);
    await server?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('fetches the .torrent named by xs=, then every byte from the WebSeed', { timeout: 60_000 }, async () => {
    const created = await createVideoTorrent({
      filePath: path.join(folder, 'video-720.mp4'),
      torrentPath: path.join(folder, 'torrents', 'video-720.torrent'),
      name: 'Random bytes 720p.mp4',
      webSeedUrl: `${server.origin}${VIDEO_PATH}`,
      announceUrls: ANNOUNCE_URLS,
    });
    const magnetUri = buildMagnetUri({
      infoHash: created.infoHash,
      name: 'Random bytes 720p.mp4',
      announceUrls: ANNOUNCE_URLS,
      webSeedUrl: `${server.origin}${VIDEO_PATH}`,
      torrentUrl: `${server.origin}${TORRENT_PATH}`,
    });

    const torrent = client.add(magnetUri, { path: path.join(folder, 'download') });
    await waitForDone(torrent, 50_000);

    expect(torrent.infoHash).toBe(created.infoHash);
    expect(torrent.name).toBe('Random bytes 720p.mp4');
    expect(torrent.files).toHaveLength(1);
    const downloaded = new Uint8Array(await torrent.files[0].arrayBuffer());
    expect(downloaded.length).toBe(content.length);
    expect(sha256(downloaded)).toBe(sha256(content));

    // The metadata came from xs= (the magnet has no peers to ask), the data from Range requests to the WebSeed.
    expect(server.requests.filter((request) => request.urlPath === TORRENT_PATH)).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    const videoRequests = server.requests.filter((request) => request.urlPath === VIDEO_PATH);
    expect(videoRequests.every((request) => request.status === 206 && request.range?.startsWith('bytes='))).toBe(true);
    expect(videoRequests.reduce((sum, request) => sum + request.bytes, 0)).toBeGreaterThanOrEqual(content.length);
    expect(torrent.wires.map((wire) => wire.type)).toEqual(['webSeed']);
    // The client announces only to the loopback URLs of the torrent: no default or public tracker was added.
    expect(torrent.announce).toEqual(ANNOUNCE_URLS);
  });
});
