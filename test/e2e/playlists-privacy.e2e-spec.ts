import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoPlaylistCreateResult } from '../../shared/models/videos/video-playlist.model.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';

/** Playlists' privacy where the REST API is not in the way: their ActivityPub routes. */
describe('playlist privacy on the ActivityPub routes', () => {
  let a: TestInstance;
  let alice: string;
  let channelId: number;

  const asActivityPub = (path: string) =>
    fetch(`${a.url}${path}`, { headers: { accept: 'application/activity+json' } });

  beforeAll(async () => {
    [a] = await startInstances(1);
    ({ token: alice } = await a.api.registerAndLogin('alice'));
    channelId = (await a.api.me(alice)).videoChannels[0].id;
  });

  afterAll(async () => {
    await destroyInstances(a);
  });

  it('an unlisted playlist is not found by its numeric id on its ActivityPub route either (only by its link)', async () => {
    const { videoPlaylist } = await a.api.call<VideoPlaylistCreateResult>('post', '/api/v1/video-playlists', {
      token: alice,
      json: { displayName: 'Unlisted one', privacy: 2, videoChannelId: channelId },
    });
    // The REST API already hides it by numeric id, as PeerTube does.
    await a.api.call('get', `/api/v1/video-playlists/${videoPlaylist.id}`, { status: 404 });
    // Enumerating numeric ids on the ActivityPub route must not give its UUID away.
    const byId = await asActivityPub(`/video-playlists/${videoPlaylist.id}`);
    expect(byId.status).toBe(404);
    expect(await byId.text()).not.toContain(videoPlaylist.uuid);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.id}?page=1`)).status).toBe(404);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.id}/videos/1`)).status).toBe(404);
    // By its link, other servers read it.
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.uuid}`)).status).toBe(200);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.shortUUID}`)).status).toBe(200);
  });
});
