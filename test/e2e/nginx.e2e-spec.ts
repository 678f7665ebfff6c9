import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { findFreePort } from '../../server/core/process/process-utils.js';
import { VideoPrivacy } from '../../shared/models/videos/video-enums.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { ApiClient } from '../utils/api-client.js';
import { TestInstance } from '../utils/instance.js';
import { TestNginx } from '../utils/nginx.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/**
 * One instance behind nginx with the site of the deployment docs (config/nginx/shoal.conf.template): the API is
 * proxied, public files come from disk, private ones still pass Shoal's check, the tracker's WebSocket goes
 * through, and the instance knows itself by the proxy's host.
 */
describe('an instance behind the documented nginx site', () => {
  let instance: TestInstance;
  let nginx: TestNginx;
  let api: ApiClient;
  let folder: string;
  let token: string;
  let publicVideo: VideoDetails;
  let privateVideo: VideoDetails;

  const details = (uuid: string) => api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`, { token });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-nginx-'));
    const clip = path.join(folder, 'clip.mp4');
    const publicPort = await findFreePort();
    instance = await TestInstance.create({ env: { SHOAL_PUBLIC_PORT: String(publicPort) } });
    await Promise.all([generateClip({ path: clip, seconds: 2, width: 320, height: 240 }), instance.start()]);
    nginx = await TestNginx.start({
      port: publicPort,
      apiServers: [`127.0.0.1:${instance.port}`],
      trackerServer: `127.0.0.1:${instance.port}`,
      storageDir: instance.storageDir,
    });
    // Everything below goes through nginx, as clients of a deployed instance do.
    api = new ApiClient(nginx.url);
    const login = await api.registerAndLogin('behind_nginx');
    token = login.token;
    const upload = async (name: string, privacy: VideoPrivacy) => {
      const response = await api
        .raw('post', '/api/v1/videos/upload', { token })
        .field('channelId', String(login.user.videoChannels[0].id))
        .field('name', name)
        .field('privacy', String(privacy))
        .attach('videofile', clip);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body as VideoCreateResult).video.uuid;
    };
    // The upload streams through nginx (proxy_request_buffering off).
    const publicUuid = await upload('public', VideoPrivacy.Public);
    const privateUuid = await upload('private', VideoPrivacy.Private);
    await waitForJobs(instance);
    [publicVideo, privateVideo] = await Promise.all([details(publicUuid), details(privateUuid)]);
  });

  afterAll(async () => {
    await nginx?.stop();
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('proxies the API, and the instance builds its URLs with the public host', async () => {
    const response = await fetch(`${nginx.url}/api/v1/videos?count=5`);
    expect(response.status).toBe(200);
    // Shoal answered: every response of its own carries a request id.
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const list = (await response.json()) as { total: number };
    expect(list.total).toBe(1);
    expect(publicVideo.files[0].fileUrl).toMatch(new RegExp(`^${nginx.url}/static/web-videos/`));
    expect(publicVideo.account.host).toBe(nginx.host);
  });

  it('keeps the Host header, which signed requests from other instances are checked against', async () => {
    const activity = { type: 'Follow', id: 'http://remote.test/follows/1', actor: 'http://remote.test/accounts/a' };
    const inboxRefusal = async (baseUrl: string) => {
      const response = await fetch(`${baseUrl}/inbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/activity+json' },
        body: JSON.stringify(activity),
      });
      return { status: response.status, body: await response.text() };
    };
    // Unsigned, the activity is refused either way; only the direct request is refused for the host it names.
    const direct = await inboxRefusal(instance.url);
    const proxied = await inboxRefusal(nginx.url);
    expect(direct.body).toContain(`addressed to ${instance.host}`);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.body).not.toContain('addressed to');
  });

  it('serves a public video file from disk, with Range', async () => {
    const file = publicVideo.files[0];
    const response = await fetch(file.fileUrl, { headers: { Range: 'bytes=100-1123' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 100-1123/${file.size}`);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // nginx sent it, not Shoal (whose every response has a request id).
    expect(response.headers.get('x-request-id')).toBeNull();
    const body = Buffer.from(await response.arrayBuffer());
    const onDisk = Buffer.alloc(1024);
    const handle = await open(path.join(instance.storageDir, new URL(file.fileUrl).pathname.replace('/static', '')));
    await handle.read(onDisk, 0, 1024, 100);
    await handle.close();
    expect(body.equals(onDisk)).toBe(true);
  });

  it('serves HLS playlists and torrents from disk too', async () => {
    const playlist = publicVideo.streamingPlaylists[0];
    const master = await fetch(playlist.playlistUrl);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(master.headers.get('x-request-id')).toBeNull();
    expect(await master.text()).toContain('#EXTM3U');
    const torrent = await fetch(playlist.files[0].torrentUrl!);
    expect(torrent.status).toBe(200);
    expect(torrent.headers.get('content-type')).toBe('application/x-bittorrent');
  });

  it("refuses a private video's file to anonymous visitors through Shoal, and serves it to its owner", async () => {
    const fileUrl = privateVideo.files[0].fileUrl;
    const anonymous = await fetch(fileUrl, { headers: { Range: 'bytes=0-99' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect(anonymous.headers.get('x-request-id')).toBeTruthy();
    await anonymous.arrayBuffer();

    const owner = await fetch(fileUrl, { headers: { Range: 'bytes=0-99', Authorization: `Bearer ${token}` } });
    expect(owner.status).toBe(206);
    expect(owner.headers.get('x-request-id')).toBeNull();
    expect((await owner.arrayBuffer()).byteLength).toBe(100);

    const unknown = await fetch(fileUrl.replace(privateVideo.uuid, '00000000-0000-4000-8000-000000000000'));
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });

  it('passes WebSocket upgrades of /tracker/socket to the tracker', async () => {
    const infoHash = publicVideo.files[0].magnetUri!.match(/xt=urn:btih:([0-9a-f]{40})/)![1];
    const answer = await wsAnnounce(`${nginx.url.replace(/^http/, 'ws')}/tracker/socket`, infoHash);
    expect(answer).toMatchObject({ action: 'announce', info_hash: binary(infoHash) });
    expect(answer.interval).toEqual(expect.any(Number));
  });
});

const binary = (hex: string): string => Buffer.from(hex, 'hex').toString('latin1');

/** One WebSocket announce as a browser's WebTorrent sends it (without WebRTC offers); resolves with the answer. */
function wsAnnounce(url: string, infoHash: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('error', reject);
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
      socket.close();
      resolve(JSON.parse(data.toString()) as Record<string, unknown>);
    });
  });
}
