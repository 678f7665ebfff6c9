import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorImage } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { ActorFollow as Follow } from '../../shared/models/server/follow.model.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateImage } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { PEER_HOST, waitUntil } from './utils/peertube-peer.js';
import { InteropSession } from './utils/interop-session.js';

/**
 * Avatars and banners between Shoal and an unmodified PeerTube 8: each shows the other's channel pictures once it
 * knows the channel (through a video), and follows the Update of the channel when they change.
 */

const run = promisify(execFile);

/** What PeerTube answers of an actor's pictures (its own shape, which Shoal copies). */
interface PeerImage {
  width: number;
  height: number;
  path: string;
  fileUrl: string;
}
interface PeerVideoActors {
  channel: { name: string; host: string; avatars: PeerImage[] };
  account: { name: string; host: string; avatars: PeerImage[] };
}

const session = new InteropSession('avatars');
const { peer } = session;
const file = (name: string) => path.join(session.scratch, name);
let shoal: TestInstance;
let shoalToken: string;
let clip: string;

async function shoalVideo(uuid: string): Promise<VideoDetails | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}`);
  return response.status === 200 ? (response.body as VideoDetails) : undefined;
}

async function peerVideo(uuid: string): Promise<PeerVideoActors | undefined> {
  const { status, body } = await peer.request('GET', `/api/v1/videos/${uuid}`, {
    token: null,
    expect: [200, 403, 404],
  });
  return status === 200 ? (body as PeerVideoActors) : undefined;
}

async function ensureMutualFollows(): Promise<void> {
  const following = await shoal.api.call<ResultList<Follow>>('get', '/api/v1/server/following', {
    token: shoalToken,
  });
  if (!following.data.some((f) => f.following.host === PEER_HOST && f.state === 'accepted')) {
    await shoal.api.call('post', '/api/v1/server/following', {
      token: shoalToken,
      json: { hosts: [PEER_HOST] },
      status: 204,
    });
  }
  if ((await peer.followingState(shoal.host)) !== 'accepted') await peer.follow(shoal.host);
  await waitUntil('mutual follows', async () => {
    const list = await shoal.api.call<ResultList<Follow>>('get', '/api/v1/server/following', { token: shoalToken });
    const shoalFollows = list.data.some((f) => f.following.host === PEER_HOST && f.state === 'accepted');
    return shoalFollows && (await peer.followingState(shoal.host)) === 'accepted';
  });
}

/** The picture a URL serves, as ffprobe sees it. */
async function probe(url: string): Promise<{ width: number; height: number }> {
  const response = await fetch(url);
  expect(response.status, url).toBe(200);
  const local = file(`probe-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  await writeFile(local, Buffer.from(await response.arrayBuffer()));
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=width,height',
    '-of',
    'json',
    local,
  ]);
  return (JSON.parse(stdout) as { streams: { width: number; height: number }[] }).streams[0];
}

/** Posts a picture to a PeerTube route (multipart), as its web client does. */
async function peerPick(token: string, route: string, field: string, picture: string): Promise<unknown> {
  const form = new FormData();
  form.set(field, new Blob([readFileSync(picture)], { type: 'image/png' }), path.basename(picture));
  return (await peer.request('POST', route, { token, body: form })).body;
}

beforeAll(async () => {
  ({ shoal, shoalToken, clip } = await session.begin(3));
  await Promise.all([
    generateImage({ path: file('first.png'), width: 700, height: 500 }),
    generateImage({ path: file('second.png'), width: 300, height: 300 }),
  ]);
}, 600_000);

afterAll(() => session.end());

describe('avatars between Shoal and PeerTube', () => {
  it("Shoal → PeerTube: a Shoal channel's and account's avatars show on PeerTube, and an Update changes them", async () => {
    await ensureMutualFollows();
    const { token } = await shoal.api.registerAndLogin(`pics${process.pid}`);
    const channelRoute = `/api/v1/video-channels/pics${process.pid}_channel`;
    const set = async (route: string, picture: string) => {
      const response = await shoal.api.raw('post', route, { token }).attach('avatarfile', picture);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return (response.body as { avatars: ActorImage[] }).avatars;
    };
    await set(`${channelRoute}/avatar/pick`, file('first.png'));
    await set('/api/v1/users/me/avatar/pick', file('second.png'));

    const uuid = await uploadVideo(shoal, token, { name: `Pictured on Shoal ${process.pid}`, file: clip });
    await waitUntil('published on Shoal', async () => (await shoalVideo(uuid))?.state.id === VideoState.Published);
    await waitUntil('PeerTube shows the video with the avatars', async () => {
      const video = await peerVideo(uuid);
      return !!video && video.channel.avatars.length > 0 && video.account.avatars.length > 0;
    });
    const onPeer = (await peerVideo(uuid))!;
    expect(onPeer.channel.host).toBe(shoal.host);
    // PeerTube keeps every size Shoal offers, and serves each (fetched from Shoal) at its own URL.
    expect(onPeer.channel.avatars.map((image) => image.width).sort((x, y) => x - y)).toEqual([48, 120, 600, 1500]);
    for (const image of onPeer.channel.avatars) {
      expect(image.fileUrl.startsWith(`http://${PEER_HOST}/lazy-static/avatars/`)).toBe(true);
      expect(await probe(image.fileUrl)).toEqual({ width: image.width, height: image.height });
    }

    const before = onPeer.channel.avatars.map((image) => image.path);
    await set(`${channelRoute}/avatar/pick`, file('second.png'));
    await waitUntil('PeerTube takes the Update of the channel', async () => {
      const avatars = (await peerVideo(uuid))?.channel.avatars ?? [];
      return avatars.length === 4 && avatars.every((image) => !before.includes(image.path));
    });
  });

  it("PeerTube → Shoal: a PeerTube channel's avatar and banner show on Shoal, and an Update changes them", async () => {
    await ensureMutualFollows();
    const username = `pt_pics${process.pid}`;
    const userToken = await peer.createUser(username);
    const route = `/api/v1/video-channels/${username}_channel`;
    await peerPick(userToken, `${route}/avatar/pick`, 'avatarfile', file('first.png'));
    await peerPick(userToken, `${route}/banner/pick`, 'bannerfile', file('first.png'));
    await peerPick(userToken, '/api/v1/users/me/avatar/pick', 'avatarfile', file('second.png'));
    const peerChannel = (await peer.request('GET', route, { token: null })).body as { avatars: PeerImage[] };

    const uuid = await peer.upload(userToken, clip, { name: `Pictured on PeerTube ${process.pid}` });
    await waitUntil('Shoal lists the PeerTube video', async () => (await shoalVideo(uuid)) !== undefined);
    const video = (await shoalVideo(uuid))!;
    // The origin's files, by their URLs (Shoal does not copy them), every size PeerTube offers.
    const urls = (images: { fileUrl: string }[]) => images.map((image) => image.fileUrl).sort();
    expect(urls(video.channel.avatars)).toEqual(urls(peerChannel.avatars));
    expect(video.account.avatars.length).toBeGreaterThan(0);
    for (const image of video.channel.avatars) {
      expect(await probe(image.fileUrl)).toEqual({ width: image.width, height: image.height });
      // Shoal's own path for it leads to PeerTube's file.
      const redirect = await fetch(`${shoal.url}${image.path}`, { redirect: 'manual' });
      expect(redirect.headers.get('location')).toBe(image.fileUrl);
    }

    // Subscribed, Shoal's user sees the whole channel, its banner included.
    const { token } = await shoal.api.registerAndLogin(`fan${process.pid}`);
    await shoal.api.call('post', '/api/v1/users/me/subscriptions', {
      token,
      json: { uri: `${username}_channel@${PEER_HOST}` },
      status: 204,
    });
    const subscribed = async () =>
      (
        await shoal.api.call<ResultList<{ avatars: ActorImage[]; banners: ActorImage[] }>>(
          'get',
          '/api/v1/users/me/subscriptions',
          { token },
        )
      ).data[0];
    await waitUntil('the subscription shows the banner', async () => ((await subscribed())?.banners.length ?? 0) > 0);
    const peerBanners = ((await peer.request('GET', route, { token: null })).body as { banners: PeerImage[] }).banners;
    expect(urls((await subscribed()).banners)).toEqual(urls(peerBanners));

    await peerPick(userToken, `${route}/avatar/pick`, 'avatarfile', file('second.png'));
    const changed = ((await peer.request('GET', route, { token: null })).body as { avatars: PeerImage[] }).avatars;
    await waitUntil('Shoal takes the Update of the channel', async () => {
      const avatars = (await shoalVideo(uuid))?.channel.avatars ?? [];
      return JSON.stringify(urls(avatars)) === JSON.stringify(urls(changed));
    });
  });
});
