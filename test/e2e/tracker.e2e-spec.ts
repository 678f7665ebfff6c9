import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parseTorrent from 'parse-torrent';
import type WebTorrent from 'webtorrent';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hlsSwarmInfoHashes } from '../../server/core/media/hls-swarm.js';
import { parseMasterPlaylist } from '../../server/transcoding/ffmpeg/hls.js';
import type { VideoCreateResult, VideoDetails, VideoFile } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';
import { createOfflineClient, destroyClient, waitForDone } from '../utils/webtorrent.js';

const binary = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
const infoHashOf = (file: VideoFile): string => /btih:([0-9a-f]{40})/.exec(file.magnetUri ?? '')?.[1] ?? '';

describe('embedded tracker', () => {
  let instance: TestInstance;
  let token: string;
  let folder: string;
  let publicVideo: VideoDetails;
  let privateVideo: VideoDetails;
  let unlistedVideo: VideoDetails;
  const clients: WebTorrent[] = [];

  /** One HTTP announce, as a BitTorrent client sends it; answers the bencoded body as text. */
  const announce = async (infoHash: string, port = 6881): Promise<string> => {
    // The info hash and peer id are raw bytes: percent-encode each byte.
    const query = [
      `info_hash=${percentBytes(infoHash)}`,
      `peer_id=${percentBytes(randomBytes(20).toString('hex'))}`,
      `port=${port}`,
      'uploaded=0',
      'downloaded=0',
      'left=0',
      'compact=1',
    ].join('&');
    const response = await fetch(`${instance.url}/tracker/announce?${query}`);
    return Buffer.from(await response.arrayBuffer()).toString('latin1');
  };

  const upload = async (name: string, privacy: number): Promise<VideoDetails> => {
    const response = await instance.api
      .raw('post', '/api/v1/videos/upload', { token })
      .field('channelId', String((await instance.api.me(token)).videoChannels[0].id))
      .field('name', name)
      .field('privacy', String(privacy))
      .attach('videofile', path.join(folder, 'clip.mp4'));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    await waitForJobs(instance);
    return instance.api.call<VideoDetails>('get', `/api/v1/videos/${(response.body as VideoCreateResult).video.uuid}`, {
      token,
    });
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-tracker-'));
    instance = await TestInstance.create();
    await Promise.all([
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 4, width: 640, height: 360 }),
      instance.start(),
    ]);
    token = (await instance.api.registerAndLogin('seeder')).token;
    publicVideo = await upload('Public swarm', 1);
    privateVideo = await upload('Private video', 3);
    unlistedVideo = await upload('Unlisted video', 2);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => destroyClient(client)));
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('answers announces for the files of a public video', async () => {
    const body = await announce(infoHashOf(publicVideo.files[0]));
    expect(body).not.toContain('failure reason');
    expect(body).toMatch(/8:intervali120e/);
  });

  it('lets a Node WebTorrent client find a Node seeder through /tracker/announce', { timeout: 90_000 }, async () => {
    const file = publicVideo.files[0];
    const torrentBytes = new Uint8Array(await (await fetch(file.torrentUrl!)).arrayBuffer());
    const torrent = await parseTorrent(torrentBytes);
    // Only the tracker: no WebSeed, so every byte the leecher gets comes from the seeder.
    const viaTracker = () => ({ ...torrent, urlList: [], announce: [`${instance.url}/tracker/announce`] });

    const seedDir = path.join(folder, 'seed');
    await mkdir(seedDir, { recursive: true });
    await writeFile(path.join(seedDir, torrent.name), Buffer.from(await (await fetch(file.fileUrl)).arrayBuffer()));
    const seeder = createOfflineClient();
    const leecher = createOfflineClient();
    clients.push(seeder, leecher);

    const seeding = seeder.add(viaTracker(), { path: seedDir });
    await waitForDone(seeding, 30_000);
    const leeching = leecher.add(viaTracker(), { path: path.join(folder, 'leech') });
    await waitForDone(leeching, 60_000);

    const downloaded = await readFile(path.join(folder, 'leech', torrent.name));
    expect(downloaded.equals(await readFile(path.join(seedDir, torrent.name)))).toBe(true);
    expect(leeching.wires.some((wire) => wire.type.startsWith('tcp'))).toBe(true);
    expect(leeching.wires.some((wire) => wire.type === 'webSeed')).toBe(false);

    // The video API reports the swarm.
    const details = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${publicVideo.uuid}`);
    expect(details.swarm).toMatchObject({ seeders: expect.any(Number) });
    expect(details.swarm!.peers).toBeGreaterThanOrEqual(2);
    expect(details.swarm!.seeders).toBeGreaterThanOrEqual(1);
  });

  it('answers WebSocket announces of browsers for known infohashes only', async () => {
    const infoHash = infoHashOf(publicVideo.files[0]);
    const known = await wsAnnounce(instance.url, infoHash);
    // WebSocket peers are told to announce five times as often as HTTP ones.
    expect(known).toMatchObject({ action: 'announce', interval: 24, complete: expect.any(Number) });
    const unknown = await wsAnnounce(instance.url, randomBytes(20).toString('hex'));
    expect(unknown['failure reason']).toBe('this torrent is not served by this instance');
  });

  it("refuses a private video's infohash, whose files are refused to anonymous visitors too", async () => {
    const file = privateVideo.files[0];
    const body = await announce(infoHashOf(file));
    expect(body).toContain('this torrent is not served by this instance');
    expect((await fetch(file.fileUrl)).status).toBe(401);
    expect((await fetch(file.torrentUrl!)).status).toBe(401);
  });

  it('answers for the P2P swarms of a public HLS playlist, not for those of a private one', async () => {
    const swarmInfoHashes = async (video: VideoDetails): Promise<string[]> => {
      const { playlistUrl } = video.streamingPlaylists[0];
      const master = await instance.api.raw('get', new URL(playlistUrl).pathname, { token });
      return hlsSwarmInfoHashes(playlistUrl, parseMasterPlaylist(master.text));
    };
    const [publicSwarm] = await swarmInfoHashes(publicVideo);
    const [privateSwarm] = await swarmInfoHashes(privateVideo);
    expect(await wsAnnounce(instance.url, publicSwarm)).toMatchObject({ action: 'announce', interval: 24 });
    expect((await wsAnnounce(instance.url, privateSwarm))['failure reason']).toBe(
      'this torrent is not served by this instance',
    );
  });

  // Each of these comes from its own loopback address: refusals count towards a ban of the address.
  it('audit #4: a WebSocket message larger than tracker.max_message_size closes the connection', async () => {
    const outcome = await wsExchange(instance.url, 'x'.repeat(1024 * 1024), '127.0.0.11');
    expect(outcome).toEqual({ closed: 1009 });
  });

  it('audit #4: a scrape naming more infohashes than tracker.max_scrape_infohashes is refused', async () => {
    const infoHashes = Array.from({ length: 60 }, () => randomBytes(20).toString('hex'));
    const ws = await wsExchange(instance.url, wsScrape(infoHashes), '127.0.0.12');
    expect(ws).toMatchObject({ message: { 'failure reason': 'too many infohashes in one scrape' } });
    expect(await httpScrape(instance.url, infoHashes, '127.0.0.12')).toContain('too many infohashes in one scrape');
  });

  it("audit #4: scrapes pass the allow-list: a public video's infohash is answered, a private one's refused", async () => {
    const publicHash = infoHashOf(publicVideo.files[0]);
    const privateHash = infoHashOf(privateVideo.files[0]);
    const ws = await wsExchange(instance.url, wsScrape([publicHash]), '127.0.0.13');
    expect(ws).toMatchObject({ message: { action: 'scrape', files: expect.any(Object) } });
    expect(await httpScrape(instance.url, [publicHash], '127.0.0.13')).toContain('8:completei');
    const refused = await wsExchange(instance.url, wsScrape([privateHash]), '127.0.0.13');
    expect(refused).toMatchObject({ message: { 'failure reason': 'this torrent is not served by this instance' } });
    const refusedHttp = await httpScrape(instance.url, [publicHash, privateHash], '127.0.0.13');
    expect(refusedHttp).toContain('this torrent is not served by this instance');
    expect(refusedHttp).not.toContain('8:completei');
  });

  it("audit #4: a full scrape (no infohash) is refused and lists no swarm, an unlisted video's included", async () => {
    const unlistedHash = infoHashOf(unlistedVideo.files[0]);
    expect(await announce(unlistedHash)).not.toContain('failure reason');
    const body = await httpScrape(instance.url, [], '127.0.0.14');
    expect(body).toContain('a scrape must name the infohashes it asks about');
    expect(body).not.toContain(binary(unlistedHash));
    const ws = await wsExchange(instance.url, JSON.stringify({ action: 'scrape' }), '127.0.0.14');
    expect(ws).toMatchObject({ message: { 'failure reason': 'a scrape must name the infohashes it asks about' } });
    expect(JSON.stringify(ws)).not.toContain(JSON.stringify(binary(unlistedHash)).slice(1, -1));
  });

  it('audit #4: scrapes count against the per-IP rate limit and end in a ban', async () => {
    const publicHash = infoHashOf(publicVideo.files[0]);
    const bodies: string[] = [];
    for (let attempt = 0; attempt < 50; attempt++)
      bodies.push(await httpScrape(instance.url, [publicHash], '127.0.0.15'));
    expect(bodies.some((body) => body.includes('too many announces, slow down'))).toBe(true);
    expect(bodies.at(-1)).toContain('too many refused announces, try again later');
  });

  it('refuses unknown infohashes', async () => {
    expect(await announce(randomBytes(20).toString('hex'))).toContain('14:failure reason');
  });

  // Last: it gets 127.0.0.1 dropped for a few seconds (config/test.yaml).
  it('rate limits announces and drops repeat offenders', async () => {
    const infoHash = infoHashOf(publicVideo.files[1]);
    const bodies: string[] = [];
    for (let attempt = 0; attempt < 16; attempt++) bodies.push(await announce(infoHash, 7000 + attempt));
    expect(bodies.slice(0, 10).every((body) => !body.includes('failure reason'))).toBe(true);
    expect(bodies.some((body) => body.includes('too many announces, slow down'))).toBe(true);
    expect(bodies.at(-1)).toContain('too many refused announces, try again later');
    // Dropped: even the WebSocket upgrade is refused.
    await expect(wsAnnounce(instance.url, infoHash)).rejects.toThrow();
  });
});

/** A scrape as a browser's WebTorrent sends it over the WebSocket. */
function wsScrape(infoHashes: string[]): string {
  return JSON.stringify({ action: 'scrape', info_hash: infoHashes.map(binary) });
}

/** Sends one WebSocket message from `localAddress`; resolves with the first answer, or the close code. */
function wsExchange(
  baseUrl: string,
  message: string,
  localAddress: string,
): Promise<{ message: Record<string, unknown> } | { closed: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws').replace('localhost', '127.0.0.1')}/tracker/socket`, {
      localAddress,
    });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no answer from the tracker'));
    }, 5000);
    socket.on('error', () => undefined);
    socket.on('open', () => socket.send(message));
    socket.on('message', (data: Buffer) => {
      clearTimeout(timer);
      socket.close();
      resolve({ message: JSON.parse(data.toString()) as Record<string, unknown> });
    });
    socket.on('close', (code: number) => {
      clearTimeout(timer);
      resolve({ closed: code });
    });
  });
}

/** One HTTP scrape from `localAddress`; answers the bencoded body as latin1 text. */
function httpScrape(baseUrl: string, infoHashes: string[], localAddress: string): Promise<string> {
  const query = infoHashes.map((infoHash) => `info_hash=${percentBytes(infoHash)}`).join('&');
  return new Promise((resolve, reject) => {
    http
      .get(`${baseUrl.replace('localhost', '127.0.0.1')}/tracker/scrape?${query}`, { localAddress }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
      })
      .on('error', reject);
  });
}

function percentBytes(hex: string): string {
  return hex.replace(/../g, (byte) => `%${byte.toUpperCase()}`);
}

/** One WebSocket announce as a browser's WebTorrent sends it (without WebRTC offers). */
function wsAnnounce(baseUrl: string, infoHash: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/tracker/socket`);
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('no answer from the tracker'));
    }, 5000);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('open', () =>
      socket.send(
        JSON.stringify({
          action: 'announce',
          info_hash: binary(infoHash),
          peer_id: binary(randomBytes(20).toString('hex')),
          uploaded: 0,
          downloaded: 0,
          left: 0,
          numwant: 0,
          event: 'started',
        }),
      ),
    );
    socket.on('message', (data: Buffer) => {
      clearTimeout(timer);
      socket.close();
      resolve(JSON.parse(data.toString()) as Record<string, unknown>);
    });
  });
}
