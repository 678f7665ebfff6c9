import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { flushViews } from '../utils/views.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';
import { ensurePeer, PEER_HOST, PeerTubeClient, type PeerVideo, waitUntil } from './utils/peertube-peer.js';

// Subscriptions, rates and views, both ways, with the real PeerTube 8 peer.

const peer = new PeerTubeClient();

interface PeerUser {
  username: string;
  token: string;
  channelName: string;
}

/** A new PeerTube user; names are unique per run, since the peer outlives the tests. */
async function createPeerUser(prefix: string): Promise<PeerUser> {
  const username = `${prefix}_${randomBytes(3).toString('hex')}`;
  return { username, token: await peer.createUser(username), channelName: `${username}_channel` };
}

/** A GET of PeerTube's API as a user. */
async function peerGet<T>(apiPath: string, token: string | null): Promise<T> {
  return (await peer.request('GET', apiPath, { token })).body as T;
}

/** A video as PeerTube shows it, once it has one. */
async function peerVideo(uuid: string, token: string | null = null): Promise<PeerVideo> {
  const video = await peer.video(uuid, token);
  if (!video) throw new Error(`PeerTube has no video ${uuid}`);
  return video;
}

/** Polls `read` until `done` holds of its value, and answers that value (federation crosses two job queues). */
async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value: T | undefined;
  await waitUntil(what, async () => {
    try {
      value = await read();
      return done(value);
    } catch {
      return false;
    }
  });
  return value as T;
}

describe('interop with PeerTube 8: subscriptions, rates and views', () => {
  let shoal: TestInstance;
  let folder: string;
  let clip: string;

  beforeAll(async () => {
    await ensurePeer();
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-interop-social-'));
    [[shoal], clip] = await Promise.all([
      startInstances(1),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 4, width: 320, height: 240 }),
    ]);
  });

  afterAll(async () => {
    await destroyInstances(shoal);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const shoalVideo = (uuid: string) => shoal.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`);

  /**
   * A Shoal user subscribed to a new PeerTube user's channel, accepted by PeerTube; `earlier` names a video the
   * channel publishes before the subscription.
   */
  async function shoalSubscriber(
    prefix: string,
    earlier?: string,
  ): Promise<{ token: string; peerUser: PeerUser; uri: string; earlierUuid?: string }> {
    const peerUser = await createPeerUser(prefix);
    const earlierUuid = earlier === undefined ? undefined : await peer.upload(peerUser.token, clip, { name: earlier });
    const { token } = await shoal.api.registerAndLogin(`${prefix}_${randomBytes(2).toString('hex')}`);
    const uri = `${peerUser.channelName}@${PEER_HOST}`;
    await shoal.api.call('post', '/api/v1/users/me/subscriptions', { token, json: { uri }, status: 204 });
    await waitFor(
      'PeerTube accepts the subscription',
      () =>
        shoal.api.call<Record<string, boolean>>('get', '/api/v1/users/me/subscriptions/exist', {
          token,
          query: { uris: uri },
        }),
      (exists) => exists[uri] === true,
    );
    return { token, peerUser, uri, earlierUuid };
  }

  /**
   * A PeerTube user subscribed to a new Shoal user's channel, accepted by Shoal; `earlier` names a video the channel
   * publishes before the subscription.
   */
  async function peerSubscriber(
    prefix: string,
    earlier?: string,
  ): Promise<{ peerUser: PeerUser; shoalToken: string; uri: string; earlierUuid?: string }> {
    const peerUser = await createPeerUser(prefix);
    const { token: shoalToken } = await shoal.api.registerAndLogin(`${prefix}_${randomBytes(2).toString('hex')}`);
    let earlierUuid: string | undefined;
    if (earlier !== undefined) {
      earlierUuid = await uploadVideo(shoal, shoalToken, { name: earlier, file: clip });
      await waitForJobs(shoal);
    }
    const uri = `${(await shoal.api.me(shoalToken)).videoChannels[0].name}@${shoal.host}`;
    await peer.request('POST', '/api/v1/users/me/subscriptions', { token: peerUser.token, body: { uri } });
    await waitFor(
      'Shoal accepts the subscription of the PeerTube user',
      () =>
        peerGet<Record<string, boolean>>(
          `/api/v1/users/me/subscriptions/exist?uris=${encodeURIComponent(uri)}`,
          peerUser.token,
        ),
      (exists) => exists[uri] === true,
    );
    return { peerUser, shoalToken, uri, earlierUuid };
  }

  it('a Shoal user subscribes to a PeerTube channel: PeerTube lists the follower, earlier and new videos arrive, unsubscribing ends the follow', async () => {
    const { token, peerUser, uri, earlierUuid } = await shoalSubscriber('sub', 'Published before the subscription');
    const followers = () =>
      peerGet<ResultList<{ follower: { host: string }; state: string }>>(
        `/api/v1/video-channels/${peerUser.channelName}/followers`,
        peerUser.token,
      );
    expect(await followers()).toMatchObject({
      total: 1,
      data: [{ follower: { host: shoal.host }, state: 'accepted' }],
    });

    const mine = await shoal.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token });
    expect(mine).toMatchObject({ total: 1, data: [{ name: peerUser.channelName, host: PEER_HOST, isLocal: false }] });
    expect(
      await shoal.api.call('get', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, { token }),
    ).toMatchObject({ name: peerUser.channelName, host: PEER_HOST });

    // Shoal's instance does not follow the peer: the videos come because the user follows the channel, the earlier
    // one from the channel's outbox, the later one as PeerTube publishes it.
    const uuid = await peer.upload(peerUser.token, clip, { name: 'Published after the subscription' });
    const videos = await waitFor(
      "both PeerTube videos are in the Shoal user's subscription videos",
      () => shoal.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', { token }),
      (list) => [uuid, earlierUuid].every((wanted) => list.data.some((video) => video.uuid === wanted)),
    );
    expect(videos.data.find((video) => video.uuid === uuid)).toMatchObject({
      name: 'Published after the subscription',
      isLocal: false,
      channel: { name: peerUser.channelName, host: PEER_HOST },
    });

    await shoal.api.call('delete', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
      token,
      status: 204,
    });
    await waitFor('PeerTube drops the follower', followers, (list) => list.total === 0);
    expect(
      (await shoal.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token })).total,
    ).toBe(0);
  });

  it('a PeerTube user subscribes to a Shoal channel: Shoal lists the follower, earlier and new Shoal videos reach PeerTube, unsubscribing ends the follow', async () => {
    const { peerUser, shoalToken, uri, earlierUuid } = await peerSubscriber('ptsub', 'Shoal video from before');
    const channelName = uri.split('@')[0];
    const shoalChannel = () => shoal.api.call<VideoChannel>('get', `/api/v1/video-channels/${channelName}`);
    expect((await shoalChannel()).followersCount).toBe(1);
    expect(
      await shoal.api.call('get', `/api/v1/video-channels/${channelName}/followers`, { token: shoalToken }),
    ).toMatchObject({
      total: 1,
      data: [{ follower: { name: peerUser.username, host: PEER_HOST }, state: 'accepted' }],
    });

    const uuid = await uploadVideo(shoal, shoalToken, { name: 'Shoal video for subscribers', file: clip });
    await waitForJobs(shoal);
    // The earlier video from the channel's outbox (PeerTube reads it once the follow is accepted), the later one as
    // Shoal publishes it.
    await waitFor(
      "both Shoal videos are in the PeerTube user's subscription videos",
      () => peerGet<ResultList<Video>>('/api/v1/users/me/subscriptions/videos', peerUser.token),
      (list) => [uuid, earlierUuid].every((wanted) => list.data.some((video) => video.uuid === wanted)),
    );

    await peer.request('DELETE', `/api/v1/users/me/subscriptions/${encodeURIComponent(uri)}`, {
      token: peerUser.token,
    });
    await waitFor('Shoal drops the PeerTube follower', shoalChannel, (channel) => channel.followersCount === 0);
  });

  it("a Shoal user's likes, dislikes, rate changes and views of a PeerTube video count on PeerTube", async () => {
    const { token, peerUser } = await shoalSubscriber('rates');
    const uuid = await peer.upload(peerUser.token, clip, { name: 'Rated from Shoal' });
    await waitFor(
      'Shoal has the PeerTube video',
      () => shoalVideo(uuid),
      () => true,
    );
    const rate = (rating: string) =>
      shoal.api.call('put', `/api/v1/videos/${uuid}/rate`, { token, json: { rating }, status: 204 });
    const onPeer = (likes: number, dislikes: number, what: string) =>
      waitFor(
        what,
        () => peerVideo(uuid),
        (video) => video.likes === likes && video.dislikes === dislikes,
      );

    await rate('like');
    expect(await shoal.api.call('get', `/api/v1/users/me/videos/${uuid}/rating`, { token })).toMatchObject({
      rating: 'like',
    });
    expect(await shoalVideo(uuid)).toMatchObject({ likes: 1 });
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

    // Two views from one viewer within the window: one view for PeerTube. The viewer's View with `expires` makes
    // them one of the video's viewers there while it lasts (5 s in the tests of both).
    await shoal.api.call('post', `/api/v1/videos/${uuid}/views`, { json: { currentTime: 2 }, status: 204 });
    await waitFor(
      'PeerTube counts the viewer Shoal reports',
      () => peerVideo(uuid),
      (video) => video.viewers === 1,
    );
    await shoal.api.call('post', `/api/v1/videos/${uuid}/views`, { json: { currentTime: 3 }, status: 204 });
    await waitFor(
      'PeerTube counts the view',
      () => peerVideo(uuid),
      (video) => video.views === 1,
    );
    await waitForJobs(shoal);
    await sleep(6_000); // PeerTube writes buffered views every 5 s in test mode.
    expect((await peerVideo(uuid)).views).toBe(1);
  });

  it("a PeerTube user's likes, dislikes, rate changes and views of a Shoal video count on Shoal, and PeerTube's copy shows Shoal's rates", async () => {
    const { peerUser, shoalToken } = await peerSubscriber('ptrates');
    const uuid = await uploadVideo(shoal, shoalToken, { name: 'Rated from PeerTube', file: clip });
    await waitForJobs(shoal);
    await waitFor(
      'PeerTube has the Shoal video',
      () => peerVideo(uuid, peerUser.token),
      () => true,
    );
    const rate = (rating: string) =>
      peer.request('PUT', `/api/v1/videos/${uuid}/rate`, { token: peerUser.token, body: { rating } });
    const onShoal = (likes: number, dislikes: number, what: string) =>
      waitFor(
        what,
        () => shoalVideo(uuid),
        (video) => video.likes === likes && video.dislikes === dislikes,
      );

    await rate('like');
    await onShoal(1, 0, 'Shoal counts the like');
    // PeerTube sends the Undo of the like and the dislike at once.
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
      "PeerTube's copy shows both likes after a refresh",
      () => peerVideo(uuid, peerUser.token),
      (video) => video.likes === 2,
    );

    // PeerTube counts a view once the viewer watched enough of it (half of a short video), then tells the origin.
    const view = (currentTime: number) =>
      peer.request('POST', `/api/v1/videos/${uuid}/views`, { token: peerUser.token, body: { currentTime } });
    await view(0);
    // PeerTube reports its viewer to the origin at once (View with `expires`): one of the video's viewers here.
    await waitFor(
      'Shoal counts the viewer PeerTube reports',
      () => shoalVideo(uuid),
      (video) => video.viewers === 1,
    );
    await sleep(1_000);
    await view(3);
    // Shoal counts views in a buffer, written by its views flush.
    await waitFor(
      'Shoal counts the view reported by PeerTube',
      async () => {
        await flushViews(shoal);
        return shoalVideo(uuid);
      },
      (video) => video.views === 1,
    );
    // PeerTube also reports the viewer as still watching (View with `expires`): that is not another view.
    await sleep(6_000);
    await waitForJobs(shoal);
    await flushViews(shoal);
    expect((await shoalVideo(uuid)).views).toBe(1);
    // Shoal's flush sent an Update of the video to its followers: PeerTube's copy shows the count.
    await waitFor(
      "PeerTube's copy shows Shoal's view count",
      () => peerVideo(uuid, peerUser.token),
      (video) => video.views === 1,
    );

    // Shoal sends its video's viewers to followers every viewer window: PeerTube's copy shows Shoal's figure, which
    // is more than PeerTube saw itself (the viewers keep reporting while the test waits).
    await waitFor(
      "PeerTube's copy shows the viewers Shoal counts",
      async () => {
        for (const sessionId of ['i1', 'i2', 'i3'])
          await shoal.api.call('post', `/api/v1/videos/${uuid}/views`, {
            json: { currentTime: 1, sessionId },
            status: 204,
          });
        return peerVideo(uuid, peerUser.token);
      },
      (video) => video.viewers >= 3,
    );
  });
});
