import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import { UserNotificationType, type UserNotification } from '../../shared/models/users/user-notification.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';
import { ensurePeer, PEER_HOST, PeerTubeClient, waitUntil } from './utils/peertube-peer.js';

// Notifications made of what the real PeerTube 8 peer does, and Shoal's notifications beside PeerTube's own.

const peer = new PeerTubeClient();
const { NEW_VIDEO_FROM_SUBSCRIPTION, NEW_FOLLOW, NEW_INSTANCE_FOLLOWER } = UserNotificationType;

/** The keys of an object and of its nested objects, as `a`, `a.b`, sorted: the shape, whatever the values. */
function shapeOf(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value)
    .flatMap(([key, inner]) => [`${prefix}${key}`, ...shapeOf(inner, `${prefix}${key}.`)])
    .sort();
}

describe('interop with PeerTube 8: notifications', () => {
  let shoal: TestInstance;
  let folder: string;
  let clip: string;
  let peerFollowNotification: Record<string, unknown> | undefined;

  const shoalNotifications = (token: string) =>
    shoal.api.call<ResultList<UserNotification>>('get', '/api/v1/users/me/notifications', {
      token,
      query: { count: 100 },
    });
  const peerNotifications = async (token: string) =>
    (await peer.request('GET', '/api/v1/users/me/notifications?count=100', { token })).body as ResultList<
      Record<string, unknown> & { type: number; video?: { uuid: string } }
    >;

  beforeAll(async () => {
    await ensurePeer();
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-interop-notifications-'));
    [[shoal], clip] = await Promise.all([
      startInstances(1),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
  });

  afterAll(async () => {
    await peer.unfollow(shoal.host).catch(() => undefined);
    await destroyInstances(shoal);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('a Shoal user subscribed to a PeerTube channel hears of its new video (not of those crawled from before)', async () => {
    const username = `ntf_${randomBytes(3).toString('hex')}`;
    const peerToken = await peer.createUser(username);
    const earlier = await peer.upload(peerToken, clip, { name: 'Before the subscription' });
    const { token } = await shoal.api.registerAndLogin(`sub_${randomBytes(2).toString('hex')}`);
    const uri = `${username}_channel@${PEER_HOST}`;
    await shoal.api.call('post', '/api/v1/users/me/subscriptions', { token, json: { uri }, status: 204 });
    await waitUntil('PeerTube accepts the subscription and Shoal crawls the earlier video', async () => {
      await waitForJobs(shoal);
      const videos = await shoal.api.call<ResultList<{ uuid: string }>>(
        'get',
        '/api/v1/users/me/subscriptions/videos',
        {
          token,
        },
      );
      return videos.data.some((video) => video.uuid === earlier);
    });

    // PeerTube told its user of the Shoal follower: kept, to set beside Shoal's own NEW_FOLLOW below.
    peerFollowNotification = (await peerNotifications(peerToken)).data.find(
      (notification) => notification.type === NEW_FOLLOW,
    );
    expect(peerFollowNotification).toMatchObject({ actorFollow: { follower: { host: shoal.host } } });

    const uuid = await peer.upload(peerToken, clip, { name: 'After the subscription' });
    await waitUntil('the new PeerTube video is notified on Shoal', async () =>
      (await shoalNotifications(token)).data.some((notification) => notification.video?.uuid === uuid),
    );
    const list = await shoalNotifications(token);
    expect(list.total).toBe(1);
    expect(list.data[0]).toMatchObject({
      type: NEW_VIDEO_FROM_SUBSCRIPTION,
      video: { uuid, name: 'After the subscription', channel: { name: `${username}_channel`, host: PEER_HOST } },
    });
  });

  it("a PeerTube user subscribes to a Shoal channel: its owner hears of the follower; the new video's notification has PeerTube's own shape", async () => {
    const username = `ptn_${randomBytes(3).toString('hex')}`;
    const peerToken = await peer.createUser(username);
    const owner = `own_${randomBytes(2).toString('hex')}`;
    const { token: ownerToken, user } = await shoal.api.registerAndLogin(owner);
    // A Shoal user subscribed too, to set Shoal's notification beside PeerTube's.
    const { token: localToken } = await shoal.api.registerAndLogin(`loc_${randomBytes(2).toString('hex')}`);
    const channel = user.videoChannels[0].name;
    const uri = `${channel}@${shoal.host}`;
    await shoal.api.call('post', '/api/v1/users/me/subscriptions', { token: localToken, json: { uri }, status: 204 });
    await peer.request('POST', '/api/v1/users/me/subscriptions', { token: peerToken, body: { uri } });

    await waitUntil('Shoal tells the owner of the PeerTube follower', async () =>
      (await shoalNotifications(ownerToken)).data.some(
        (notification) => notification.type === NEW_FOLLOW && notification.actorFollow?.follower.host === PEER_HOST,
      ),
    );
    const follow = (await shoalNotifications(ownerToken)).data.find(
      (notification) => notification.actorFollow?.follower.host === PEER_HOST,
    );
    expect(follow?.actorFollow).toMatchObject({
      state: 'accepted',
      follower: { name: username, host: PEER_HOST },
      following: { type: 'channel', name: channel, host: shoal.host },
    });
    expect(shapeOf(follow)).toEqual(shapeOf(peerFollowNotification));

    const uuid = await uploadVideo(shoal, ownerToken, { name: 'For both sides', file: clip });
    await waitForJobs(shoal);
    await waitUntil('PeerTube notifies its user of the Shoal video', async () =>
      (await peerNotifications(peerToken)).data.some((notification) => notification.video?.uuid === uuid),
    );
    const theirs = (await peerNotifications(peerToken)).data.find((notification) => notification.video?.uuid === uuid);
    const ours = (await shoalNotifications(localToken)).data.find((notification) => notification.video?.uuid === uuid);
    expect(theirs?.type).toBe(NEW_VIDEO_FROM_SUBSCRIPTION);
    expect(ours?.type).toBe(NEW_VIDEO_FROM_SUBSCRIPTION);
    expect(shapeOf(ours)).toEqual(shapeOf(theirs));
  });

  it("instances following each other: each side's administrators hear of it, Shoal's notification in PeerTube's shape", async () => {
    const rootToken = await shoal.adminToken();
    await peer.follow(shoal.host);
    await shoal.api.call('post', '/api/v1/server/following', {
      token: rootToken,
      json: { hosts: [PEER_HOST] },
      status: 204,
    });
    const ours = async () =>
      (await shoalNotifications(rootToken)).data.find(
        (notification) =>
          notification.type === NEW_INSTANCE_FOLLOWER && notification.actorFollow?.follower.host === PEER_HOST,
      );
    const theirs = async () =>
      (await peerNotifications(await peer.rootToken())).data.find(
        (notification) =>
          notification.type === NEW_INSTANCE_FOLLOWER &&
          (notification as { actorFollow?: { follower: { host: string } } }).actorFollow?.follower.host === shoal.host,
      );
    await waitUntil('both sides tell their administrators', async () => {
      await waitForJobs(shoal);
      return (await ours()) !== undefined && (await theirs()) !== undefined;
    });
    expect((await ours())?.actorFollow).toMatchObject({
      follower: { host: PEER_HOST },
      following: { type: 'instance', host: shoal.host },
    });
    expect(shapeOf(await ours())).toEqual(shapeOf(await theirs()));
  });

  it("a new user's notification settings, and what PUT refuses, are PeerTube's", async () => {
    const peerToken = await peer.createUser(`set_${randomBytes(3).toString('hex')}`);
    const { token } = await shoal.api.registerAndLogin(`set_${randomBytes(2).toString('hex')}`);
    const peerMe = (await peer.request('GET', '/api/v1/users/me', { token: peerToken })).body as {
      notificationSettings: Record<string, number>;
    };
    const settings = peerMe.notificationSettings;
    expect((await shoal.api.me(token)).notificationSettings).toEqual(settings);

    const withoutNewFollow: Record<string, number> = { ...settings };
    delete withoutNewFollow.newFollow;
    const bodies = [withoutNewFollow, { ...settings, commentMention: 4 }, { ...settings, myVideoPublished: '1' }];
    for (const body of bodies) {
      const peerAnswer = await peer.request('PUT', '/api/v1/users/me/notification-settings', {
        token: peerToken,
        body,
        expect: [204, 400],
      });
      const shoalAnswer = await shoal.api.raw('put', '/api/v1/users/me/notification-settings', { token, json: body });
      expect([shoalAnswer.status, JSON.stringify(body)]).toEqual([peerAnswer.status, JSON.stringify(body)]);
    }
    const changed = { ...settings, newVideoFromSubscription: 0, newFollow: 3 };
    await peer.request('PUT', '/api/v1/users/me/notification-settings', { token: peerToken, body: changed });
    await shoal.api.call('put', '/api/v1/users/me/notification-settings', { token, json: changed, status: 204 });
    const peerAfter = (await peer.request('GET', '/api/v1/users/me', { token: peerToken })).body as typeof peerMe;
    expect((await shoal.api.me(token)).notificationSettings).toEqual(peerAfter.notificationSettings);
  });

  it('the list parameters PeerTube accepts and refuses, Shoal accepts and refuses', async () => {
    const peerToken = await peer.createUser(`par_${randomBytes(3).toString('hex')}`);
    const { token } = await shoal.api.registerAndLogin(`par_${randomBytes(2).toString('hex')}`);
    // Not listed: `unread=maybe`, which PeerTube takes as no filter and Shoal refuses (400).
    const gets = [
      '/api/v1/users/me/notifications?sort=read',
      '/api/v1/users/me/notifications?sort=-createdAt&start=0&count=0&unread=true',
      '/api/v1/users/me/notifications?sort=id',
      '/api/v1/users/me/notifications?typeOneOf=1&typeOneOf=10',
      '/api/v1/users/me/notifications?typeOneOf=x',
      '/api/v1/users/me/notifications?count=101',
      '/api/v1/users/me/subscriptions?sort=channelUpdatedAt',
      '/api/v1/users/me/subscriptions?sort=-id',
      '/api/v1/users/me/subscriptions?sort=name',
      '/api/v1/users/me/subscriptions?search=abc',
      '/api/v1/users/me/subscriptions/videos?sort=-publishedAt&isLocal=true',
    ];
    const statuses = async (send: (path: string) => Promise<number>) =>
      Promise.all(gets.map(async (path) => `${path} ${await send(path)}`));
    const peerStatuses = await statuses(
      async (path) => (await peer.request('GET', path, { token: peerToken, expect: [200, 400] })).status,
    );
    const shoalStatuses = await statuses(async (path) => (await shoal.api.raw('get', path, { token })).status);
    expect(shoalStatuses).toEqual(peerStatuses);

    for (const body of [{ ids: [] }, { ids: ['x'] }, { ids: [1] }]) {
      const peerAnswer = await peer.request('POST', '/api/v1/users/me/notifications/read', {
        token: peerToken,
        body,
        expect: [204, 400],
      });
      const shoalAnswer = await shoal.api.raw('post', '/api/v1/users/me/notifications/read', { token, json: body });
      expect([JSON.stringify(body), shoalAnswer.status]).toEqual([JSON.stringify(body), peerAnswer.status]);
    }
  });
});
