import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

// Deliveries survive a follower that is down (retries) and an origin killed during its fan-out (jobs in Redis,
// fan-out resumed at boot, delivery ids derived from activity and inbox).
describe('federation: reliable delivery', () => {
  let a: TestInstance;
  let b: TestInstance;
  let c: TestInstance;
  let folder: string;
  let tokenB: string;

  const remoteUuids = async (instance: TestInstance): Promise<string[]> => {
    const list = await instance.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: false } });
    return list.data.map((video) => video.uuid).sort();
  };

  const upload = (name: string) => uploadVideo(b, tokenB, { name, file: path.join(folder, 'clip.mp4') });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-federation-delivery-'));
    [[a, b, c]] = await Promise.all([
      startInstances(3),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    ({ token: tokenB } = await b.api.registerAndLogin('bob'));
    for (const follower of [a, c]) {
      await follower.api.call('post', '/api/v1/server/following', {
        token: await follower.adminToken(),
        json: { hosts: [b.host] },
        status: 204,
      });
    }
    await waitForJobs(a, b, c);
  });

  afterAll(async () => {
    await destroyInstances(a, b, c);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('C is down while B publishes: B retries, and C has the video once it is back', { timeout: 120_000 }, async () => {
    await c.stop();
    const uuid = await upload('While C sleeps');
    await expect.poll(() => remoteUuids(a), { timeout: 60_000, interval: 500 }).toEqual([uuid]);

    await c.start();
    await waitForJobs(a, b, c);
    expect(await remoteUuids(c)).toEqual([uuid]);
  });

  it(
    'B is killed right after publishing: after its restart every follower has the video exactly once',
    { timeout: 180_000 },
    async () => {
      const before = await remoteUuids(a);
      const uuid = await upload('Killed mid fan-out');
      await expect
        .poll(async () => (await b.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).state.id, {
          timeout: 60_000,
          interval: 50,
        })
        .toBe(1);
      await b.kill();
      await b.start();
      await waitForJobs(a, b, c);

      for (const follower of [a, c]) {
        const uuids = await remoteUuids(follower);
        expect(uuids).toEqual([...before, uuid].sort());
        expect(new Set(uuids).size).toBe(uuids.length);
      }
    },
  );
});
