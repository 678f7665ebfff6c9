import { expect } from 'vitest';
import type { VideoCreateResult } from '../../shared/models/videos/video.model.js';
import type { TestInstance } from './instance.js';

/** Uploads a file (multipart) to the user's first channel; answers the new video's UUID. */
export async function uploadVideo(
  instance: TestInstance,
  token: string,
  video: { name: string; file: string; privacy?: number },
): Promise<string> {
  const channelId = (await instance.api.me(token)).videoChannels[0].id;
  const response = await instance.api
    .raw('post', '/api/v1/videos/upload', { token })
    .field('channelId', String(channelId))
    .field('name', video.name)
    .field('privacy', String(video.privacy ?? 1))
    .attach('videofile', video.file);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return (response.body as VideoCreateResult).video.uuid;
}
