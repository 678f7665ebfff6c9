import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/core/paths.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { Viewer } from '../utils/browser.js';
import { TestInstance } from '../utils/instance.js';
import { NetworkNamespace } from '../utils/netns.js';
import { PacedProxy } from '../utils/paced-proxy.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');
/** The server's media bandwidth while the second viewer watches: a little more than the video's bit rate. */
const PACED_BYTES_PER_SECOND = 120 * 1024;

// Two Debian Chromium viewers in a network namespace (test/utils/netns.ts) watch the same video through a proxy that
// can starve the server's media responses (test/utils/paced-proxy.ts), like a server short of bandwidth.
describe('watch page: viewers seed each other', () => {
  let namespace: NetworkNamespace;
  let proxy: PacedProxy;
  let instance: TestInstance;
  let folder: string;
  let video: VideoDetails;
  const viewers: Viewer[] = [];

  const openViewer = async (query = ''): Promise<Viewer> => {
    const viewer = await Viewer.launch(namespace, proxy.url);
    viewers.push(viewer);
    await viewer.open(`${proxy.url}/w/${video.shortUUID}${query}`);
    return viewer;
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-watch-'));
    namespace = await NetworkNamespace.create();
    proxy = await PacedProxy.start({ host: namespace.hostAddress, mediaPath: /^\/(static|lazy-static)\// });
    const configFile = path.join(folder, 'shoal.yaml');
    await writeFile(
      configFile,
      [
        'transcoding: { resolutions: [360] }',
        // Every browser reaches the tracker through the proxy, from one address.
        'tracker: { rate_limit: { per_ip: { window: 1 minute, max: 10000 }, per_ip_infohash: { window: 1 minute, max: 10000 } } }',
      ].join('\n'),
    );
    instance = await TestInstance.create({
      env: {
        SHOAL_CONFIG: configFile,
        SHOAL_HOSTNAME: namespace.hostAddress,
        SHOAL_PUBLIC_PORT: String(proxy.port),
      },
    });
    proxy.targetPort = instance.port;
    await Promise.all([
      // Shorter than the player's buffer (client/src/player/hls-player.ts): the first viewer gets every segment.
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 36, width: 640, height: 360 }),
      instance.start(),
    ]);
    const { token } = await instance.api.registerAndLogin('uploader');
    const response = await instance.api
      .raw('post', '/api/v1/videos/upload', { token })
      .field('channelId', String((await instance.api.me(token)).videoChannels[0].id))
      .field('name', 'Shared by viewers')
      .field('privacy', '1')
      .attach('videofile', path.join(folder, 'clip.mp4'));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    await waitForJobs(instance);
    video = await instance.api.call<VideoDetails>(
      'get',
      `/api/v1/videos/${(response.body as VideoCreateResult).video.uuid}`,
    );
  }, 240_000);

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      for (const [index, viewer] of viewers.entries())
        console.log(`viewer ${index + 1} console:\n${viewer.console.join('\n')}`);
    }
    await Promise.all(viewers.splice(0).map((viewer) => viewer.close()));
    proxy.rate = undefined;
    proxy.passWebSockets = true;
  });

  afterAll(async () => {
    await instance?.destroy();
    await proxy?.stop();
    await namespace?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  for (const { mode, query, fileSize } of [
    { mode: 'hls-p2p', query: '', fileSize: () => video.streamingPlaylists[0].files[0].size },
    { mode: 'webtorrent', query: '?mode=webtorrent', fileSize: () => video.files[0].size },
  ]) {
    it(
      `${mode}: one viewer plays from the server alone; a second one gets most bytes from the first`,
      { timeout: 180_000 },
      async () => {
        const first = await openViewer(query);
        await first.waitForPlaying(2);
        // The first viewer has the video (buffered ahead, or the whole torrent) before the second one arrives.
        const alone = await first.waitForFigures((figures) => figures.httpBytes >= 0.95 * fileSize(), 60_000);
        expect(alone.mode).toBe(mode);
        expect(alone.peerBytes).toBe(0);
        expect(alone.peers).toBe(0);

        proxy.rate = PACED_BYTES_PER_SECOND;
        const second = await openViewer(query);
        await second.waitForPlaying(6, 120_000);
        // The share is measured over the whole video: wait until the second viewer has (nearly) all of it.
        const received = await second.waitForFigures(
          (figures) => figures.peerBytes + figures.httpBytes >= 0.95 * fileSize(),
          90_000,
        );
        const served = await first.figures();
        await mkdir(ARTIFACTS, { recursive: true });
        await second.page.screenshot({ path: path.join(ARTIFACTS, `watch-page-${mode}.png`) });

        console.log(
          `${mode}: second viewer ${JSON.stringify(received)}; proxy served ${proxy.mediaBytesServed} media bytes`,
        );
        expect(received.mode).toBe(mode);
        expect(received.httpFallback).toBe(false);
        expect(received.rejectedSegments).toBe(0);
        expect(received.peers).toBeGreaterThanOrEqual(1);
        expect(received.peerBytes / (received.peerBytes + received.httpBytes)).toBeGreaterThanOrEqual(0.5);
        expect(served.uploadedBytes).toBeGreaterThan(0);
      },
    );
  }

  it('home page links to the watch page; the embed plays; an unknown video is reported as such', async () => {
    const viewer = await Viewer.launch(namespace, proxy.url);
    viewers.push(viewer);
    await viewer.open(`${proxy.url}/`);
    const card = viewer.page.locator('.video-card a.title', { hasText: 'Shared by viewers' });
    expect(await card.getAttribute('href')).toBe(`/w/${video.shortUUID}`);
    await card.click();
    await viewer.page.waitForURL(`${proxy.url}/w/${video.shortUUID}`);
    expect(await viewer.page.locator('h1').textContent()).toBe('Shared by viewers');

    await viewer.open(`${proxy.url}/videos/embed/${video.uuid}`);
    await viewer.waitForPlaying(1);
    expect(await viewer.page.locator('main.embed .p2p-stats').getAttribute('data-mode')).toBe('hls-p2p');

    await viewer.open(`${proxy.url}/videos/watch/0b7a2a4e-8c3b-4d1f-9a55-3e1f2f6a9d10`);
    await expect.poll(() => viewer.page.locator('h1').textContent()).toBe('Not found');
  });

  it('behind a proxy that drops WebSockets, plays from the server and says why peers are out of reach', async () => {
    proxy.passWebSockets = false;
    const viewer = await openViewer();
    await viewer.waitForPlaying(1);
    const problem = viewer.page.locator('.p2p-stats');
    await expect
      .poll(() => problem.getAttribute('data-p2p-problem'), { timeout: 20_000 })
      .toMatch(/cannot reach the tracker/);
    expect(await problem.textContent()).toContain('a reverse proxy must pass WebSocket upgrades of /tracker/socket');
    expect((await viewer.figures()).httpBytes).toBeGreaterThan(0);
  });
});
