import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, TestInstance } from '../utils/instance.js';
import { postSignedActivity } from '../utils/signed-activity.js';
import { uploadVideo } from '../utils/uploads.js';
import { flushViews } from '../utils/views.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

describe('federation: videos between instances', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let tokenB: string;
  let uuid: string;

  const remoteVideos = (instance: TestInstance) =>
    instance.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: false } });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-federation-videos-'));
    [[a, b]] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 3, width: 640, height: 360 }),
    ]);
    ({ token: tokenB } = await b.api.registerAndLogin('bob'));
    await a.api.call('post', '/api/v1/server/following', {
      token: await a.adminToken(),
      json: { hosts: [b.host] },
      status: 204,
    });
    await waitForJobs(a, b);
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("B publishes: A lists B's video as remote, with B's working HLS and torrent URLs", async () => {
    uuid = await uploadVideo(b, tokenB, { name: 'Across the sea', file: path.join(folder, 'clip.mp4') });
    await waitForJobs(a, b);

    const listed = await remoteVideos(a);
    expect(listed).toMatchObject({
      total: 1,
      data: [{ uuid, name: 'Across the sea', isLocal: false, channel: { host: b.host }, account: { host: b.host } }],
    });
    expect((await a.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: true } })).total).toBe(0);

    const [onA, onB] = await Promise.all([
      a.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
      b.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
    ]);
    expect(onA.files.map((file) => file.fileUrl)).toEqual(onB.files.map((file) => file.fileUrl));
    expect(onA.files[0].torrentUrl).toBe(onB.files[0].torrentUrl);
    expect(onA.files[0].magnetUri).toMatch(/^magnet:\?/);
    expect(onA.streamingPlaylists[0].playlistUrl).toBe(onB.streamingPlaylists[0].playlistUrl);
    // Each HLS file with its origin's torrent and magnet, and its streams.
    const hlsOf = (video: VideoDetails) =>
      video.streamingPlaylists[0].files.map((file) => [file.fileUrl, file.torrentUrl, file.magnetUri, file.hasAudio]);
    expect(hlsOf(onB).every(([, torrentUrl, magnetUri]) => torrentUrl && magnetUri)).toBe(true);
    expect(hlsOf(onA)).toEqual(hlsOf(onB));
    expect(onA.files[0]).toMatchObject({ hasAudio: true, hasVideo: true, storage: null });
    expect(onA.trackerUrls).toEqual(onB.trackerUrls);
    for (const url of [onA.streamingPlaylists[0].playlistUrl, onA.files[0].torrentUrl!, onA.files[0].fileUrl]) {
      expect((await fetch(url)).status, url).toBe(200);
    }

    // A's tracker serves the swarms of the videos it lists.
    const infoHash = /btih:([0-9a-f]{40})/.exec(onA.files[0].magnetUri!)![1];
    const announce = await fetch(
      `${a.url}/tracker/announce?info_hash=${infoHash.replace(/../g, (byte) => `%${byte}`)}&peer_id=${'-SH0001-'.padEnd(20, '0')}&port=6881&uploaded=0&downloaded=0&left=0&compact=1`,
    );
    expect(Buffer.from(await announce.arrayBuffer()).toString('latin1')).not.toContain('failure reason');
  });

  it("B's collections: the channel's outbox announces the video, the instance's followers list A", async () => {
    const getJson = async (url: string) =>
      (await (await fetch(url, { headers: { Accept: 'application/activity+json' } })).json()) as Record<
        string,
        unknown
      >;
    const outbox = `${b.url}/video-channels/bob_channel/outbox`;
    expect(await getJson(outbox)).toMatchObject({
      type: 'OrderedCollection',
      totalItems: 1,
      first: `${outbox}?page=1`,
    });
    expect(await getJson(`${outbox}?page=1`)).toMatchObject({
      type: 'OrderedCollectionPage',
      partOf: outbox,
      orderedItems: [
        { type: 'Announce', actor: `${b.url}/video-channels/bob_channel`, object: `${b.url}/videos/watch/${uuid}` },
      ],
    });
    expect(await getJson(`${b.url}/accounts/peertube/followers?page=1`)).toMatchObject({
      totalItems: 1,
      orderedItems: [`${a.url}/accounts/peertube`],
    });
    expect(await getJson(`${a.url}/accounts/peertube/following?page=1`)).toMatchObject({
      orderedItems: [`${b.url}/accounts/peertube`],
    });
    expect((await fetch(`${b.url}/accounts/peertube/likes`)).status).toBe(404);
  });

  it('B edits the title: A shows the new one', async () => {
    await b.api.call('put', `/api/v1/videos/${uuid}`, {
      token: tokenB,
      json: { name: 'Across the wide sea' },
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await a.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).name).toBe('Across the wide sea');
  });

  it('B makes the video private: A drops it; public again: A lists it again', async () => {
    await b.api.call('put', `/api/v1/videos/${uuid}`, { token: tokenB, json: { privacy: 3 }, status: 204 });
    await waitForJobs(a, b);
    expect((await remoteVideos(a)).total).toBe(0);
    await b.api.call('put', `/api/v1/videos/${uuid}`, { token: tokenB, json: { privacy: 1 }, status: 204 });
    await waitForJobs(a, b);
    expect((await remoteVideos(a)).data).toMatchObject([{ uuid, name: 'Across the wide sea' }]);
  });

  it("another instance's Like, Dislike, Undo and View reach the video's counters on its origin (not its viewer reports)", async () => {
    const actor = `${a.url}/accounts/peertube`;
    const videoUrl = `${b.url}/videos/watch/${uuid}`;
    const counters = async () => {
      const video = await b.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`);
      return { likes: video.likes, dislikes: video.dislikes, views: video.views };
    };
    const like = { id: `${actor}/likes/1`, type: 'Like', actor, object: videoUrl };
    for (const activity of [like, { ...like, id: `${actor}/likes/2` }]) {
      expect((await postSignedActivity(a, b, activity)).status).toBe(202);
    }
    await postSignedActivity(a, b, { id: `${actor}/views/1`, type: 'View', actor, object: videoUrl });
    // A viewer report, which PeerTube sends besides the view and repeats while the viewer watches, is no view.
    const viewer = { type: 'InteractionCounter', interactionType: 'WatchAction', userInteractionCount: 1 };
    for (const n of [2, 3]) {
      const expires = new Date(Date.now() + 60_000).toISOString();
      const report = { id: `${actor}/views/${n}`, type: 'View', actor, object: videoUrl, expires, result: viewer };
      expect((await postSignedActivity(a, b, report)).status).toBe(202);
    }
    await waitForJobs(a, b);
    // Views are buffered; the flush writes them.
    await flushViews(b);
    // One like per actor, however often it is sent; one view.
    expect(await counters()).toEqual({ likes: 1, dislikes: 0, views: 1 });
    // The viewer reports made A's instance one of the video's viewers there.
    expect((await b.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).viewers).toBe(2);

    await postSignedActivity(a, b, { id: `${actor}/dislikes/1`, type: 'Dislike', actor, object: videoUrl });
    await waitForJobs(a, b);
    expect(await counters()).toMatchObject({ likes: 0, dislikes: 1 });

    const dislike = { id: `${actor}/dislikes/1`, type: 'Dislike', actor, object: videoUrl };
    const undo = await postSignedActivity(a, b, { id: `${actor}/undo/1`, type: 'Undo', actor, object: dislike });
    expect(undo.status, await undo.clone().text()).toBe(202);
    await waitForJobs(a, b);
    expect(await counters()).toMatchObject({ likes: 0, dislikes: 0 });
  });

  it('B deletes the video: A drops it', async () => {
    await b.api.call('delete', `/api/v1/videos/${uuid}`, { token: tokenB, status: 204 });
    await waitForJobs(a, b);
    expect((await remoteVideos(a)).total).toBe(0);
    expect((await a.api.raw('get', `/api/v1/videos/${uuid}`)).status).toBe(404);
  });

  it(
    "blocklists: A blocking B hides B's videos; once B blocks A, nothing of B's reaches A",
    { timeout: 90_000 },
    async () => {
      const [adminA, adminB] = await Promise.all([a.adminToken(), b.adminToken()]);
      const publish = async (name: string): Promise<string> => {
        const published = await uploadVideo(b, tokenB, { name, file: path.join(folder, 'clip.mp4') });
        await waitForJobs(a, b);
        return published;
      };
      const known = await publish('Before the blocks');
      expect((await remoteVideos(a)).data.map((video) => video.uuid)).toEqual([known]);

      await a.api.call('post', '/api/v1/server/blocklist/servers', {
        token: adminA,
        json: { host: b.host },
        status: 204,
      });
      expect((await remoteVideos(a)).total).toBe(0);
      await a.api.call('delete', `/api/v1/server/blocklist/servers/${b.host}`, { token: adminA, status: 204 });
      expect((await remoteVideos(a)).total).toBe(1);

      // Blocking removed A's follow of B: follow again, then B blocks A.
      await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [b.host] }, status: 204 });
      await waitForJobs(a, b);
      await b.api.call('post', '/api/v1/server/blocklist/servers', {
        token: adminB,
        json: { host: a.host },
        status: 204,
      });
      await publish('After the blocks');
      expect((await remoteVideos(a)).data.map((video) => video.uuid)).toEqual([known]);
    },
  );

  it("a new follower gets the instance's earlier videos from its outbox", async () => {
    const c = await TestInstance.create();
    try {
      await c.start();
      await c.api.call('post', '/api/v1/server/following', {
        token: await c.adminToken(),
        json: { hosts: [b.host] },
        status: 204,
      });
      await waitForJobs(b, c);
      const onB = await b.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: true } });
      expect(onB.total).toBe(2);
      expect((await remoteVideos(c)).data.map((video) => video.uuid).sort()).toEqual(
        onB.data.map((video) => video.uuid).sort(),
      );
    } finally {
      await c.destroy();
    }
  });

  it(
    'a remote video no one follows any more is read again from its origin at most once per remote_video_refresh',
    { timeout: 90_000 },
    async () => {
      const c = await TestInstance.create();
      try {
        await c.start();
        const adminC = await c.adminToken();
        await c.api.call('post', '/api/v1/server/following', { token: adminC, json: { hosts: [b.host] }, status: 204 });
        await waitForJobs(b, c);
        const [video] = (await remoteVideos(c)).data;
        await c.api.call('delete', `/api/v1/server/following/${b.host}`, { token: adminC, status: 204 });
        // config/test.yaml: remote videos are read again when shown 10 s after their last reading.
        await sleep(11_000);
        const readsBefore = readsOf(b, video.uuid);
        for (let view = 0; view < 4; view++) {
          await c.api.call('get', `/api/v1/videos/${video.uuid}`);
          await waitForJobs(c);
        }
        expect(readsOf(b, video.uuid) - readsBefore).toBe(1);
      } finally {
        await c.destroy();
      }
    },
  );
});

/** How many times `instance` served the ActivityPub document of a video (its request log lines). */
function readsOf(instance: TestInstance, uuid: string): number {
  return instance.output.split('\n').filter((line) => line.includes(`"url":"/videos/watch/${uuid}"`)).length;
}
