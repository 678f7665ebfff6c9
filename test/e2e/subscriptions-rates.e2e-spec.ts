import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { postSignedActivity } from '../utils/signed-activity.js';
import { uploadVideo } from '../utils/uploads.js';
import { flushViews } from '../utils/views.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

describe('subscriptions, rates and views between instances', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let clip: string;
  let tokenA: string;
  let tokenB: string;
  let uri: string;
  let uuid: string;

  const video = (instance: TestInstance, id: string) => instance.api.call<VideoDetails>('get', `/api/v1/videos/${id}`);
  const bobChannel = () => b.api.call<VideoChannel>('get', '/api/v1/video-channels/bob_channel');

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-subscriptions-'));
    [[a, b], clip] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    [{ token: tokenA }, { token: tokenB }] = await Promise.all([
      a.api.registerAndLogin('alice'),
      b.api.registerAndLogin('bob'),
    ]);
    uri = `bob_channel@${b.host}`;
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("a user subscribes to another instance's channel (its instance follows no one): listed, its new videos arrive", async () => {
    await a.api.call('post', '/api/v1/users/me/subscriptions', { token: tokenA, json: { uri }, status: 204 });
    await waitForJobs(a, b);
    expect((await bobChannel()).followersCount).toBe(1);
    expect(await b.api.call('get', '/api/v1/video-channels/bob_channel/followers', { token: tokenB })).toMatchObject({
      total: 1,
      data: [{ follower: { name: 'alice', host: a.host }, state: 'accepted' }],
    });
    expect((await b.api.raw('get', '/api/v1/video-channels/bob_channel/followers')).status).toBe(401);
    expect(await a.api.call('get', '/api/v1/users/me/subscriptions', { token: tokenA })).toMatchObject({
      total: 1,
      data: [{ name: 'bob_channel', host: b.host, isLocal: false, ownerAccount: { name: 'bob', host: b.host } }],
    });
    expect(
      await a.api.call('get', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, { token: tokenA }),
    ).toMatchObject({ name: 'bob_channel', host: b.host });
    const unknown = `nobody_channel@${b.host}`;
    const exist = await a.api
      .raw('get', `/api/v1/users/me/subscriptions/exist?uris=${encodeURIComponent(uri)}&uris=${unknown}`, {
        token: tokenA,
      })
      .expect(200);
    expect(exist.body).toEqual({ [uri]: true, [unknown]: false });

    uuid = await uploadVideo(b, tokenB, { name: 'For subscribers', file: clip });
    await waitForJobs(a, b);
    const videos = await a.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', {
      token: tokenA,
    });
    expect(videos).toMatchObject({ total: 1, data: [{ uuid, isLocal: false, channel: { host: b.host } }] });
    // Someone who follows nothing sees nothing there.
    const { token: tokenC } = await a.api.registerAndLogin('carol');
    expect(
      (await a.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', { token: tokenC })).total,
    ).toBe(0);
  });

  it('subscriptions refuse bad handles (400), unknown channels (404) and anonymous callers (401)', async () => {
    const subscribe = (json: object, token: string | undefined = tokenA) =>
      a.api.raw('post', '/api/v1/users/me/subscriptions', { token, json });
    const badHandle = await subscribe({ uri: 'not a handle@@' });
    expect(badHandle.status).toBe(400);
    expect(badHandle.body).toMatchObject({ code: 'validation_failed', 'invalid-params': { uri: { path: 'uri' } } });
    expect((await subscribe({})).status).toBe(400);
    expect((await subscribe({ uri: `nobody_channel@${b.host}` })).body).toMatchObject({ status: 404 });
    expect((await subscribe({ uri: 'nobody_channel' })).body).toMatchObject({ status: 404 });
    // An account is not a channel.
    expect((await subscribe({ uri: `bob@${b.host}` })).body).toMatchObject({ status: 400, code: 'not_a_channel' });
    expect((await subscribe({ uri }, '')).status).toBe(401);
    expect((await a.api.raw('get', `/api/v1/users/me/subscriptions/nobody@${b.host}`, { token: tokenA })).status).toBe(
      404,
    );
  });

  it("likes, dislikes and a rate taken back reach the video's origin, which counts one rate per account", async () => {
    const rate = (rating: string) =>
      a.api.call('put', `/api/v1/videos/${uuid}/rate`, { token: tokenA, json: { rating }, status: 204 });
    const counts = async (instance: TestInstance) => {
      const { likes, dislikes } = await video(instance, uuid);
      return { likes, dislikes };
    };

    await rate('like');
    await rate('like');
    await waitForJobs(a, b);
    expect(await counts(a)).toEqual({ likes: 1, dislikes: 0 });
    expect(await counts(b)).toEqual({ likes: 1, dislikes: 0 });
    expect(await a.api.call('get', `/api/v1/users/me/videos/${uuid}/rating`, { token: tokenA })).toEqual({
      videoId: (await video(a, uuid)).id,
      rating: 'like',
    });

    await rate('dislike');
    await waitForJobs(a, b);
    expect(await counts(b)).toEqual({ likes: 0, dislikes: 1 });

    await rate('none');
    await waitForJobs(a, b);
    expect(await counts(a)).toEqual({ likes: 0, dislikes: 0 });
    expect(await counts(b)).toEqual({ likes: 0, dislikes: 0 });

    // Liked again: the Like has the same id as the first one, and is delivered all the same.
    await rate('like');
    await waitForJobs(a, b);
    expect(await counts(b)).toEqual({ likes: 1, dislikes: 0 });

    // The owner's own like of the local video counts at once.
    await b.api.call('put', `/api/v1/videos/${uuid}/rate`, { token: tokenB, json: { rating: 'like' }, status: 204 });
    expect(await counts(b)).toEqual({ likes: 2, dislikes: 0 });
  });

  it('rates refuse anonymous callers (401), unknown ratings (400) and unknown videos (404)', async () => {
    const rate = (json: object, token?: string, id = uuid) =>
      a.api.raw('put', `/api/v1/videos/${id}/rate`, { token, json });
    expect((await rate({ rating: 'like' })).status).toBe(401);
    const bad = await rate({ rating: 'love' }, tokenA);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ 'invalid-params': { rating: { path: 'rating' } } });
    expect((await rate({ rating: 'like' }, tokenA, '999999')).status).toBe(404);
    expect((await a.api.raw('get', `/api/v1/users/me/videos/${uuid}/rating`)).status).toBe(401);
  });

  it('a view counts once per viewer within the window; a view of a remote video is counted at its origin', async () => {
    const before = (await video(b, uuid)).views;
    const view = (instance: TestInstance, json: object = { currentTime: 1 }) =>
      instance.api.raw('post', `/api/v1/videos/${uuid}/views`, { json });
    expect((await view(a)).status).toBe(204);
    expect((await view(a)).status).toBe(204);
    await waitForJobs(a, b);
    // The origin counts views in a buffer, written to the database by its views flush.
    await flushViews(b);
    expect((await video(b, uuid)).views).toBe(before + 1);

    // On the origin itself: the same address is one viewer.
    expect((await view(b)).status).toBe(204);
    expect((await view(b)).status).toBe(204);
    await flushViews(b);
    expect((await video(b, uuid)).views).toBe(before + 2);

    expect((await view(b, { currentTime: 2.5 })).status).toBe(204);
    expect((await view(b, { currentTime: -1 })).status).toBe(400);
    expect((await view(b, { currentTime: 'soon' })).status).toBe(400);
    expect((await view(b, {})).status).toBe(400);
  });

  it("incoming, as PeerTube 8 sends them: a viewer's View (expires) is no view; an Undo Like after the Dislike that replaced it leaves the dislike", async () => {
    const actor = `${a.url}/accounts/peertube`;
    const videoUrl = `${b.url}/videos/watch/${uuid}`;
    const counters = async () => {
      const { views, likes, dislikes } = await video(b, uuid);
      return { views, likes, dislikes };
    };
    const before = await counters();
    const viewer = {
      id: `${actor}/views/videos/1/viewer`,
      type: 'View',
      actor,
      object: videoUrl,
      expires: new Date(Date.now() + 60_000).toISOString(),
      result: { interactionType: 'WatchAction', type: 'InteractionCounter', userInteractionCount: 1 },
    };
    for (let time = 0; time < 3; time++) expect((await postSignedActivity(a, b, viewer)).status).toBe(202);
    await waitForJobs(a, b);
    expect(await counters()).toEqual(before);
    await postSignedActivity(a, b, { id: `${actor}/views/videos/1/view`, type: 'View', actor, object: videoUrl });
    await waitForJobs(a, b);
    await flushViews(b);
    expect((await counters()).views).toBe(before.views + 1);

    const like = { id: `${actor}/likes/1`, type: 'Like', actor, object: videoUrl };
    await postSignedActivity(a, b, like);
    await waitForJobs(a, b);
    await postSignedActivity(a, b, { id: `${actor}/dislikes/1`, type: 'Dislike', actor, object: videoUrl });
    await waitForJobs(a, b);
    await postSignedActivity(a, b, { id: `${like.id}/undo`, type: 'Undo', actor, object: like });
    await waitForJobs(a, b);
    expect(await counters()).toMatchObject({ likes: before.likes, dislikes: before.dislikes + 1 });
  });

  it('unsubscribing ends the follow on the other instance', async () => {
    await a.api.call('delete', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
      token: tokenA,
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await bobChannel()).followersCount).toBe(0);
    expect(
      (await a.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token: tokenA })).total,
    ).toBe(0);
    expect(
      (await a.api.raw('delete', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, { token: tokenA }))
        .status,
    ).toBe(404);
  });
});
