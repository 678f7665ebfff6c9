import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type {
  VideoExistInPlaylist,
  VideoPlaylist,
  VideoPlaylistCreateResult,
  VideoPlaylistElement,
  VideoPlaylistElementCreateResult,
} from '../../shared/models/videos/video-playlist.model.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { postSignedActivity } from '../utils/signed-activity.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

describe('video playlists', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let clip: string;
  let alice: string;
  let bob: string;
  let aliceChannelId: number;
  /** Alice's videos on A: public ones, and a private one. */
  const videos: { id: number; uuid: string }[] = [];
  let privateVideo: { id: number; uuid: string };
  /** Alice's public playlist of the reorder test, made before B follows A. */
  let orderedUuid: string;

  const createPlaylist = (instance: TestInstance, token: string, json: object) =>
    instance.api.call<VideoPlaylistCreateResult>('post', '/api/v1/video-playlists', { token, json });
  const addVideo = (instance: TestInstance, token: string, playlist: string | number, json: object) =>
    instance.api.call<VideoPlaylistElementCreateResult>('post', `/api/v1/video-playlists/${playlist}/videos`, {
      token,
      json,
    });
  const elements = (instance: TestInstance, playlist: string | number, token?: string) =>
    instance.api.call<ResultList<VideoPlaylistElement>>('get', `/api/v1/video-playlists/${playlist}/videos`, {
      token,
    });
  const positionsOf = async (playlist: string, token?: string) =>
    (await elements(a, playlist, token)).data.map((element) => [element.position, element.video?.id ?? null]);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-playlists-'));
    [[a, b], clip] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    [{ token: alice }, { token: bob }] = await Promise.all([
      a.api.registerAndLogin('alice'),
      a.api.registerAndLogin('bob'),
    ]);
    aliceChannelId = (await a.api.me(alice)).videoChannels[0].id;
    for (const name of ['First', 'Second', 'Third', 'Fourth']) {
      const uuid = await uploadVideo(a, alice, { name, file: clip });
      videos.push({ uuid, id: 0 });
    }
    const privateUuid = await uploadVideo(a, alice, { name: 'Secret', file: clip, privacy: 3 });
    await waitForJobs(a);
    for (const video of videos) video.id = (await a.api.call<VideoDetails>('get', `/api/v1/videos/${video.uuid}`)).id;
    privateVideo = {
      uuid: privateUuid,
      id: (await a.api.call<VideoDetails>('get', `/api/v1/videos/${privateUuid}`, { token: alice })).id,
    };
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('every user gets a private Watch later playlist that only they see, and cannot delete', async () => {
    const own = await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/accounts/alice/video-playlists', {
      token: alice,
    });
    expect(own).toMatchObject({
      total: 1,
      data: [
        {
          displayName: 'Watch later',
          type: { id: 2, label: 'Watch later' },
          privacy: { id: 3, label: 'Private' },
          isLocal: true,
          videosLength: 0,
          videoChannel: null,
          ownerAccount: { name: 'alice', host: a.host },
        },
      ],
    });
    const watchLater = own.data[0];
    expect(watchLater.url).toBe(`${a.url}/video-playlists/${watchLater.uuid}`);
    const filtered = await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/accounts/alice/video-playlists', {
      token: alice,
      query: { playlistType: 1 },
    });
    expect(filtered.total).toBe(0);
    expect((await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/accounts/alice/video-playlists')).total).toBe(
      0,
    );
    expect(
      (await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/accounts/alice/video-playlists', { token: bob }))
        .total,
    ).toBe(0);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${watchLater.uuid}`)).status).toBe(401);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${watchLater.uuid}`, { token: bob })).status).toBe(403);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${watchLater.id}/videos`)).status).toBe(401);

    await addVideo(a, alice, watchLater.id, { videoId: videos[0].uuid });
    expect((await elements(a, watchLater.uuid, alice)).data).toMatchObject([
      { position: 1, type: 0, video: { uuid: videos[0].uuid } },
    ]);
    const remove = await a.api.raw('delete', `/api/v1/video-playlists/${watchLater.id}`, { token: alice });
    expect(remove.status).toBe(400);
    expect(remove.body).toMatchObject({ code: 'watch_later_read_only' });
    const rename = await a.api.raw('put', `/api/v1/video-playlists/${watchLater.id}`, {
      token: alice,
      json: { displayName: 'Later' },
    });
    expect(rename.status).toBe(400);
  });

  it('creates, reads (by id, UUID and shortUUID), updates and deletes a playlist in PeerTube shapes', async () => {
    expect(await a.api.call('get', '/api/v1/video-playlists/privacies')).toEqual({
      1: 'Public',
      2: 'Unlisted',
      3: 'Private',
    });
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'Road trip',
      description: 'Songs for the road',
      privacy: 1,
      videoChannelId: aliceChannelId,
    });
    expect(videoPlaylist).toEqual({ id: expect.any(Number), uuid: expect.any(String), shortUUID: expect.any(String) });
    for (const id of [videoPlaylist.id, videoPlaylist.uuid, videoPlaylist.shortUUID]) {
      expect(await a.api.call<VideoPlaylist>('get', `/api/v1/video-playlists/${id}`)).toMatchObject({
        id: videoPlaylist.id,
        uuid: videoPlaylist.uuid,
        shortUUID: videoPlaylist.shortUUID,
        isLocal: true,
        url: `${a.url}/video-playlists/${videoPlaylist.uuid}`,
        displayName: 'Road trip',
        description: 'Songs for the road',
        privacy: { id: 1, label: 'Public' },
        type: { id: 1, label: 'Regular' },
        videosLength: 0,
        thumbnailPath: null,
        embedPath: `/video-playlists/embed/${videoPlaylist.uuid}`,
        ownerAccount: { name: 'alice', host: a.host, displayName: 'alice' },
        videoChannel: { id: aliceChannelId, name: 'alice_channel', host: a.host },
      });
    }

    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.uuid}`, {
      token: alice,
      json: { displayName: 'Long road trip', description: 'More songs' },
      status: 204,
    });
    expect(await a.api.call('get', `/api/v1/video-playlists/${videoPlaylist.id}`)).toMatchObject({
      displayName: 'Long road trip',
      description: 'More songs',
      privacy: { id: 1 },
    });

    // Bob may neither edit nor delete it.
    expect(
      (
        await a.api.raw('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
          token: bob,
          json: { displayName: 'Mine' },
        })
      ).status,
    ).toBe(403);
    expect((await a.api.raw('delete', `/api/v1/video-playlists/${videoPlaylist.id}`, { token: bob })).status).toBe(403);

    // The multipart form PeerTube's web client sends.
    const multipart = await a.api
      .raw('post', '/api/v1/video-playlists', { token: alice })
      .field('displayName', 'From a form')
      .field('privacy', '3')
      .field('videoChannelId', '');
    expect(multipart.status, JSON.stringify(multipart.body)).toBe(200);
    const fromForm = (multipart.body as VideoPlaylistCreateResult).videoPlaylist;
    expect(await a.api.call('get', `/api/v1/video-playlists/${fromForm.id}`, { token: alice })).toMatchObject({
      displayName: 'From a form',
      privacy: { id: 3 },
      videoChannel: null,
    });

    await a.api.call('delete', `/api/v1/video-playlists/${fromForm.uuid}`, { token: alice, status: 204 });
    expect((await a.api.raw('get', `/api/v1/video-playlists/${fromForm.uuid}`, { token: alice })).status).toBe(404);
  });

  it('adds videos with timestamps, edits, removes and reorders them, positions staying 1..n', async () => {
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'Ordered',
      privacy: 1,
      videoChannelId: aliceChannelId,
    });
    orderedUuid = videoPlaylist.uuid;
    const ids: number[] = [];
    for (const [index, video] of videos.entries()) {
      const { videoPlaylistElement } = await addVideo(a, alice, videoPlaylist.uuid, {
        videoId: index === 0 ? video.id : video.uuid,
        ...(index === 0 && { startTimestamp: 1, stopTimestamp: 2 }),
      });
      ids.push(videoPlaylistElement.id);
    }
    const list = await elements(a, videoPlaylist.uuid);
    expect(list.total).toBe(4);
    expect(list.data[0]).toMatchObject({
      id: ids[0],
      position: 1,
      startTimestamp: 1,
      stopTimestamp: 2,
      type: 0,
      video: { id: videos[0].id, uuid: videos[0].uuid, name: 'First', channel: { name: 'alice_channel' } },
    });
    expect(list.data[1]).toMatchObject({ position: 2, startTimestamp: null, stopTimestamp: null });
    const thumbnailOf = async (uuid: string) =>
      (await a.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).thumbnailPath;
    const ordered = await a.api.call<VideoPlaylist>('get', `/api/v1/video-playlists/${videoPlaylist.id}`);
    expect(ordered).toMatchObject({ videosLength: 4, thumbnailPath: await thumbnailOf(videos[0].uuid) });
    expect(ordered.thumbnailPath).toMatch(/^\/lazy-static\/thumbnails\//);
    // Pages.
    const page = await a.api.call<ResultList<VideoPlaylistElement>>(
      'get',
      `/api/v1/video-playlists/${videoPlaylist.id}/videos`,
      { query: { start: 1, count: 2 } },
    );
    expect(page).toMatchObject({ total: 4, data: [{ position: 2 }, { position: 3 }] });

    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}/videos/${ids[1]}`, {
      token: alice,
      json: { startTimestamp: 0, stopTimestamp: 1 },
      status: 204,
    });
    expect((await elements(a, videoPlaylist.uuid)).data[1]).toMatchObject({ startTimestamp: 0, stopTimestamp: 1 });

    const v = videos.map((video) => video.id);
    // The last one to the top.
    await a.api.call('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos/reorder`, {
      token: alice,
      json: { startPosition: 4, insertAfterPosition: 0 },
      status: 204,
    });
    expect(await positionsOf(videoPlaylist.uuid)).toEqual([
      [1, v[3]],
      [2, v[0]],
      [3, v[1]],
      [4, v[2]],
    ]);
    // The playlist's picture is its first video's.
    expect((await a.api.call<VideoPlaylist>('get', `/api/v1/video-playlists/${videoPlaylist.id}`)).thumbnailPath).toBe(
      await thumbnailOf(videos[3].uuid),
    );
    // The first two after the last.
    await a.api.call('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos/reorder`, {
      token: alice,
      json: { startPosition: 1, insertAfterPosition: 4, reorderLength: 2 },
      status: 204,
    });
    expect(await positionsOf(videoPlaylist.uuid)).toEqual([
      [1, v[1]],
      [2, v[2]],
      [3, v[3]],
      [4, v[0]],
    ]);

    // Removing one closes the gap.
    await a.api.call('delete', `/api/v1/video-playlists/${videoPlaylist.id}/videos/${ids[2]}`, {
      token: alice,
      status: 204,
    });
    expect(await positionsOf(videoPlaylist.uuid)).toEqual([
      [1, v[1]],
      [2, v[3]],
      [3, v[0]],
    ]);
    expect(
      (await a.api.raw('delete', `/api/v1/video-playlists/${videoPlaylist.id}/videos/${ids[2]}`, { token: alice }))
        .status,
    ).toBe(404);

    // Which of my playlists hold these videos.
    const exist = await a.api.call<Record<number, VideoExistInPlaylist[]>>(
      'get',
      `/api/v1/users/me/video-playlists/videos-exist?videoIds=${v[0]}&videoIds=${v[2]}`,
      { token: alice },
    );
    expect(exist[v[2]]).toEqual([]);
    expect(exist[v[0]]).toEqual(
      expect.arrayContaining([
        {
          playlistElementId: ids[0],
          playlistId: videoPlaylist.id,
          playlistDisplayName: 'Ordered',
          playlistShortUUID: videoPlaylist.shortUUID,
          startTimestamp: 1,
          stopTimestamp: 2,
        },
      ]),
    );
    expect((await a.api.raw('get', `/api/v1/users/me/video-playlists/videos-exist?videoIds=${v[0]}`)).status).toBe(401);
  });

  it('a deleted video leaves the playlist and the next ones move up; a private one shows as private to others', async () => {
    const extra = await uploadVideo(a, alice, { name: 'Short lived', file: clip });
    await waitForJobs(a);
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'Mixed',
      privacy: 1,
      videoChannelId: aliceChannelId,
    });
    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[0].uuid });
    await addVideo(a, alice, videoPlaylist.id, { videoId: extra });
    await addVideo(a, alice, videoPlaylist.id, { videoId: privateVideo.uuid });
    await a.api.call('delete', `/api/v1/videos/${extra}`, { token: alice, status: 204 });

    const seenByOthers = await elements(a, videoPlaylist.uuid);
    expect(seenByOthers.data).toMatchObject([
      { position: 1, type: 0, video: { uuid: videos[0].uuid } },
      { position: 2, type: 2, video: null },
    ]);
    const seenByOwner = await elements(a, videoPlaylist.uuid, alice);
    expect(seenByOwner.data[1]).toMatchObject({ type: 0, video: { uuid: privateVideo.uuid } });
    expect((await a.api.call<VideoPlaylist>('get', `/api/v1/video-playlists/${videoPlaylist.id}`)).videosLength).toBe(
      2,
    );
    // Bob cannot add Alice's private video to his playlists.
    const { videoPlaylist: bobs } = await createPlaylist(a, bob, { displayName: 'Bob', privacy: 3 });
    expect(
      (
        await a.api.raw('post', `/api/v1/video-playlists/${bobs.id}/videos`, {
          token: bob,
          json: { videoId: privateVideo.uuid },
        })
      ).status,
    ).toBe(403);
  });

  it('privacy: unlisted by link only, private to the owner, neither listed nor found by search', async () => {
    const make = (displayName: string, privacy: number) =>
      createPlaylist(a, alice, { displayName, privacy, videoChannelId: aliceChannelId }).then((r) => r.videoPlaylist);
    const unlisted = await make('Hidden gems unlisted', 2);
    const secret = await make('Hidden gems private', 3);
    const open = await make('Hidden gems public', 1);

    expect((await a.api.raw('get', `/api/v1/video-playlists/${unlisted.uuid}`)).status).toBe(200);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${unlisted.shortUUID}`)).status).toBe(200);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${unlisted.id}`)).status).toBe(404);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${unlisted.id}`, { token: alice })).status).toBe(200);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${secret.uuid}`)).status).toBe(401);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${secret.uuid}`, { token: bob })).status).toBe(403);
    expect((await a.api.raw('get', `/api/v1/video-playlists/${secret.uuid}`, { token: alice })).status).toBe(200);

    const uuidsOf = (list: ResultList<VideoPlaylist>) => list.data.map((playlist) => playlist.uuid);
    const listed = uuidsOf(await a.api.call('get', '/api/v1/video-playlists', { query: { count: 100 } }));
    expect(listed).toContain(open.uuid);
    expect(listed).not.toContain(unlisted.uuid);
    expect(listed).not.toContain(secret.uuid);
    const found = await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/search/video-playlists', {
      query: { search: 'hidden gems' },
    });
    expect(uuidsOf(found)).toEqual([open.uuid]);
    const channel = uuidsOf(
      await a.api.call('get', '/api/v1/video-channels/alice_channel/video-playlists', { query: { count: 100 } }),
    );
    expect(channel).toContain(open.uuid);
    expect(channel).not.toContain(secret.uuid);
    const ownChannel = uuidsOf(
      await a.api.call('get', '/api/v1/video-channels/alice_channel/video-playlists', {
        token: alice,
        query: { count: 100 },
      }),
    );
    expect(ownChannel).toEqual(expect.arrayContaining([open.uuid, unlisted.uuid, secret.uuid]));
    const account = uuidsOf(
      await a.api.call('get', '/api/v1/accounts/alice/video-playlists', { query: { count: 100 } }),
    );
    expect(account).toContain(open.uuid);
    expect(account).not.toContain(unlisted.uuid);

    // Made public, a playlist appears in lists; it needs a channel for that.
    const noChannel = (await createPlaylist(a, alice, { displayName: 'Loose', privacy: 3 })).videoPlaylist;
    const refused = await a.api.raw('put', `/api/v1/video-playlists/${noChannel.id}`, {
      token: alice,
      json: { privacy: 1 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ 'invalid-params': { videoChannelId: { path: 'videoChannelId' } } });
    await a.api.call('put', `/api/v1/video-playlists/${secret.id}`, {
      token: alice,
      json: { privacy: 1 },
      status: 204,
    });
    expect(uuidsOf(await a.api.call('get', '/api/v1/video-playlists', { query: { count: 100 } }))).toContain(
      secret.uuid,
    );

    // Sorted by name.
    const sorted = await a.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/video-playlists', {
      query: { sort: 'displayName', count: 100 },
    });
    const names = sorted.data.map((playlist) => playlist.displayName);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  });

  it('refuses bad input with 4xx problems naming the field', async () => {
    const post = (json: object, token: string | undefined = alice) =>
      a.api.raw('post', '/api/v1/video-playlists', { token, json });
    const field = async (response: Promise<{ status: number; body: unknown }>, status: number, name: string) => {
      const { status: actual, body } = await response;
      expect(actual, JSON.stringify(body)).toBe(status);
      expect(body).toMatchObject({ 'invalid-params': { [name]: { path: name } } });
    };
    await field(post({ privacy: 3 }), 400, 'displayName');
    await field(post({ displayName: 'x'.repeat(121), privacy: 3 }), 400, 'displayName');
    await field(post({ displayName: 'Bad privacy', privacy: 7 }), 400, 'privacy');
    await field(post({ displayName: 'No channel', privacy: 1 }), 400, 'videoChannelId');
    await field(post({ displayName: 'Short', privacy: 3, description: 'a' }), 400, 'description');
    const bobChannel = (await a.api.me(bob)).videoChannels[0].id;
    await field(post({ displayName: "Bob's channel", privacy: 1, videoChannelId: bobChannel }), 403, 'videoChannelId');
    expect((await post({ displayName: 'Anonymous', privacy: 3 }, '')).status).toBe(401);

    const { videoPlaylist } = await createPlaylist(a, alice, { displayName: 'Inputs', privacy: 3 });
    const add = (json: object) =>
      a.api.raw('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos`, { token: alice, json });
    await field(add({}), 400, 'videoId');
    await field(add({ videoId: 'not a video' }), 400, 'videoId');
    await field(add({ videoId: videos[0].uuid, startTimestamp: -1 }), 400, 'startTimestamp');
    await field(add({ videoId: videos[0].uuid, stopTimestamp: 'soon' }), 400, 'stopTimestamp');
    await field(add({ videoId: videos[0].uuid, startTimestamp: 5, stopTimestamp: 2 }), 400, 'stopTimestamp');
    expect((await add({ videoId: '99999999' })).status).toBe(404);

    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[0].uuid });
    const reorder = (json: object) =>
      a.api.raw('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos/reorder`, { token: alice, json });
    await field(reorder({ startPosition: 0, insertAfterPosition: 0 }), 400, 'startPosition');
    await field(reorder({ startPosition: 1 }), 400, 'insertAfterPosition');
    await field(reorder({ startPosition: 2, insertAfterPosition: 0 }), 400, 'startPosition');
    await field(reorder({ startPosition: 1, insertAfterPosition: 0, reorderLength: 3 }), 400, 'reorderLength');

    await field(a.api.raw('get', '/api/v1/video-playlists/not-an-id'), 400, 'playlistId');
    await field(a.api.raw('get', '/api/v1/video-playlists', { query: { playlistType: 9 } }), 400, 'playlistType');
    await field(a.api.raw('get', '/api/v1/video-playlists', { query: { sort: 'views' } }), 400, 'sort');
    await field(a.api.raw('get', '/api/v1/search/video-playlists'), 400, 'search');
    await field(
      a.api.raw('get', '/api/v1/users/me/video-playlists/videos-exist', { token: alice, query: { videoIds: 'x' } }),
      400,
      'videoIds',
    );
    await field(
      a.api.raw('put', `/api/v1/video-playlists/${videoPlaylist.id}/videos/abc`, { token: alice, json: {} }),
      400,
      'playlistElementId',
    );
    expect((await a.api.raw('get', '/api/v1/video-playlists/2147483647')).status).toBe(404);
    expect((await a.api.raw('get', '/api/v1/video-channels/nobody_channel/video-playlists')).status).toBe(404);
    expect((await a.api.raw('get', '/api/v1/accounts/nobody/video-playlists')).status).toBe(404);
  });

  it('deleting a channel removes its playlists', async () => {
    const { videoChannel } = await a.api.createChannel(alice, { name: 'alice_second', displayName: 'Second' });
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'In the second channel',
      privacy: 1,
      videoChannelId: videoChannel.id,
    });
    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[1].uuid });
    await a.api.deleteChannel(alice, 'alice_second');
    expect((await a.api.raw('get', `/api/v1/video-playlists/${videoPlaylist.uuid}`)).status).toBe(404);
  });

  it('federates public playlists to a following instance: those made before the follow, then created, edited, reordered, made private, deleted', async () => {
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b);
    // Made before the follow: read from the channel's playlists collection after the outbox.
    expect((await b.api.call<VideoPlaylist>('get', `/api/v1/video-playlists/${orderedUuid}`)).videosLength).toBe(3);
    expect((await elements(b, orderedUuid)).data).toMatchObject([
      { position: 1, video: { uuid: videos[1].uuid } },
      { position: 2, video: { uuid: videos[3].uuid } },
      { position: 3, startTimestamp: 1, stopTimestamp: 2, video: { uuid: videos[0].uuid } },
    ]);
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'Across instances',
      description: 'Shared with B',
      privacy: 1,
      videoChannelId: aliceChannelId,
    });
    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[0].uuid, startTimestamp: 1 });
    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[1].uuid });
    await addVideo(a, alice, videoPlaylist.id, { videoId: videos[2].uuid });
    // A private video is not federated, nor is its element.
    await addVideo(a, alice, videoPlaylist.id, { videoId: privateVideo.uuid });
    await waitForJobs(a, b);

    const onB = () => b.api.raw('get', `/api/v1/video-playlists/${videoPlaylist.uuid}`);
    const remoteOrder = async () =>
      (await elements(b, videoPlaylist.uuid)).data.map((element) => [element.position, element.video?.uuid]);
    expect((await onB()).body).toMatchObject({
      uuid: videoPlaylist.uuid,
      shortUUID: videoPlaylist.shortUUID,
      isLocal: false,
      url: `${a.url}/video-playlists/${videoPlaylist.uuid}`,
      displayName: 'Across instances',
      description: 'Shared with B',
      privacy: { id: 1 },
      videosLength: 3,
      ownerAccount: { name: 'alice', host: a.host },
      videoChannel: { name: 'alice_channel', host: a.host },
    });
    // Its picture, the origin's.
    const picture = ((await onB()).body as VideoPlaylist).thumbnailPath!;
    expect(picture.startsWith(`${a.url}/lazy-static/thumbnails/`)).toBe(true);
    expect((await fetch(picture)).status).toBe(200);
    expect((await elements(b, videoPlaylist.uuid)).data).toMatchObject([
      { position: 1, startTimestamp: 1, stopTimestamp: null, type: 0, video: { uuid: videos[0].uuid, isLocal: false } },
      { position: 2, video: { uuid: videos[1].uuid } },
      { position: 3, video: { uuid: videos[2].uuid } },
    ]);
    const listedOnChannel = await b.api.call<ResultList<VideoPlaylist>>(
      'get',
      `/api/v1/video-channels/alice_channel@${a.host}/video-playlists`,
    );
    expect(listedOnChannel.data.map((playlist) => playlist.uuid)).toEqual(
      expect.arrayContaining([videoPlaylist.uuid, orderedUuid]),
    );
    const listedOnAccount = await b.api.call<ResultList<VideoPlaylist>>(
      'get',
      `/api/v1/accounts/alice@${a.host}/video-playlists`,
    );
    expect(listedOnAccount.data.map((playlist) => playlist.uuid)).toContain(videoPlaylist.uuid);
    const found = await b.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/search/video-playlists', {
      query: { search: 'across' },
    });
    expect(found.data.map((playlist) => playlist.uuid)).toEqual([videoPlaylist.uuid]);
    // Other instances' playlists cannot be edited here.
    const { token: carol } = await b.api.registerAndLogin('carol');
    expect(
      (await b.api.raw('put', `/api/v1/video-playlists/${videoPlaylist.uuid}`, { token: carol, json: {} })).status,
    ).toBe(403);

    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
      token: alice,
      json: { displayName: 'Across instances, renamed' },
      status: 204,
    });
    await a.api.call('post', `/api/v1/video-playlists/${videoPlaylist.id}/videos/reorder`, {
      token: alice,
      json: { startPosition: 3, insertAfterPosition: 0 },
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await onB()).body).toMatchObject({ displayName: 'Across instances, renamed' });
    expect(await remoteOrder()).toEqual([
      [1, videos[2].uuid],
      [2, videos[0].uuid],
      [3, videos[1].uuid],
    ]);

    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
      token: alice,
      json: { privacy: 3 },
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await onB()).status).toBe(404);

    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
      token: alice,
      json: { privacy: 2 },
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await onB()).body).toMatchObject({ privacy: { id: 2 }, videosLength: 3 });
    const publicOnB = await b.api.call<ResultList<VideoPlaylist>>('get', '/api/v1/video-playlists');
    expect(publicOnB.data.map((playlist) => playlist.uuid)).not.toContain(videoPlaylist.uuid);

    await a.api.call('delete', `/api/v1/video-playlists/${videoPlaylist.id}`, { token: alice, status: 204 });
    await waitForJobs(a, b);
    expect((await onB()).status).toBe(404);
  });

  it('serves public and unlisted playlists and their elements as ActivityPub documents at their ids', async () => {
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'As a document',
      privacy: 1,
      videoChannelId: aliceChannelId,
    });
    const ids: number[] = [];
    for (const video of videos)
      ids.push(
        (await addVideo(a, alice, videoPlaylist.id, { videoId: video.uuid, stopTimestamp: 2 })).videoPlaylistElement.id,
      );
    await addVideo(a, alice, videoPlaylist.id, { videoId: privateVideo.uuid });
    const url = `${a.url}/video-playlists/${videoPlaylist.uuid}`;
    const get = (path: string, accept = 'application/activity+json') => fetch(path, { headers: { accept } });

    const response = await get(url);
    expect(response.headers.get('content-type')).toMatch(/^application\/activity\+json/);
    const object = (await response.json()) as Record<string, unknown>;
    expect(object).toMatchObject({
      id: url,
      type: 'Playlist',
      name: 'As a document',
      uuid: videoPlaylist.uuid,
      mediaType: 'text/markdown',
      totalItems: 4,
      first: `${url}?page=1`,
      attributedTo: [`${a.url}/video-channels/alice_channel`],
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${a.url}/accounts/alice/followers`],
      icon: { type: 'Image', mediaType: 'image/jpeg', width: 280, height: 157 },
    });
    const { thumbnailPath } = await a.api.call<VideoDetails>('get', `/api/v1/videos/${videos[0].uuid}`);
    expect((object.icon as { url: string }).url).toBe(`${a.url}${thumbnailPath}`);
    expect(object).not.toHaveProperty('orderedItems');
    const page = (await (await get(`${url}?page=1`)).json()) as { orderedItems: string[]; next?: string };
    expect(page).toMatchObject({ id: `${url}?page=1`, type: 'Playlist', partOf: url, totalItems: 4 });
    expect(page).not.toHaveProperty('next');
    expect(page.orderedItems).toEqual(ids.map((id) => `${url}/videos/${id}`));
    const element = await (await get(`${url}/videos/${ids[0]}`)).json();
    expect(element).toMatchObject({
      id: `${url}/videos/${ids[0]}`,
      type: 'PlaylistElement',
      url: `${a.url}/videos/watch/${videos[0].uuid}`,
      position: 1,
      stopTimestamp: 2,
    });
    expect(element).not.toHaveProperty('startTimestamp');
    // The account's and the channel's documents point to their public playlists, which PeerTube reads.
    const actor = (await (await get(`${a.url}/accounts/alice`)).json()) as { playlists: string };
    expect(actor.playlists).toBe(`${a.url}/accounts/alice/playlists`);
    for (const collection of [actor.playlists, `${a.url}/video-channels/alice_channel/playlists`]) {
      const listed = (await (await get(`${collection}?page=1`)).json()) as { orderedItems: string[] };
      expect(listed.orderedItems).toContain(url);
    }
    // People get the web page.
    const html = await get(url, 'text/html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);

    // Private playlists are no documents.
    await a.api.call('put', `/api/v1/video-playlists/${videoPlaylist.id}`, {
      token: alice,
      json: { privacy: 3 },
      status: 204,
    });
    expect((await get(url)).status).toBe(404);
    expect((await get(`${url}/videos/${ids[0]}`)).status).toBe(404);
    const listed = (await (await get(`${a.url}/accounts/alice/playlists?page=1`)).json()) as { orderedItems: string[] };
    expect(listed.orderedItems).not.toContain(url);
  });

  it('an unlisted playlist is not found by its numeric id on its ActivityPub route either (only by its link)', async () => {
    const asActivityPub = (route: string) =>
      fetch(`${a.url}${route}`, { headers: { accept: 'application/activity+json' } });
    const { videoPlaylist } = await createPlaylist(a, alice, {
      displayName: 'Unlisted, by link only',
      privacy: 2,
      videoChannelId: aliceChannelId,
    });
    // The REST API hides it by numeric id, as PeerTube does; numeric ids can be enumerated.
    await a.api.call('get', `/api/v1/video-playlists/${videoPlaylist.id}`, { status: 404 });
    const byId = await asActivityPub(`/video-playlists/${videoPlaylist.id}`);
    expect(byId.status).toBe(404);
    expect(await byId.text()).not.toContain(videoPlaylist.uuid);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.id}?page=1`)).status).toBe(404);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.id}/videos/1`)).status).toBe(404);
    // By its link, other servers read it.
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.uuid}`)).status).toBe(200);
    expect((await asActivityPub(`/video-playlists/${videoPlaylist.shortUUID}`)).status).toBe(200);
  });

  it('refuses a Playlist whose id is not on the sending server', async () => {
    const actor = `${b.url}/accounts/peertube`;
    const forged = {
      id: `${b.url}/forged/1`,
      type: 'Create',
      actor,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: {
        id: `${a.url}/video-playlists/00000000-0000-4000-8000-000000000000`,
        type: 'Playlist',
        name: 'Forged',
        uuid: '00000000-0000-4000-8000-000000000000',
        totalItems: 0,
        attributedTo: [`${a.url}/video-channels/alice_channel`],
        published: new Date().toISOString(),
        updated: new Date().toISOString(),
      },
    };
    expect((await postSignedActivity(b, a, forged)).status).toBe(403);
  });
});
