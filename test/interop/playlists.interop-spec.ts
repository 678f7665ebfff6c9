import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorFollow as Follow } from '../../shared/models/server/follow.model.js';
import type { ResultList } from '../../shared/models/common.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type {
  VideoPlaylist,
  VideoPlaylistCreateResult,
  VideoPlaylistElement,
} from '../../shared/models/videos/video-playlist.model.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { PEER_HOST, waitUntil } from './utils/peertube-peer.js';
import { InteropSession } from './utils/interop-session.js';

/**
 * Playlists between Shoal and an unmodified PeerTube 8, both ways: a public playlist made on one side shows on the
 * other with its videos in order and their timestamps, follows edits, and goes when deleted.
 */

const session = new InteropSession('playlists');
const { peer } = session;
const title = (what: string): string => session.title(what);
let shoal: TestInstance;
let shoalToken: string;
let peerToken: string;
let clip: string;

interface PeerPlaylist {
  uuid: string;
  displayName: string;
  isLocal: boolean;
  videosLength: number;
  privacy: { id: number };
  videoChannel: { name: string; host: string } | null;
}

interface PeerElement {
  position: number;
  startTimestamp: number | null;
  stopTimestamp: number | null;
  video: { uuid: string } | null;
}

async function peerPlaylist(uuid: string): Promise<PeerPlaylist | undefined> {
  const { status, body } = await peer.request('GET', `/api/v1/video-playlists/${uuid}`, {
    token: null,
    expect: [200, 404],
  });
  return status === 200 ? (body as PeerPlaylist) : undefined;
}

async function peerElements(uuid: string): Promise<PeerElement[]> {
  const { body } = await peer.request('GET', `/api/v1/video-playlists/${uuid}/videos?count=50`, { token: null });
  return (body as { data: PeerElement[] }).data;
}

async function shoalPlaylist(uuid: string): Promise<VideoPlaylist | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/video-playlists/${uuid}`);
  return response.status === 200 ? (response.body as VideoPlaylist) : undefined;
}

async function shoalElements(uuid: string): Promise<VideoPlaylistElement[]> {
  return (
    await shoal.api.call<ResultList<VideoPlaylistElement>>('get', `/api/v1/video-playlists/${uuid}/videos`, {
      query: { count: 50 },
    })
  ).data;
}

async function shoalVideo(uuid: string): Promise<VideoDetails | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}`);
  return response.status === 200 ? (response.body as VideoDetails) : undefined;
}

async function uploadOnShoal(name: string): Promise<string> {
  const uuid = await uploadVideo(shoal, shoalToken, { name, file: clip });
  await waitUntil(
    `${name} published on Shoal`,
    async () => (await shoalVideo(uuid))?.state.id === VideoState.Published,
  );
  return uuid;
}

async function shoalFollowing(): Promise<Follow[]> {
  return (await shoal.api.call<ResultList<Follow>>('get', '/api/v1/server/following', { token: shoalToken })).data;
}

beforeAll(async () => {
  ({ shoal, shoalToken, peerToken, clip } = await session.begin());
}, 600_000);

afterAll(() => session.end());

describe('playlists with PeerTube', () => {
  it('Shoal → PeerTube: public playlists made before and after the follow show on PeerTube with their videos in order, follow edits, go when deleted', async () => {
    // Made before PeerTube follows Shoal: PeerTube finds it in the account's `playlists` collection.
    const earlierVideo = await uploadOnShoal(title('Shoal video before the follow'));
    const channelId = (await shoal.api.me(shoalToken)).videoChannels[0].id;
    const earlier = await shoal.api.call<VideoPlaylistCreateResult>('post', '/api/v1/video-playlists', {
      token: shoalToken,
      json: { displayName: title('Shoal playlist before the follow'), privacy: 1, videoChannelId: channelId },
    });
    await shoal.api.call('post', `/api/v1/video-playlists/${earlier.videoPlaylist.id}/videos`, {
      token: shoalToken,
      json: { videoId: earlierVideo, startTimestamp: 2 },
    });
    await peer.follow(shoal.host);
    await waitUntil('PeerTube follows Shoal', async () => (await peer.followingState(shoal.host)) === 'accepted');
    await waitUntil(
      'PeerTube shows the playlist made before the follow',
      async () => (await peerPlaylist(earlier.videoPlaylist.uuid))?.videosLength === 1,
    );
    expect(await peerElements(earlier.videoPlaylist.uuid)).toMatchObject([
      { position: 1, startTimestamp: 2, video: { uuid: earlierVideo } },
    ]);

    const videos = [
      await uploadOnShoal(title('Shoal playlist video')),
      await uploadOnShoal(title('Shoal playlist video')),
    ];
    for (const uuid of videos)
      await waitUntil('PeerTube shows the Shoal video', async () => (await peer.video(uuid, null)) !== undefined);

    const name = title('Shoal playlist');
    const { videoPlaylist } = await shoal.api.call<VideoPlaylistCreateResult>('post', '/api/v1/video-playlists', {
      token: shoalToken,
      json: { displayName: name, description: 'Made on Shoal', privacy: 1, videoChannelId: channelId },
    });
    const add = (json: object) =>
      shoal.api.call('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos`, { token: shoalToken, json });
    await add({ videoId: videos[1], startTimestamp: 1, stopTimestamp: 3 });
    await add({ videoId: videos[0] });
    await add({ videoId: videos[1] });

    await waitUntil(
      'PeerTube shows the Shoal playlist with its three videos',
      async () => (await peerPlaylist(videoPlaylist.uuid))?.videosLength === 3,
    );
    expect(await peerPlaylist(videoPlaylist.uuid)).toMatchObject({
      displayName: name,
      isLocal: false,
      privacy: { id: 1 },
      videoChannel: { name: 'root_channel', host: shoal.host },
    });
    expect(await peerElements(videoPlaylist.uuid)).toMatchObject([
      { position: 1, startTimestamp: 1, stopTimestamp: 3, video: { uuid: videos[1] } },
      { position: 2, startTimestamp: null, video: { uuid: videos[0] } },
      { position: 3, video: { uuid: videos[1] } },
    ]);

    const renamed = title('Shoal playlist renamed');
    await shoal.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
      token: shoalToken,
      json: { displayName: renamed },
      status: 204,
    });
    await shoal.api.call('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos/reorder`, {
      token: shoalToken,
      json: { startPosition: 2, insertAfterPosition: 0 },
      status: 204,
    });
    await waitUntil(
      'PeerTube shows the new name',
      async () => (await peerPlaylist(videoPlaylist.uuid))?.displayName === renamed,
    );
    await waitUntil(
      'PeerTube shows the new order',
      async () => (await peerElements(videoPlaylist.uuid))[0]?.video?.uuid === videos[0],
    );

    await shoal.api.call('delete', `/api/v1/video-playlists/${videoPlaylist.id}`, { token: shoalToken, status: 204 });
    await waitUntil(
      'PeerTube drops the deleted playlist',
      async () => (await peerPlaylist(videoPlaylist.uuid)) === undefined,
    );
  });

  it('PeerTube → Shoal: public playlists made before and after the follow show on Shoal with their videos in order, on their channel, go when deleted', async () => {
    // Made before Shoal follows PeerTube: Shoal reads it from the channel's playlists collection after the outbox.
    const earlierVideo = await peer.upload(peerToken, clip, { name: title('PeerTube video before the follow') });
    const earlierForm = new FormData();
    earlierForm.set('displayName', title('PeerTube playlist before the follow'));
    earlierForm.set('privacy', '1');
    earlierForm.set('videoChannelId', String(await peer.channelIdOf(peerToken)));
    const earlier = (
      (await peer.request('POST', '/api/v1/video-playlists', { token: peerToken, body: earlierForm })).body as {
        videoPlaylist: { id: number; uuid: string };
      }
    ).videoPlaylist;
    await peer.request('POST', `/api/v1/video-playlists/${earlier.id}/videos`, {
      token: peerToken,
      body: { videoId: earlierVideo, stopTimestamp: 2 },
    });
    await shoal.api.call('post', '/api/v1/server/following', {
      token: shoalToken,
      json: { hosts: [PEER_HOST] },
      status: 204,
    });
    await waitUntil(
      'Shoal shows the playlist made before the follow',
      async () => (await shoalPlaylist(earlier.uuid))?.videosLength === 1,
    );
    expect(await shoalElements(earlier.uuid)).toMatchObject([
      { position: 1, stopTimestamp: 2, video: { uuid: earlierVideo } },
    ]);
    await waitUntil('Shoal follows PeerTube', async () =>
      (await shoalFollowing()).some((f) => f.following.host === PEER_HOST && f.state === 'accepted'),
    );
    const videos = [
      await peer.upload(peerToken, clip, { name: title('PeerTube playlist video') }),
      await peer.upload(peerToken, clip, { name: title('PeerTube playlist video') }),
      await peer.upload(peerToken, clip, { name: title('PeerTube playlist video') }),
    ];
    for (const uuid of videos)
      await waitUntil('Shoal lists the PeerTube video', async () => (await shoalVideo(uuid)) !== undefined);

    const name = title('PeerTube playlist');
    const form = new FormData();
    form.set('displayName', name);
    form.set('privacy', '1');
    form.set('videoChannelId', String(await peer.channelIdOf(peerToken)));
    const created = await peer.request('POST', '/api/v1/video-playlists', { token: peerToken, body: form });
    const { id, uuid } = (created.body as { videoPlaylist: { id: number; uuid: string } }).videoPlaylist;
    const add = (body: Record<string, string | number>) =>
      peer.request('POST', `/api/v1/video-playlists/${id}/videos`, { token: peerToken, body });
    // Three elements: PeerTube's test mode pages collections by two, so Shoal crawls two pages.
    await add({ videoId: videos[2], startTimestamp: 2 });
    await add({ videoId: videos[0] });
    await add({ videoId: videos[1], stopTimestamp: 3 });

    await waitUntil(
      'Shoal shows the PeerTube playlist with its three videos',
      async () => (await shoalPlaylist(uuid))?.videosLength === 3,
    );
    expect(await shoalPlaylist(uuid)).toMatchObject({
      displayName: name,
      isLocal: false,
      privacy: { id: 1 },
      url: `http://${PEER_HOST}/video-playlists/${uuid}`,
      ownerAccount: { name: 'root', host: PEER_HOST },
      videoChannel: { name: 'root_channel', host: PEER_HOST },
    });
    expect(await shoalElements(uuid)).toMatchObject([
      { position: 1, startTimestamp: 2, stopTimestamp: null, type: 0, video: { uuid: videos[2], isLocal: false } },
      { position: 2, video: { uuid: videos[0] } },
      { position: 3, stopTimestamp: 3, video: { uuid: videos[1] } },
    ]);
    const onChannel = await shoal.api.call<ResultList<VideoPlaylist>>(
      'get',
      `/api/v1/video-channels/root_channel@${PEER_HOST}/video-playlists`,
      { query: { count: 100 } },
    );
    expect(onChannel.data.map((playlist) => playlist.uuid)).toContain(uuid);

    await peer.request('DELETE', `/api/v1/video-playlists/${id}`, { token: peerToken });
    await peer.request('DELETE', `/api/v1/video-playlists/${earlier.id}`, { token: peerToken });
    await waitUntil('Shoal drops the deleted PeerTube playlist', async () => (await shoalPlaylist(uuid)) === undefined);
    await waitUntil(
      'Shoal drops the earlier PeerTube playlist',
      async () => (await shoalPlaylist(earlier.uuid)) === undefined,
    );
  });
});
