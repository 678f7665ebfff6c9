import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { ApiClient } from '../utils/api-client.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

// A minimal stand-in for the interop harness (test/interop/utils/peertube-peer.ts): a real PeerTube 8 peer already
// running (peer.sh start), reached at PEERTUBE_PEER_URL.
const PEER_URL = process.env.PEERTUBE_PEER_URL ?? 'http://localhost:9100';
const PEER_ROOT_PASSWORD = 'test';

interface PeerUser {
  username: string;
  token: string;
  channel: { id: number; name: string };
}

class PeerTubePeer {
  readonly api = new ApiClient(PEER_URL);
  readonly host = new URL(PEER_URL).host;
  private rootToken?: string;

  async root(): Promise<string> {
    this.rootToken ??= (await this.api.login('root', PEER_ROOT_PASSWORD)).access_token;
    return this.rootToken;
  }

  /** A new user with its default channel; names are unique per run, since the peer outlives the tests. */
  async createUser(prefix: string): Promise<PeerUser> {
    const username = `${prefix}_${randomBytes(3).toString('hex')}`;
    const password = 'peer-password';
    await this.api.call('post', '/api/v1/users', {
      token: await this.root(),
      json: { username, password, email: `${username}@peer.test`, role: 2, videoQuota: -1, videoQuotaDaily: -1 },
    });
    const token = (await this.api.login(username, password)).access_token;
    const me = await this.api.call<{ videoChannels: { id: number; name: string }[] }>('get', '/api/v1/users/me', {
      token,
    });
    return { username, token, channel: me.videoChannels[0] };
  }

  /** Uploads a public video and resolves once PeerTube published it (transcoded). */
  async upload(user: PeerUser, name: string, file: string): Promise<string> {
    const response = await this.api
      .raw('post', '/api/v1/videos/upload', { token: user.token })
      .field('channelId', String(user.channel.id))
      .field('name', name)
      .field('privacy', '1')
      .attach('videofile', file);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const uuid = (response.body as { video: { uuid: string } }).video.uuid;
    await waitFor(
      () => this.video(uuid),
      (video) => video.state.id === VideoState.Published,
      'PeerTube publishes the video',
    );
    return uuid;
  }

  video(uuid: string, token?: string): Promise<VideoDetails> {
    return this.api.call('get', `/api/v1/videos/${uuid}`, { token });
  }
}

/** Polls `read` until `done` holds of its value (federation crosses two servers and their job queues). */
async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: Error | undefined;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (error) {
      lastError = error instanceof Error ? error : new Error(JSON.stringify(error));
    }
    await sleep(500);
  }
  throw new Error(
    `timed out waiting until ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${lastError.message}` : ''}`,
  );
}

describe('interop with PeerTube 8: subscriptions, rates and views', { timeout: 240_000 }, () => {
  const peer = new PeerTubePeer();
  let shoal: TestInstance;
  let folder: string;
  let clip: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-interop-social-'));
    [[shoal], clip] = await Promise.all([
      startInstances(1),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 4, width: 320, height: 240 }),
    ]);
    await peer.api.getConfig();
  });

  afterAll(async () => {
    await destroyInstances(shoal);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  /** A Shoal user subscribed to a new PeerTube user's channel, accepted by PeerTube. */
  async function shoalSubscriber(prefix: string): Promise<{ token: string; peerUser: PeerUser; uri: string }> {
    const peerUser = await peer.createUser(prefix);
    const { token } = await shoal.api.registerAndLogin(`${prefix}_${randomBytes(2).toString('hex')}`);
    const uri = `${peerUser.channel.name}@${peer.host}`;
    await shoal.api.call('post', '/api/v1/users/me/subscriptions', { token, json: { uri }, status: 204 });
    await waitFor(
      () =>
        shoal.api.call<Record<string, boolean>>('get', '/api/v1/users/me/subscriptions/exist', {
          token,
          query: { uris: uri },
        }),
      (exists) => exists[uri] === true,
      'PeerTube accepts the subscription',
    );
    return { token, peerUser, uri };
  }

  /** A PeerTube user subscribed to a new Shoal user's channel, accepted by Shoal. */
  async function peerSubscriber(prefix: string): Promise<{ peerUser: PeerUser; shoalToken: string; uri: string }> {
    const peerUser = await peer.createUser(prefix);
    const { token: shoalToken, user } = await shoal.api.registerAndLogin(`${prefix}_${randomBytes(2).toString('hex')}`);
    const channelName = (await shoal.api.me(shoalToken)).videoChannels[0].name;
    expect(user.username).toBeDefined();
    const uri = `${channelName}@${shoal.host}`;
    await peer.api.call('post', '/api/v1/users/me/subscriptions', {
      token: peerUser.token,
      json: { uri },
      status: 204,
    });
    await waitFor(
      () =>
        peer.api.call<Record<string, boolean>>('get', '/api/v1/users/me/subscriptions/exist', {
          token: peerUser.token,
          query: { uris: uri },
        }),
      (exists) => exists[uri] === true,
      'Shoal accepts the subscription of the PeerTube user',
    );
    return { peerUser, shoalToken, uri };
  }

  it('a Shoal user subscribes to a PeerTube channel: PeerTube lists the follower, new videos arrive, unsubscribing ends the follow', async () => {
    const { token, peerUser, uri } = await shoalSubscriber('sub');
    const followers = () =>
      peer.api.call<ResultList<{ follower: { name: string; host: string }; state: string }>>(
        'get',
        `/api/v1/video-channels/${peerUser.channel.name}/followers`,
        { token: peerUser.token },
      );
    const listed = await followers();
    expect(listed.total).toBe(1);
    expect(listed.data[0]).toMatchObject({ follower: { host: shoal.host }, state: 'accepted' });

    const mine = await shoal.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token });
    expect(mine).toMatchObject({ total: 1, data: [{ name: peerUser.channel.name, host: peer.host, isLocal: false }] });
    expect(
      await shoal.api.call<VideoChannel>('get', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
        token,
      }),
    ).toMatchObject({ name: peerUser.channel.name, host: peer.host });

    // Shoal's instance does not follow the peer: the video comes because the user follows its channel.
    const uuid = await peer.upload(peerUser, 'Published after the subscription', clip);
    const videos = await waitFor(
      () => shoal.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', { token }),
      (list) => list.data.some((video) => video.uuid === uuid),
      "the PeerTube video is in the Shoal user's subscription videos",
    );
    expect(videos.data.find((video) => video.uuid === uuid)).toMatchObject({
      name: 'Published after the subscription',
      isLocal: false,
      channel: { name: peerUser.channel.name, host: peer.host },
    });

    await shoal.api.call('delete', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
      token,
      status: 204,
    });
    await waitFor(followers, (list) => list.total === 0, 'PeerTube drops the follower');
    expect(
      (await shoal.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token })).total,
    ).toBe(0);
  });

  it('a PeerTube user subscribes to a Shoal channel: Shoal lists the follower, new Shoal videos reach PeerTube, unsubscribing ends the follow', async () => {
    const { peerUser, shoalToken, uri } = await peerSubscriber('ptsub');
    const channelName = uri.split('@')[0];
    const shoalChannel = () => shoal.api.call<VideoChannel>('get', `/api/v1/video-channels/${channelName}`);
    expect((await shoalChannel()).followersCount).toBe(1);
    expect(
      await shoal.api.call('get', `/api/v1/video-channels/${channelName}/followers`, { token: shoalToken }),
    ).toMatchObject({
      total: 1,
      data: [{ follower: { name: peerUser.username, host: peer.host }, state: 'accepted' }],
    });
    const collection = (await (
      await fetch(`${shoal.url}/video-channels/${channelName}/followers`, {
        headers: { Accept: 'application/activity+json' },
      })
    ).json()) as { totalItems: number };
    expect(collection.totalItems).toBe(1);

    const uuid = await uploadVideo(shoal, shoalToken, { name: 'Shoal video for subscribers', file: clip });
    await waitForJobs(shoal);
    await waitFor(
      () => peer.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', { token: peerUser.token }),
      (list) => list.data.some((video) => video.uuid === uuid),
      "the Shoal video is in the PeerTube user's subscription videos",
    );

    await peer.api.call('delete', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
      token: peerUser.token,
      status: 204,
    });
    await waitFor(shoalChannel, (channel) => channel.followersCount === 0, 'Shoal drops the PeerTube follower');
  });

  it("a Shoal user's likes, dislikes, rate changes and views of a PeerTube video count on PeerTube", async () => {
    const { token, peerUser } = await shoalSubscriber('rates');
    const uuid = await peer.upload(peerUser, 'Rated from Shoal', clip);
    await waitFor(
      () => shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
      () => true,
      'Shoal has the PeerTube video',
    );
    const rate = (rating: string) =>
      shoal.api.call('put', `/api/v1/videos/${uuid}/rate`, { token, json: { rating }, status: 204 });
    const onPeer = (likes: number, dislikes: number, what: string) =>
      waitFor(
        () => peer.video(uuid),
        (video) => video.likes === likes && video.dislikes === dislikes,
        what,
      );

    await rate('like');
    expect(await shoal.api.call('get', `/api/v1/users/me/videos/${uuid}/rating`, { token })).toMatchObject({
      rating: 'like',
    });
    expect(await shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).toMatchObject({ likes: 1 });
    await onPeer(1, 0, 'PeerTube counts the like');

    await rate('dislike');
    await onPeer(0, 1, 'PeerTube counts the dislike instead of the like');

    await rate('none');
    await onPeer(0, 0, 'PeerTube drops the dislike');
    expect(await shoal.api.call('get', `/api/v1/users/me/videos/${uuid}/rating`, { token })).toMatchObject({
      rating: 'none',
    });

    await rate('like');
    await onPeer(1, 0, 'PeerTube counts a like given again');

    // Two views from one viewer within the window: one view for PeerTube.
    await shoal.api.call('post', `/api/v1/videos/${uuid}/views`, { json: { currentTime: 2 }, status: 204 });
    await shoal.api.call('post', `/api/v1/videos/${uuid}/views`, { json: { currentTime: 3 }, status: 204 });
    await waitFor(
      () => peer.video(uuid),
      (video) => video.views === 1,
      'PeerTube counts the view',
    );
    await waitForJobs(shoal);
    await sleep(6_000); // PeerTube writes buffered views every 5 s in test mode.
    expect((await peer.video(uuid)).views).toBe(1);
  });

  it("a PeerTube user's likes, dislikes, rate changes and views of a Shoal video count on Shoal, and PeerTube's copy shows Shoal's rates", async () => {
    const { peerUser, shoalToken } = await peerSubscriber('ptrates');
    const uuid = await uploadVideo(shoal, shoalToken, { name: 'Rated from PeerTube', file: clip });
    await waitForJobs(shoal);
    await waitFor(
      () => peer.video(uuid, peerUser.token),
      () => true,
      'PeerTube has the Shoal video',
    );
    const rate = (rating: string) =>
      peer.api.call('put', `/api/v1/videos/${uuid}/rate`, { token: peerUser.token, json: { rating }, status: 204 });
    const onShoal = (likes: number, dislikes: number, what: string) =>
      waitFor(
        () => shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
        (video) => video.likes === likes && video.dislikes === dislikes,
        what,
      );

    await rate('like');
    await onShoal(1, 0, 'Shoal counts the like');
    await rate('dislike');
    await onShoal(0, 1, 'Shoal counts the dislike instead of the like');
    await rate('none');
    await onShoal(0, 0, 'Shoal drops the dislike');
    await rate('like');
    await onShoal(1, 0, 'Shoal counts a like given again');

    // A like on Shoal's side reaches PeerTube's copy when PeerTube refreshes it (from the likes collection).
    await shoal.api.call('put', `/api/v1/videos/${uuid}/rate`, {
      token: shoalToken,
      json: { rating: 'like' },
      status: 204,
    });
    await onShoal(2, 0, 'Shoal counts both likes');
    await waitFor(
      () => peer.video(uuid, peerUser.token),
      (video) => video.likes === 2,
      "PeerTube's copy shows both likes after a refresh",
      90_000,
    );

    // PeerTube counts a view once the viewer watched enough of it (half of a short video), then tells the origin.
    const view = (currentTime: number) =>
      peer.api.call('post', `/api/v1/videos/${uuid}/views`, {
        token: peerUser.token,
        json: { currentTime },
        status: 204,
      });
    await view(0);
    await sleep(1_000);
    await view(3);
    await waitFor(
      () => shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
      (video) => video.views === 1,
      'Shoal counts the view reported by PeerTube',
    );
    // PeerTube also reports the viewer as still watching (View with `expires`): that is not another view.
    await sleep(6_000);
    await waitForJobs(shoal);
    expect((await shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`)).views).toBe(1);
  });
});
