import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../server/core/process/process-utils.js';
import { QueueName } from '../../server/core/jobs/job-catalog.js';
import type { ResultList } from '../../shared/models/common.js';
import type { ActorFollow } from '../../shared/models/server/follow.model.js';
import { VideoPrivacy, VideoState } from '../../shared/models/videos/video-enums.js';
import type { Video, VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { ApiClient } from '../utils/api-client.js';
import { Viewer } from '../utils/browser.js';
import { TestCluster } from '../utils/cluster.js';
import { ADMIN_PASSWORD, TestInstance } from '../utils/instance.js';
import { NetworkNamespace } from '../utils/netns.js';
import { TestNginx } from '../utils/nginx.js';
import { PacedProxy } from '../utils/paced-proxy.js';
import { TestS3Server } from '../utils/s3-server.js';
import { queryDatabase, testServices } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const BUCKET = 'shoal-cluster';
/** The bucket's bandwidth while the second viewer watches: a little more than the video's bit rate. */
const PACED_BYTES_PER_SECOND = 120 * 1024;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The first line of a playlist that names another file (a variant playlist, or a segment). */
function firstUri(playlist: string): string {
  const line = playlist.split('\n').find((candidate) => candidate.trim() !== '' && !candidate.startsWith('#'));
  if (!line) throw new Error(`no URI in the playlist:\n${playlist}`);
  return line.trim();
}

/**
 * One instance as a cluster, as docs/deployment.md describes it: nginx in front (the documented site), two api
 * processes, one worker and one tracker, sharing PostgreSQL, Redis and an S3 bucket (s3rver, spoken to through the
 * AWS SDK and HTTP only).
 *
 * Browsers must reach the instance from a network namespace (test/utils/netns.ts): its public address is the host
 * side of the namespace, where nginx listens. Each api process gets a plain proxy there too (its own address for the
 * browsers), and the bucket is published through a proxy that can be paced, like a store short of bandwidth.
 */
describe('a cluster: nginx, two api processes, a worker, a tracker, shared PostgreSQL, Redis and bucket', () => {
  let namespace: NetworkNamespace;
  let s3: TestS3Server;
  let bucketProxy: PacedProxy;
  let apiProxies: PacedProxy[];
  let nginx: TestNginx;
  let cluster: TestCluster;
  let api1: TestInstance;
  let api2: TestInstance;
  let worker: TestInstance;
  /** A single-process instance federating with the cluster. */
  let single: TestInstance;
  /** Clients of the instance's public address (nginx). */
  let front: ApiClient;
  let folder: string;
  let clip: string;
  let token: string;
  let publicUuid: string;
  let privateUuid: string;
  const viewers: Viewer[] = [];

  const details = (through: ApiClient, uuid: string, withToken?: string) =>
    through.call<VideoDetails>('get', `/api/v1/videos/${uuid}`, { token: withToken });
  const bucketUrl = () => `${bucketProxy.url}/${BUCKET}`;
  /** How many copies of a video a database holds. */
  const copies = async (databaseName: string, uuid: string) =>
    Number(
      (await queryDatabase<{ count: string }>(databaseName, 'SELECT count(*) FROM videos WHERE uuid = $1', [uuid]))[0]
        .count,
    );

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-cluster-'));
    clip = path.join(folder, 'clip.mp4');
    namespace = await NetworkNamespace.create();
    s3 = await TestS3Server.start();
    await s3.createBucket(BUCKET);
    await s3.allowBrowsers(BUCKET);
    bucketProxy = await PacedProxy.start({ host: namespace.hostAddress, mediaPath: /^\// });
    bucketProxy.targetPort = s3.port;

    const configFile = path.join(folder, 'shoal.yaml');
    await writeFile(
      configFile,
      [
        // One rendition: both viewers play the same segments.
        'transcoding: { resolutions: [240] }',
        // Every browser reaches the tracker through nginx, from one address.
        'tracker: { rate_limit: { per_ip: { window: 1 minute, max: 10000 }, per_ip_infohash: { window: 1 minute, max: 10000 } } }',
      ].join('\n'),
    );
    const publicPort = await findFreePort();
    cluster = await TestCluster.create({
      processes: [['api'], ['api'], ['worker'], ['tracker']],
      publicPort,
      env: {
        ...s3.env(BUCKET, { publicUrl: `${bucketProxy.url}/${BUCKET}` }),
        SHOAL_CONFIG: configFile,
        SHOAL_HOSTNAME: namespace.hostAddress,
      },
    });
    [api1, api2, worker] = cluster.processes;
    const tracker = cluster.withRole('tracker');
    // Each api process's own address for the browsers: a proxy that paces nothing.
    apiProxies = await Promise.all(
      [api1, api2].map(async (api) => {
        const proxy = await PacedProxy.start({ host: namespace.hostAddress, mediaPath: /^$/ });
        proxy.targetPort = api.port;
        return proxy;
      }),
    );
    single = await TestInstance.create();
    [nginx] = await Promise.all([
      TestNginx.start({
        address: namespace.hostAddress,
        port: publicPort,
        apiServers: [api1, api2].map((api) => `127.0.0.1:${api.port}`),
        trackerServer: `127.0.0.1:${tracker.port}`,
        storageDir: cluster.shared.storageDir,
      }),
      generateClip({ path: clip, seconds: 4, width: 640, height: 360 }),
      cluster.start(),
      single.start(),
    ]);
    front = new ApiClient(nginx.url);
    ({ token } = await api1.api.registerAndLogin('cluster_user'));
  }, 180_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      for (const [index, viewer] of viewers.entries())
        console.log(`viewer ${index + 1} console:\n${viewer.console.join('\n')}`);
      console.log(`nginx errors:\n${await nginx.errorLog()}`);
    }
    await Promise.all(viewers.splice(0).map((viewer) => viewer.close()));
    bucketProxy.rate = undefined;
  });

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all([cluster?.destroy(), single?.destroy()]);
    await Promise.all([bucketProxy?.stop(), ...(apiProxies ?? []).map((proxy) => proxy.stop())]);
    await s3?.stop();
    await namespace?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('transcodes in the worker what one api process received, and serves it through the other', async () => {
    publicUuid = await uploadVideo(api1, token, { name: 'Across the cluster', file: clip });
    privateUuid = await uploadVideo(api1, token, { name: 'Private', file: clip, privacy: VideoPrivacy.Private });
    await waitForJobs(api1);

    const video = await details(api2.api, publicUuid);
    const privateVideo = await details(api2.api, privateUuid, token);
    expect([video.state.id, privateVideo.state.id]).toEqual([VideoState.Published, VideoState.Published]);
    // The worker transcoded both; the api processes consume no queue.
    for (const { id } of [video, privateVideo]) {
      expect(worker.output).toMatch(new RegExp(`"videoId":${id},[^\\n]*"msg":"video published"`));
    }
    for (const api of [api1, api2]) expect(api.output).not.toContain('"msg":"video published"');
    const transcoding = new Queue(QueueName.Transcoding, {
      connection: { url: testServices.redisUrl },
      prefix: `${cluster.shared.redisPrefix}:bull`,
    });
    try {
      expect(await transcoding.getWorkers()).toHaveLength(1);
    } finally {
      await transcoding.close();
    }

    // Public files come from the bucket: the HLS master playlist, its variant and a segment.
    const [playlist] = video.streamingPlaylists;
    expect(playlist.playlistUrl).toBe(`${bucketUrl()}/streaming-playlists/hls/${publicUuid}/${publicUuid}-master.m3u8`);
    const master = await get(playlist.playlistUrl);
    expect(master.status).toBe(200);
    expect(master.bytes.toString()).toContain('#EXT-X-STREAM-INF');
    const variantUrl = new URL(firstUri(master.bytes.toString()), playlist.playlistUrl).href;
    const variant = await get(variantUrl);
    expect(variant.status).toBe(200);
    const segment = await get(new URL(firstUri(variant.bytes.toString()), variantUrl).href);
    expect(segment.status).toBe(200);
    expect(segment.bytes.length).toBeGreaterThan(1000);
    // The tracker in the page is the instance's public one, through nginx.
    expect(video.trackerUrls).toContain(`ws://${nginx.host}/tracker/socket`);

    // A private video's file: through Shoal, refused anonymously, served to its owner by the other api process.
    const file = privateVideo.files[0];
    expect(file.fileUrl).toBe(`${nginx.url}/static/web-videos/${privateUuid}-240.mp4`);
    const onApi2 = `${api2.url}/static/web-videos/${privateUuid}-240.mp4`;
    expect((await get(file.fileUrl)).status).toBe(401);
    expect((await get(onApi2)).status).toBe(401);
    expect((await get(`${bucketUrl()}/web-videos/${privateUuid}-240.mp4`)).status).toBe(404);
    const owned = await get(onApi2, { Authorization: `Bearer ${token}` });
    expect(owned.status).toBe(200);
    expect(owned.bytes.length).toBe(file.size);
  });

  it(
    'two browsers on different api processes share the video over P2P through the one tracker process',
    { timeout: 240_000 },
    async () => {
      const p2pClip = await generateClip({ path: path.join(folder, 'p2p.mp4'), seconds: 30, width: 640, height: 360 });
      const uuid = await uploadVideo(api2, token, { name: 'Shared by viewers', file: p2pClip });
      await waitForJobs(api2);
      const video = await details(front, uuid);
      const size = video.streamingPlaylists[0].files[0].size;
      const open = async (proxy: PacedProxy) => {
        const viewer = await Viewer.launch(namespace, proxy.url);
        viewers.push(viewer);
        await viewer.open(`${proxy.url}/w/${video.shortUUID}`);
        return viewer;
      };

      const first = await open(apiProxies[0]);
      await first.waitForPlaying(2);
      const alone = await first.waitForFigures((figures) => figures.httpBytes >= 0.95 * size, 60_000);
      expect(alone).toMatchObject({ mode: 'hls-p2p', peerBytes: 0, peers: 0 });

      // The bucket runs short of bandwidth: the second viewer, on the other api process, gets most from the first.
      bucketProxy.rate = PACED_BYTES_PER_SECOND;
      const second = await open(apiProxies[1]);
      await second.waitForPlaying(6, 120_000);
      const received = await second.waitForFigures(
        (figures) => figures.peerBytes + figures.httpBytes >= 0.95 * size,
        90_000,
      );
      console.log(`cluster P2P: second viewer ${JSON.stringify(received)}`);
      expect(received).toMatchObject({ mode: 'hls-p2p', httpFallback: false, rejectedSegments: 0 });
      expect(received.peers).toBeGreaterThanOrEqual(1);
      expect(received.peerBytes / (received.peerBytes + received.httpBytes)).toBeGreaterThanOrEqual(0.5);
      expect((await first.figures()).uploadedBytes).toBeGreaterThan(0);
      // Each api process shows the swarm of the one tracker process: both viewers, whichever process served them.
      for (const api of [api1, api2]) {
        await expect
          .poll(async () => (await details(api.api, uuid)).swarm?.peers, { timeout: 15_000, interval: 500 })
          .toBeGreaterThanOrEqual(2);
      }
    },
  );

  it('federates with a single-process instance both ways', { timeout: 120_000 }, async () => {
    await front.call('post', '/api/v1/server/following', {
      token: (await front.login('root', ADMIN_PASSWORD)).access_token,
      json: { hosts: [single.host] },
      status: 204,
    });
    await single.api.call('post', '/api/v1/server/following', {
      token: await single.adminToken(),
      json: { hosts: [nginx.host] },
      status: 204,
    });
    await waitForJobs(api1, single);
    const follows = async (through: ApiClient) =>
      (await through.call<ResultList<ActorFollow>>('get', '/api/v1/server/following')).data.map((follow) => ({
        host: follow.following.host,
        state: follow.state,
      }));
    expect(await follows(api2.api)).toEqual([{ host: single.host, state: 'accepted' }]);
    expect(await follows(single.api)).toEqual([{ host: nginx.host, state: 'accepted' }]);

    const { token: soloToken } = await single.api.registerAndLogin('solo');
    const fromSingle = await uploadVideo(single, soloToken, { name: 'From the single process', file: clip });
    const fromCluster = await uploadVideo(api2, token, { name: 'From the cluster', file: clip });

    const remoteOf = (through: ApiClient) =>
      through.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: false } });
    await expect
      .poll(async () => (await remoteOf(api1.api)).data.map((video) => video.uuid), { timeout: 30_000 })
      .toContain(fromSingle);
    await expect
      .poll(async () => (await remoteOf(single.api)).data.map((video) => video.uuid), { timeout: 30_000 })
      .toContain(fromCluster);
    const seenBySingle = await details(single.api, fromCluster);
    expect(seenBySingle).toMatchObject({ isLocal: false, account: { host: nginx.host } });
    expect((await get(seenBySingle.streamingPlaylists[0].playlistUrl)).status).toBe(200);
    expect((await details(api2.api, fromSingle)).account.host).toBe(single.host);
  });

  it('continues through the other api process a resumable upload whose api process was killed', async () => {
    const bytes = await readFile(clip);
    const channelId = (await api1.api.me(token)).videoChannels[0].id;
    const name = 'Interrupted upload';
    const init = await api1.api
      .raw('post', '/api/v1/videos/upload-resumable', { token, json: { channelId, name, filename: 'clip.mp4' } })
      .set('X-Upload-Content-Length', String(bytes.length));
    expect(init.status, JSON.stringify(init.body)).toBe(201);
    const location = new URL(init.headers.location);
    const sessionPath = `${location.pathname}${location.search}`;
    const put = (through: TestInstance, start: number) =>
      through.api
        .raw('put', sessionPath, { token })
        .set('Content-Type', 'application/octet-stream')
        .set('Content-Range', `bytes ${start}-${bytes.length - 1}/${bytes.length}`)
        .send(bytes.subarray(start));
    const third = Math.floor(bytes.length / 3);
    const first = await api1.api
      .raw('put', sessionPath, { token })
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes 0-${third - 1}/${bytes.length}`)
      .send(bytes.subarray(0, third));
    expect(first.status).toBe(308);

    // The next chunk is half sent when the api process dies.
    const interrupted = httpRequest(`${api1.url}${sessionPath}`, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Range': `bytes ${third}-${bytes.length - 1}/${bytes.length}`,
        'Content-Length': String(bytes.length - third),
      },
    });
    const failed = new Promise<void>((resolve) => interrupted.on('error', () => resolve()));
    interrupted.write(bytes.subarray(third, 2 * third));
    await sleep(200);
    await api1.kill();
    await failed;
    const restarted = api1.start();

    // The client asks the other process where to go on from, and sends the rest.
    // The dead process's hold on the session expires soon: only a living process renews it.
    const ask = () => api2.api.raw('put', sessionPath, { token }).set('Content-Range', `bytes */${bytes.length}`);
    await expect.poll(async () => (await ask()).status, { timeout: 20_000, interval: 500 }).toBe(308);
    const status = await ask();
    const offset = Number(/^bytes=0-(\d+)$/.exec(status.headers.range)![1]) + 1;
    expect(offset).toBeGreaterThanOrEqual(third);
    const done = await put(api2, offset);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const { uuid } = (done.body as VideoCreateResult).video;
    await restarted;
    await waitForJobs(api1);

    expect((await details(front, uuid)).state.id).toBe(VideoState.Published);
    const named = await queryDatabase<{ uuid: string }>(
      cluster.shared.databaseName,
      'SELECT uuid FROM videos WHERE name = $1',
      [name],
    );
    expect(named).toEqual([{ uuid }]);
    expect((await s3.keys(BUCKET)).filter((key) => key.includes('uploads/'))).toEqual([]);
  });

  it('loses and duplicates nothing when an api process dies right after answering an update or a publication', async () => {
    // An update answered by api2, which dies at once; a publication (private to public) answered by api1, likewise.
    await api2.api.call('put', `/api/v1/videos/${publicUuid}`, {
      token,
      json: { name: 'Across the whole cluster' },
      status: 204,
    });
    await api2.kill();
    const api2Back = api2.start();
    await api1.api.call('put', `/api/v1/videos/${privateUuid}`, {
      token,
      json: { privacy: VideoPrivacy.Public },
      status: 204,
    });
    await api1.kill();
    const bothBack = Promise.all([api2Back, api1.start()]);

    const namesOnSingle = async () =>
      (await single.api.call<ResultList<Video>>('get', '/api/v1/videos')).data.map((video) => video.name);
    await expect
      .poll(namesOnSingle, { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['Across the whole cluster', 'Private']));
    await bothBack;
    await waitForJobs(api1, single);
    // Each change is one event in the cluster's outbox, committed with it, and relayed though its process died.
    const events = await queryDatabase<{ uuid: string; relayed: boolean }>(
      cluster.shared.databaseName,
      `SELECT payload->>'uuid' AS uuid, relayed_at IS NOT NULL AS relayed FROM domain_events
        WHERE name = 'video.updated' AND payload->>'uuid' = ANY($1) ORDER BY id`,
      [[publicUuid, privateUuid]],
    );
    expect(events).toEqual([
      { uuid: publicUuid, relayed: true },
      { uuid: privateUuid, relayed: true },
    ]);
    expect(await copies(single.databaseName, publicUuid)).toBe(1);
    expect(await copies(single.databaseName, privateUuid)).toBe(1);
    expect((await details(single.api, privateUuid)).name).toBe('Private');
    expect((await details(single.api, publicUuid)).name).toBe('Across the whole cluster');
  });
});
