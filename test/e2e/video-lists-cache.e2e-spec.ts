import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { Video } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/**
 * Anonymous video lists are shared (AnonymousVideoLists). The instance keeps them for an hour, so that what the test
 * sees depends on events and tokens only, never on time: a change made in SQL (no event) stays unseen by anonymous
 * callers, a change made through the API (an event) is seen at once, and callers with a token always read afresh.
 */
describe('anonymous video lists', () => {
  let instance: TestInstance;
  let folder: string;
  let alice: string;
  let uuid: string;

  const names = async (pathname: string, token?: string) =>
    (await instance.api.call<ResultList<Video>>('get', pathname, { token })).data.map((video) => video.name);
  const rename = (name: string) =>
    queryDatabase(instance.databaseName, 'UPDATE videos SET name = $1 WHERE uuid = $2', [name, uuid]);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-list-cache-'));
    const config = path.join(folder, 'config.yaml');
    await writeFile(config, 'videos:\n  anonymous_list_cache: 1 hour\n');
    const [instances, clip] = await Promise.all([
      startInstances(1, { env: { SHOAL_CONFIG: config } }),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    [instance] = instances;
    ({ token: alice } = await instance.api.registerAndLogin('alice'));
    uuid = await uploadVideo(instance, alice, { name: 'First name', file: clip });
    await waitForJobs(instance);
  });

  afterAll(async () => {
    await destroyInstances(instance);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('shares answers between anonymous callers, whatever the spelling of the query, never with token holders', async () => {
    expect(await names('/api/v1/videos')).toEqual(['First name']);
    expect(await names('/api/v1/accounts/alice/videos')).toEqual(['First name']);
    await rename('Renamed in SQL');
    expect(await names('/api/v1/videos')).toEqual(['First name']);
    expect(await names('/api/v1/videos?count=15&start=0&sort=-publishedAt')).toEqual(['First name']);
    expect(await names('/api/v1/accounts/alice/videos')).toEqual(['First name']);
    expect(await names('/api/v1/videos', alice)).toEqual(['Renamed in SQL']);
    // Another query is another answer.
    expect(await names('/api/v1/videos?sort=name')).toEqual(['Renamed in SQL']);
    const response = await instance.api.raw('get', '/api/v1/videos');
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('drops every shared answer when a video changes through this process', async () => {
    await instance.api.call('put', `/api/v1/videos/${uuid}`, {
      token: alice,
      json: { name: 'Renamed through the API' },
      status: 204,
    });
    expect(await names('/api/v1/videos')).toEqual(['Renamed through the API']);
    expect(await names('/api/v1/accounts/alice/videos')).toEqual(['Renamed through the API']);
  });
});
