import type { Account, VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { ServerConfig } from '../../shared/models/server/server-config.model.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';

/** A problem+json answer of the API, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    const problem = (await response.json().catch(() => undefined)) as { detail?: string; title?: string } | undefined;
    throw new ApiError(response.status, problem?.detail ?? problem?.title ?? `${path} answered ${response.status}`);
  }
  return (await response.json()) as T;
}

export const api = {
  account: (name: string) => getJson<Account>(`/api/v1/accounts/${encodeURIComponent(name)}`),
  channel: (name: string) => getJson<VideoChannel>(`/api/v1/video-channels/${encodeURIComponent(name)}`),
  /** Latest videos of an account (`accounts`) or a channel (`video-channels`). */
  videosOf: (collection: 'accounts' | 'video-channels', name: string) =>
    getJson<ResultList<Video>>(`/api/v1/${collection}/${encodeURIComponent(name)}/videos?count=48&sort=-publishedAt`),
  config: () => getJson<ServerConfig>('/api/v1/config'),
  video: (id: string) => getJson<VideoDetails>(`/api/v1/videos/${encodeURIComponent(id)}`),
  videos: (start: number, count: number) =>
    getJson<ResultList<Video>>(`/api/v1/videos?start=${start}&count=${count}&sort=-publishedAt`),
};
