import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import {
  UserNotificationType,
  type UserNotification,
  type UserNotificationSetting,
} from '../../shared/models/users/user-notification.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/** Every setting PeerTube's PUT requires, at `web`. */
const WEB_SETTINGS = {
  newVideoFromSubscription: 1,
  newCommentOnMyVideo: 1,
  abuseAsModerator: 1,
  videoAutoBlacklistAsModerator: 1,
  blacklistOnMyVideo: 1,
  myVideoImportFinished: 1,
  myVideoPublished: 1,
  commentMention: 1,
  newFollow: 1,
  newUserRegistration: 1,
  newInstanceFollower: 1,
  autoInstanceFollowing: 1,
};

describe('notifications (PeerTube "My Notifications") and subscriptions', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let clip: string;
  let alice: string;
  let carol: string;
  let bob: string;
  let rootA: string;
  let carolVideo: string;

  const notifications = (
    instance: TestInstance,
    token: string,
    query: Record<string, string | number | boolean> = {},
  ) => instance.api.call<ResultList<UserNotification>>('get', '/api/v1/users/me/notifications', { token, query });
  const ofType = async (instance: TestInstance, token: string, type: number) =>
    (await notifications(instance, token, { count: 100 })).data.filter((notification) => notification.type === type);
  const subscribe = (instance: TestInstance, token: string, uri: string) =>
    instance.api.call('post', '/api/v1/users/me/subscriptions', { token, json: { uri }, status: 204 });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-notifications-'));
    [[a, b], clip] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 1, width: 320, height: 240 }),
    ]);
    [{ token: alice }, { token: carol }, { token: bob }, rootA] = await Promise.all([
      a.api.registerAndLogin('alice'),
      a.api.registerAndLogin('carol'),
      b.api.registerAndLogin('bob'),
      a.adminToken(),
    ]);
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('the administrators hear of each direct registration (NEW_USER_REGISTRATION, with the account)', async () => {
    const registrations = await ofType(a, rootA, UserNotificationType.NEW_USER_REGISTRATION);
    expect(registrations.map((notification) => notification.account?.name).sort()).toEqual(['alice', 'carol']);
    expect(registrations[0]).toMatchObject({
      read: false,
      data: null,
      account: { host: a.host, avatars: [] },
    });
    expect(registrations[0].video).toBeUndefined();
    // A user is not told of others' registrations.
    expect((await notifications(a, alice)).total).toBe(0);
  });

  it('subscribing to a local and to a remote channel tells each owner of a new follower (NEW_FOLLOW)', async () => {
    await subscribe(a, alice, 'carol_channel');
    await subscribe(a, alice, `bob_channel@${b.host}`);
    await waitForJobs(a, b);

    const [local] = await ofType(a, carol, UserNotificationType.NEW_FOLLOW);
    expect(local).toMatchObject({
      type: 10,
      read: false,
      actorFollow: {
        state: 'accepted',
        follower: { name: 'alice', host: a.host, displayName: 'alice' },
        following: { type: 'channel', name: 'carol_channel', displayName: 'Main carol channel', host: a.host },
      },
    });
    expect(typeof local.actorFollow?.id).toBe('number');
    const [remote] = await ofType(b, bob, UserNotificationType.NEW_FOLLOW);
    expect(remote.actorFollow).toMatchObject({
      state: 'accepted',
      follower: { name: 'alice', host: a.host },
      following: { type: 'channel', name: 'bob_channel', host: b.host },
    });
    // Subscribing again (the handle with this instance's host, as PeerTube's clients write it) is no new follower.
    await subscribe(a, alice, `carol_channel@${a.host}`);
    expect(await ofType(a, carol, UserNotificationType.NEW_FOLLOW)).toHaveLength(1);
  });

  it('a new local video: its subscribers hear of it, its owner that it is published after transcoding', async () => {
    carolVideo = await uploadVideo(a, carol, { name: 'Carol publishes', file: clip });
    await waitForJobs(a);

    const [news] = await ofType(a, alice, UserNotificationType.NEW_VIDEO_FROM_SUBSCRIPTION);
    expect(news).toMatchObject({
      type: 1,
      read: false,
      video: {
        uuid: carolVideo,
        name: 'Carol publishes',
        state: { id: 1, label: 'Published' },
        channel: { name: 'carol_channel', displayName: 'Main carol channel', host: a.host, avatars: [] },
      },
    });
    const details = await a.api.call<{ id: number; shortUUID: string }>('get', `/api/v1/videos/${carolVideo}`);
    expect(news.video).toMatchObject({ id: details.id, shortUUID: details.shortUUID });
    expect(Date.parse(news.createdAt)).not.toBeNaN();
    expect(Date.parse(news.updatedAt)).not.toBeNaN();

    const carolsOwn = await notifications(a, carol, { count: 100 });
    expect(carolsOwn.data.filter((notification) => notification.type === 6)).toMatchObject([
      { type: UserNotificationType.MY_VIDEO_PUBLISHED, video: { uuid: carolVideo } },
    ]);
    // Never about one's own video as a subscriber.
    expect(carolsOwn.data.some((notification) => notification.type === 1)).toBe(false);
  });

  it('a new video of a remote channel arriving from its instance: the subscriber here hears of it', async () => {
    const bobVideo = await uploadVideo(b, bob, { name: 'Bob publishes', file: clip });
    await waitForJobs(a, b);
    const news = await ofType(a, alice, UserNotificationType.NEW_VIDEO_FROM_SUBSCRIPTION);
    expect(news.map((notification) => notification.video?.uuid)).toContain(bobVideo);
    expect(news.find((notification) => notification.video?.uuid === bobVideo)).toMatchObject({
      video: { name: 'Bob publishes', channel: { name: 'bob_channel', host: b.host } },
    });
    // Newest first by default; createdAt ascending on request.
    expect(news[0].video?.uuid).toBe(bobVideo);
    const ascending = await notifications(a, alice, { sort: 'createdAt' });
    expect(ascending.data[0].video?.uuid).toBe(carolVideo);
  });

  it('unread filter and count, read by ids (only my own), read-all', async () => {
    const all = await notifications(a, alice);
    expect(all.total).toBe(2);
    expect((await notifications(a, alice, { unread: true, count: 0 })).total).toBe(2);

    // Someone else's notification id changes nothing.
    const [carolsNotification] = (await notifications(a, carol)).data;
    await a.api.call('post', '/api/v1/users/me/notifications/read', {
      token: alice,
      json: { ids: [all.data[0].id, carolsNotification.id] },
      status: 204,
    });
    expect((await notifications(a, carol)).data.find((n) => n.id === carolsNotification.id)?.read).toBe(false);
    const unread = await notifications(a, alice, { unread: true });
    expect(unread).toMatchObject({ total: 1, data: [{ id: all.data[1].id, read: false }] });
    expect(await notifications(a, alice, { unread: false })).toMatchObject({ total: 1, data: [{ read: true }] });
    expect((await notifications(a, alice, { sort: '-read' })).data[0].read).toBe(true);
    expect((await notifications(a, alice, { typeOneOf: 1 })).total).toBe(2);
    expect((await notifications(a, alice, { typeOneOf: 10 })).total).toBe(0);

    await a.api.call('post', '/api/v1/users/me/notifications/read-all', { token: alice, status: 204 });
    expect((await notifications(a, alice, { unread: true, count: 0 })).total).toBe(0);
  });

  it('refuses anonymous callers (401) and bad parameters (400 naming the field)', async () => {
    expect((await a.api.raw('get', '/api/v1/users/me/notifications')).status).toBe(401);
    expect((await a.api.raw('post', '/api/v1/users/me/notifications/read-all')).status).toBe(401);
    expect((await a.api.raw('put', '/api/v1/users/me/notification-settings', { json: WEB_SETTINGS })).status).toBe(401);
    const read = (json: object) => a.api.raw('post', '/api/v1/users/me/notifications/read', { token: alice, json });
    for (const json of [
      {},
      { ids: [] },
      { ids: ['x'] },
      { ids: [0] },
      { ids: Array.from({ length: 101 }, (_, i) => i + 1) },
    ]) {
      const response = await read(json);
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(response.body).toMatchObject({ 'invalid-params': { ids: { path: 'ids' } } });
    }
    const list = (query: Record<string, string | number>) =>
      a.api.raw('get', '/api/v1/users/me/notifications', { token: alice, query });
    expect((await list({ sort: 'id' })).status).toBe(400);
    expect((await list({ unread: 'maybe' })).status).toBe(400);
    expect((await list({ typeOneOf: 'x' })).status).toBe(400);
  });

  it('settings: defaults in /users/me, PUT as PeerTube (required fields, bit flags), a kind turned off is not made', async () => {
    const me = await a.api.me(alice);
    expect(me.notificationSettings).toEqual({
      newVideoFromSubscription: 1,
      newCommentOnMyVideo: 1,
      myVideoImportFinished: 1,
      myVideoPublished: 1,
      abuseAsModerator: 3,
      videoAutoBlacklistAsModerator: 3,
      blacklistOnMyVideo: 3,
      newUserRegistration: 1,
      commentMention: 1,
      newFollow: 1,
      newInstanceFollower: 1,
      abuseNewMessage: 3,
      abuseStateChange: 3,
      autoInstanceFollowing: 1,
      newPeerTubeVersion: 3,
      newPluginVersion: 1,
      myVideoStudioEditionFinished: 1,
      myVideoTranscriptionGenerated: 1,
    } satisfies UserNotificationSetting);

    const put = (json: object) => a.api.raw('put', '/api/v1/users/me/notification-settings', { token: alice, json });
    const withoutNewFollow: Partial<typeof WEB_SETTINGS> = { ...WEB_SETTINGS };
    delete withoutNewFollow.newFollow;
    const missing = await put(withoutNewFollow);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ 'invalid-params': { newFollow: { path: 'newFollow' } } });
    expect((await put({ ...WEB_SETTINGS, commentMention: 4 })).status).toBe(400);
    expect((await put({ ...WEB_SETTINGS, myVideoPublished: '1' })).status).toBe(400);

    expect((await put({ ...WEB_SETTINGS, newVideoFromSubscription: 2, newFollow: 3 })).status).toBe(204);
    expect((await a.api.me(alice)).notificationSettings).toMatchObject({
      newVideoFromSubscription: 2,
      newFollow: 3,
      abuseNewMessage: 3,
    });

    // Email only: stored, no web notification made.
    await uploadVideo(a, carol, { name: 'Unheard', file: clip });
    await waitForJobs(a);
    expect((await notifications(a, alice)).total).toBe(2);
    // Carol turned nothing off: she still hears of her published video.
    expect(await ofType(a, carol, UserNotificationType.MY_VIDEO_PUBLISHED)).toHaveLength(2);
  });

  it('an instance following this one: its administrators hear of it (NEW_INSTANCE_FOLLOWER)', async () => {
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b);
    const [follower] = await ofType(a, rootA, UserNotificationType.NEW_INSTANCE_FOLLOWER);
    expect(follower.actorFollow).toMatchObject({
      follower: { host: b.host },
      following: { type: 'instance', host: a.host },
    });
  });

  it("a comment tells the video's owner (NEW_COMMENT_ON_MY_VIDEO), a reply the comment's author (COMMENT_MENTION)", async () => {
    const comment = await a.api.call<{ comment: { id: number } }>(
      'post',
      `/api/v1/videos/${carolVideo}/comment-threads`,
      {
        token: alice,
        json: { text: 'Lovely clip' },
      },
    );
    const reply = await a.api.call<{ comment: { id: number } }>(
      'post',
      `/api/v1/videos/${carolVideo}/comments/${comment.comment.id}`,
      { token: carol, json: { text: '@alice thank you' } },
    );
    await waitForJobs(a);

    const [onMyVideo] = await ofType(a, carol, UserNotificationType.NEW_COMMENT_ON_MY_VIDEO);
    expect(onMyVideo.comment).toMatchObject({
      id: comment.comment.id,
      threadId: comment.comment.id,
      account: { name: 'alice', host: a.host },
      video: { uuid: carolVideo },
      heldForReview: false,
    });
    const [mention] = await ofType(a, alice, UserNotificationType.COMMENT_MENTION);
    expect(mention.comment).toMatchObject({
      id: reply.comment.id,
      threadId: comment.comment.id,
      account: { name: 'carol', host: a.host },
    });
    // The owner answering on her own video is told nothing of it.
    expect(await ofType(a, carol, UserNotificationType.NEW_COMMENT_ON_MY_VIDEO)).toHaveLength(1);
    expect(await ofType(a, carol, UserNotificationType.COMMENT_MENTION)).toHaveLength(0);
  });

  it('notifications go with their video', async () => {
    await a.api.call('delete', `/api/v1/videos/${carolVideo}`, { token: carol, status: 204 });
    const left = await notifications(a, alice, { count: 100 });
    expect(left.data.map((notification) => notification.video?.uuid)).not.toContain(carolVideo);
    expect(left.total).toBe(1);
  });

  it('a private or unlisted video made public is news to the subscribers, here and on the other instance', async () => {
    await a.api.call('put', '/api/v1/users/me/notification-settings', {
      token: alice,
      json: WEB_SETTINGS,
      status: 204,
    });
    const quiet = await uploadVideo(a, carol, { name: 'Private first', file: clip, privacy: 3 });
    const unlisted = await uploadVideo(b, bob, { name: 'Unlisted first', file: clip, privacy: 2 });
    await waitForJobs(a, b);
    const news = async () =>
      (await ofType(a, alice, UserNotificationType.NEW_VIDEO_FROM_SUBSCRIPTION)).map((n) => n.video?.uuid);
    expect(await news()).not.toContain(quiet);
    expect(await news()).not.toContain(unlisted);

    await a.api.call('put', `/api/v1/videos/${quiet}`, { token: carol, json: { privacy: 1 }, status: 204 });
    await b.api.call('put', `/api/v1/videos/${unlisted}`, { token: bob, json: { privacy: 1 }, status: 204 });
    await waitForJobs(a, b);
    expect(await news()).toEqual(expect.arrayContaining([quiet, unlisted]));
    // Another change of a public video is no news.
    const before = (await news()).length;
    await a.api.call('put', `/api/v1/videos/${quiet}`, { token: carol, json: { name: 'Renamed' }, status: 204 });
    await waitForJobs(a);
    expect(await news()).toHaveLength(before);
  });

  it('the OpenAPI document describes them, the settings with the fields PeerTube requires', async () => {
    const document = await a.api.call<{
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> } }>
      >;
      components: { schemas: Record<string, { required?: string[] }> };
    }>('get', '/api/v1/openapi.json');
    for (const route of ['notifications', 'notifications/read', 'notifications/read-all', 'notification-settings']) {
      expect(Object.keys(document.paths)).toContain(`/api/v1/users/me/${route}`);
    }
    const settings = document.paths['/api/v1/users/me/notification-settings'].put.requestBody!;
    const schema = settings.content['application/json'].schema.$ref.split('/').pop()!;
    expect(document.components.schemas[schema].required?.sort()).toEqual(Object.keys(WEB_SETTINGS).sort());
  });

  describe('subscriptions, as PeerTube 8 lists them', () => {
    const list = (query: Record<string, string | number> = {}) =>
      a.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token: alice, query });

    it('sorts by id, createdAt and channelUpdatedAt, and searches names and display names', async () => {
      const names = (result: ResultList<VideoChannel>) => result.data.map((channel) => channel.name);
      expect(names(await list())).toEqual(['bob_channel', 'carol_channel']);
      expect(names(await list({ sort: 'createdAt' }))).toEqual(['carol_channel', 'bob_channel']);
      expect(names(await list({ sort: 'id' }))).toEqual(['carol_channel', 'bob_channel']);
      expect(names(await list({ sort: '-id' }))).toEqual(['bob_channel', 'carol_channel']);
      // Carol's channel changes now: it is the one updated last.
      await a.api.call('put', '/api/v1/video-channels/carol_channel', {
        token: carol,
        json: { displayName: 'Carol renamed' },
        status: 204,
      });
      expect(names(await list({ sort: '-channelUpdatedAt' }))[0]).toBe('carol_channel');
      expect(names(await list({ sort: 'channelUpdatedAt' }))[0]).toBe('bob_channel');

      expect(await list({ search: 'CAROL' })).toMatchObject({ total: 1, data: [{ name: 'carol_channel' }] });
      expect(await list({ search: 'renamed' })).toMatchObject({ total: 1, data: [{ name: 'carol_channel' }] });
      expect(await list({ search: '%' })).toMatchObject({ total: 0 });
      expect(
        (await a.api.raw('get', '/api/v1/users/me/subscriptions', { token: alice, query: { sort: 'name' } })).status,
      ).toBe(400);
    });

    it('exist answers each handle as given, matching names in any case', async () => {
      const remote = `BOB_channel@${b.host}`;
      const local = `carol_channel@${a.host}`;
      const response = await a.api
        .raw('get', '/api/v1/users/me/subscriptions/exist', { token: alice })
        .query(`uris=${encodeURIComponent(remote)}&uris=${encodeURIComponent(local)}&uris=nobody@${b.host}`)
        .expect(200);
      expect(response.body).toEqual({ [remote]: true, [local]: true, [`nobody@${b.host}`]: false });
    });

    it("the subscriptions' videos take the common video filters and sorts", async () => {
      const feed = async (query: Record<string, string | number | boolean> = {}) =>
        (
          await a.api.call<ResultList<{ name: string; channel: { host: string } }>>(
            'get',
            '/api/v1/users/me/subscriptions/videos',
            { token: alice, query },
          )
        ).data;
      const all = await feed();
      expect(all.map((video) => video.name).sort()).toEqual(
        ['Bob publishes', 'Renamed', 'Unheard', 'Unlisted first'].sort(),
      );
      expect((await feed({ isLocal: true })).map((video) => video.channel.host)).toEqual([a.host, a.host]);
      expect((await feed({ isLocal: false })).map((video) => video.channel.host)).toEqual([b.host, b.host]);
      const byName = (await feed({ sort: 'name' })).map((video) => video.name);
      expect(byName).toEqual([...byName].sort());
      expect((await feed({ sort: '-name' })).map((video) => video.name)).toEqual([...byName].reverse());
      expect((await feed({ search: 'Bob' })).map((video) => video.name)).toEqual(['Bob publishes']);
      expect(await feed({ count: 1, start: 1 })).toHaveLength(1);
      // Carol follows no one: her feed is empty, her own videos included.
      expect(
        (await a.api.call<ResultList<unknown>>('get', '/api/v1/users/me/subscriptions/videos', { token: carol })).total,
      ).toBe(0);
    });

    it('GET and DELETE by uri find the subscription whatever the case of its name', async () => {
      const byUri = (method: 'get' | 'delete', uri: string) =>
        a.api.raw(method, `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, { token: alice });
      expect((await byUri('get', `BOB_Channel@${b.host}`)).body).toMatchObject({ name: 'bob_channel', host: b.host });
      expect((await byUri('get', 'Carol_Channel')).body).toMatchObject({ name: 'carol_channel', host: a.host });
      // Carol follows no one: her own channel is no subscription of hers.
      expect((await a.api.raw('get', '/api/v1/users/me/subscriptions/carol_channel', { token: carol })).status).toBe(
        404,
      );
      expect((await byUri('delete', `BOB_CHANNEL@${b.host}`)).status).toBe(204);
      await waitForJobs(a, b);
      expect((await byUri('get', `bob_channel@${b.host}`)).status).toBe(404);
      expect((await list()).data.map((channel) => channel.name)).toEqual(['carol_channel']);
      expect((await b.api.call<VideoChannel>('get', '/api/v1/video-channels/bob_channel')).followersCount).toBe(0);
    });
  });
});
