import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoPrivacy } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/** Two processes of one instance (shared database, Redis and storage), as behind a load balancer. */
describe('one instance, two processes: changes made through one are seen by the other', () => {
  let first: TestInstance;
  let second: TestInstance;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-multi-process-'));
    first = await TestInstance.create();
    await first.start();
    second = await TestInstance.create({ processOf: first });
    await second.start();
  });

  afterAll(async () => {
    await second?.destroy();
    await first?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("a video made private through one process: the other's file gate refuses its files at once", async () => {
    const token = await first.adminToken();
    const clip = await generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 1, width: 160, height: 120 });
    const uuid = await uploadVideo(first, token, { name: 'Seen twice', file: clip });
    await waitForJobs(first);
    const video = await first.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`);
    const fileUrl = new URL(video.files[0].fileUrl);
    const fromSecond = () => fetch(`${second.url}${fileUrl.pathname}`).then((response) => response.status);
    // The second process now holds the video's privacy in its cache (a minute, unless told of a change).
    expect(await fromSecond()).toBe(200);

    await first.api.call('put', `/api/v1/videos/${uuid}`, {
      token,
      json: { privacy: VideoPrivacy.Private },
      status: 204,
    });
    await expect.poll(fromSecond, { timeout: 5_000, interval: 100 }).toBe(401);
  });
});
