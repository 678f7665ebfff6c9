import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPubActor } from '../../shared/models/activitypub/actor.js';
import type { ActivityIconObject } from '../../shared/models/activitypub/common-objects.js';
import type { ActorImage, VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { describeMedia, generateClip, generateImage } from '../fixtures/media.js';
import { signRequest } from '../../server/federation/signatures/http-signatures.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const run = promisify(execFile);

/** Posts an activity to `target`'s shared inbox, signed with the key of `sender`'s actor `actorUrl`. */
async function postSigned(sender: TestInstance, target: TestInstance, actorUrl: string, activity: object) {
  const [row] = await queryDatabase<{ private_key: string }>(
    sender.databaseName,
    'SELECT private_key FROM actors WHERE url = $1',
    [actorUrl],
  );
  const body = JSON.stringify(activity);
  const headers = signRequest({
    method: 'POST',
    url: `${target.url}/inbox`,
    body,
    keyId: `${actorUrl}#main-key`,
    privateKeyPem: row.private_key,
  });
  return fetch(`${target.url}/inbox`, {
    method: 'POST',
    body,
    headers: { ...headers, 'Content-Type': 'application/activity+json' },
  });
}

/**
 * A multipart upload of one file part, `head` then `fillerBytes` zero bytes, sent chunked and stopped as soon as an
 * answer arrives (as a browser does); the answer and how much had been sent by then.
 */
function streamMultipart(
  url: URL,
  token: string,
  field: string,
  { head, fillerBytes }: { head: Buffer; fillerBytes: number },
): Promise<{ status: number; body: Record<string, unknown> | undefined; sentWhenAnswered: number }> {
  const boundary = 'shoal-avatar-boundary';
  const preamble = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="big.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    ),
    head,
  ]);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    });
    request.on('error', () => resolve({ status: 0, body: undefined, sentWhenAnswered: sent }));
    request.on('response', (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, sentWhenAnswered });
      });
    });
    const pump = async () => {
      request.write(preamble);
      sent += preamble.length;
      const chunk = Buffer.alloc(64 * 1024);
      for (let left = fillerBytes; left > 0 && !answered && !request.destroyed; left -= chunk.length) {
        sent += chunk.length;
        if (!request.write(chunk)) await new Promise((drained) => request.once('drain', drained));
      }
      if (!answered && !request.destroyed) request.end(`\r\n--${boundary}--\r\n`);
    };
    request.flushHeaders();
    void pump();
  });
}
const IMAGE_NAME = /^\/lazy-static\/(avatars|banners)\/[0-9a-f-]{36}\.(png|jpg|webp)$/;

describe('avatars and banners', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let carol: string;
  let dave: string;
  const file = (name: string) => path.join(folder, name);

  /** Files of the store's avatars or banners folder on an instance. */
  const stored = async (instance: TestInstance, kind: 'avatars' | 'banners') =>
    (await readdir(path.join(instance.storageDir, kind)).catch(() => [] as string[])).sort();
  const uploadsLeft = async (instance: TestInstance) =>
    readdir(path.join(instance.storageDir, 'tmp', 'uploads')).catch(() => [] as string[]);

  const pick = (instance: TestInstance, token: string | undefined, route: string, field: string, picture: string) => {
    const request = instance.api.raw('post', route, { token });
    return request.attach(field, picture);
  };

  /** Downloads a served image and answers what ffprobe sees in it. */
  async function probeServed(image: ActorImage): Promise<{ codec: string; width?: number; height?: number }> {
    const response = await fetch(image.fileUrl);
    expect(response.status, image.fileUrl).toBe(200);
    const local = file(`served-${randomBytes(4).toString('hex')}`);
    await writeFile(local, Buffer.from(await response.arrayBuffer()));
    const { streams } = await describeMedia(local);
    return { codec: streams[0].codec_name, width: streams[0].width, height: streams[0].height };
  }

  async function expectSizes(images: ActorImage[], instance: TestInstance, sizes: [number, number][], codec: string) {
    expect(images.map((image) => [image.width, image.height])).toEqual(sizes);
    for (const image of images) {
      expect(image.path).toMatch(IMAGE_NAME);
      expect(image.fileUrl).toBe(`${instance.url}${image.path}`);
      expect(Date.parse(image.createdAt)).not.toBeNaN();
      expect(Date.parse(image.updatedAt)).not.toBeNaN();
      expect(await probeServed(image)).toEqual({ codec, width: image.width, height: image.height });
    }
  }

  const AVATAR_SIZES: [number, number][] = [
    [48, 48],
    [120, 120],
    [600, 600],
    [1500, 1500],
  ];
  const BANNER_SIZES: [number, number][] = [
    [600, 100],
    [1920, 317],
  ];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-avatars-'));
    [[a, b]] = await Promise.all([
      startInstances(2),
      generateImage({ path: file('square.png'), width: 800, height: 600 }),
      generateImage({ path: file('photo.jpg'), width: 1000, height: 400 }),
      generateClip({ path: file('clip.mp4'), seconds: 2, width: 320, height: 180 }),
    ]);
    await run(
      'ffmpeg',
      ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360', '-frames:v', '1'].concat([
        '-c:v',
        'libwebp',
        file('wide.webp'),
      ]),
    );
    ({ token: carol } = await a.api.registerAndLogin('carol'));
    ({ token: dave } = await a.api.registerAndLogin('dave'));
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("sets a user's avatar in PeerTube's four sizes, served at /lazy-static/avatars, shown on the account", async () => {
    const response = await pick(a, carol, '/api/v1/users/me/avatar/pick', 'avatarfile', file('square.png'));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { avatars } = response.body as { avatars: ActorImage[] };
    await expectSizes(avatars, a, AVATAR_SIZES, 'png');
    expect((await fetch(avatars[0].fileUrl)).headers.get('content-type')).toBe('image/png');

    const me = await a.api.me(carol);
    expect(me.account.avatars).toEqual(avatars);
    expect((await a.api.getAccount('carol')).avatars).toEqual(avatars);
    expect(await stored(a, 'avatars')).toEqual(avatars.map((image) => path.basename(image.path)).sort());
    expect(await uploadsLeft(a)).toEqual([]);
  });

  it("sets a channel's avatar (JPEG) and banner (WebP); replacing one removes its old files", async () => {
    const route = '/api/v1/video-channels/carol_channel';
    const avatar = await pick(a, carol, `${route}/avatar/pick`, 'avatarfile', file('photo.jpg'));
    expect(avatar.status, JSON.stringify(avatar.body)).toBe(200);
    await expectSizes((avatar.body as { avatars: ActorImage[] }).avatars, a, AVATAR_SIZES, 'mjpeg');

    const banner = await pick(a, carol, `${route}/banner/pick`, 'bannerfile', file('wide.webp'));
    expect(banner.status, JSON.stringify(banner.body)).toBe(200);
    const { banners } = banner.body as { banners: ActorImage[] };
    await expectSizes(banners, a, BANNER_SIZES, 'webp');

    const replaced = await pick(a, carol, `${route}/banner/pick`, 'bannerfile', file('square.png'));
    expect(replaced.status).toBe(200);
    const newBanners = (replaced.body as { banners: ActorImage[] }).banners;
    await expectSizes(newBanners, a, BANNER_SIZES, 'png');
    for (const old of banners) expect((await fetch(old.fileUrl)).status).toBe(404);
    expect(await stored(a, 'banners')).toEqual(newBanners.map((image) => path.basename(image.path)).sort());

    const channel = await a.api.getChannel('carol_channel');
    expect(channel.avatars).toEqual((avatar.body as { avatars: ActorImage[] }).avatars);
    expect(channel.banners).toEqual(newBanners);
    expect(channel.ownerAccount.avatars).toHaveLength(4);
    const listed = await a.api.listChannels();
    expect(listed.data.find((candidate) => candidate.name === 'carol_channel')).toMatchObject({
      avatars: channel.avatars,
      banners: channel.banners,
    });
    expect((await a.api.listAccountChannels('carol')).data[0].banners).toEqual(newBanners);
  });

  it("shows the account's and the channel's avatars in video answers", async () => {
    const uuid = await uploadVideo(a, carol, { name: 'Pictured', file: file('clip.mp4') });
    await waitForJobs(a);
    const [details, list] = await Promise.all([
      a.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`),
      a.api.call<ResultList<Video>>('get', '/api/v1/videos'),
    ]);
    const channel = await a.api.getChannel('carol_channel');
    const account = await a.api.getAccount('carol');
    for (const video of [details, list.data.find((candidate) => candidate.uuid === uuid)!]) {
      expect(video.channel.avatars).toEqual(channel.avatars);
      expect(video.account.avatars).toEqual(account.avatars);
    }
  });

  it('refuses what is not a PNG, JPEG or WebP picture with a problem naming the field, and stores nothing', async () => {
    await writeFile(file('text.png'), 'not a picture at all\n'.repeat(100));
    const png = await readFile(file('square.png'));
    await writeFile(file('truncated.png'), png.subarray(0, Math.floor(png.length / 3)));
    const before = { avatars: await stored(a, 'avatars'), banners: await stored(a, 'banners') };
    const cases: [string, string, string, string, string][] = [
      ['text named .png', '/api/v1/users/me/avatar/pick', 'avatarfile', file('text.png'), 'invalid_image'],
      ['a video named .jpg', '/api/v1/users/me/avatar/pick', 'avatarfile', file('clip.mp4'), 'invalid_image'],
      ['a truncated PNG', '/api/v1/users/me/avatar/pick', 'avatarfile', file('truncated.png'), 'invalid_image'],
      [
        'a text banner',
        '/api/v1/video-channels/carol_channel/banner/pick',
        'bannerfile',
        file('text.png'),
        'invalid_image',
      ],
    ];
    for (const [name, route, field, picture, code] of cases) {
      const response = await pick(a, carol, route, field, picture);
      expect(response.status, name).toBe(400);
      expect(response.headers['content-type'], name).toMatch(/^application\/problem\+json/);
      expect(response.body.code, name).toBe(code);
      expect(Object.keys(response.body['invalid-params']), name).toEqual([field]);
    }
    // Past 8 MB the body is not read any further: the answer comes while the client is still sending.
    const tooLarge = await streamMultipart(new URL('/api/v1/users/me/avatar/pick', a.url), carol, 'avatarfile', {
      head: png,
      fillerBytes: 40 * 1024 * 1024,
    });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body).toMatchObject({ code: 'image_too_large', 'invalid-params': { avatarfile: {} } });
    expect(tooLarge.sentWhenAnswered).toBeLessThan(40 * 1024 * 1024);

    const missing = await a.api.raw('post', '/api/v1/users/me/avatar/pick', { token: carol }).field('x', 'y');
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('missing_image_file');
    const wrongField = await pick(a, carol, '/api/v1/users/me/avatar/pick', 'bannerfile', file('square.png'));
    expect(wrongField.status).toBe(400);

    expect({ avatars: await stored(a, 'avatars'), banners: await stored(a, 'banners') }).toEqual(before);
    expect(await uploadsLeft(a)).toEqual([]);
    expect((await a.api.getAccount('carol')).avatars).toHaveLength(4);
  });

  it("lets only a channel's owner change its pictures", async () => {
    const route = '/api/v1/video-channels/carol_channel';
    const before = await a.api.getChannel('carol_channel');
    const refused = await pick(a, dave, `${route}/avatar/pick`, 'avatarfile', file('square.png'));
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('channel_not_owned');
    expect((await a.api.raw('delete', `${route}/banner`, { token: dave })).status).toBe(403);
    expect((await pick(a, undefined, `${route}/avatar/pick`, 'avatarfile', file('square.png'))).status).toBe(401);
    expect((await a.api.raw('delete', '/api/v1/users/me/avatar')).status).toBe(401);
    const unknown = await pick(a, carol, '/api/v1/video-channels/nobody/avatar/pick', 'avatarfile', file('square.png'));
    expect(unknown.status).toBe(404);
    const after = await a.api.getChannel('carol_channel');
    expect([after.avatars, after.banners]).toEqual([before.avatars, before.banners]);
    expect(await uploadsLeft(a)).toEqual([]);
  });

  it('serves the pictures on the Person and Group actors as PeerTube does: icon (120 px first) and image', async () => {
    const getActor = async (url: string) =>
      (await (await fetch(url, { headers: { Accept: 'application/activity+json' } })).json()) as ActivityPubActor;
    const group = await getActor(`${a.url}/video-channels/carol_channel`);
    const channel = await a.api.getChannel('carol_channel');
    const icons = group.icon as ActivityIconObject[];
    expect(icons.map((icon) => icon.width)).toEqual([120, 48, 600, 1500]);
    expect(icons[0]).toEqual({
      type: 'Image',
      mediaType: 'image/jpeg',
      width: 120,
      height: 120,
      url: channel.avatars.find((image) => image.width === 120)!.fileUrl,
    });
    expect((group.image as ActivityIconObject[]).map((image) => [image.width, image.mediaType])).toEqual([
      [600, 'image/png'],
      [1920, 'image/png'],
    ]);
    const person = await getActor(`${a.url}/accounts/carol`);
    expect((person.icon as ActivityIconObject[]).map((icon) => icon.mediaType)).toEqual(Array(4).fill('image/png'));
    expect(person.image).toBeUndefined();
    expect((await getActor(`${a.url}/accounts/dave`)).icon).toBeUndefined();
  });

  it("federates: B shows A's channel and account pictures from A's URLs, and follows an Update on change", async () => {
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b);
    const remote = async () => {
      const list = await b.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: false } });
      expect(list.total).toBe(1);
      return list.data[0];
    };
    const onA = await a.api.getChannel('carol_channel');
    const video = await remote();
    const fileUrls = (images: ActorImage[]) => images.map((image) => image.fileUrl);
    expect(fileUrls(video.channel.avatars).sort()).toEqual(fileUrls(onA.avatars).sort());
    expect(fileUrls(video.account.avatars).sort()).toEqual(fileUrls((await a.api.getAccount('carol')).avatars).sort());
    // The full channel, banners included, as B's subscriber sees it.
    const { token: bob } = await b.api.registerAndLogin('bob');
    await b.api.call('post', '/api/v1/users/me/subscriptions', {
      token: bob,
      json: { uri: `carol_channel@${a.host}` },
      status: 204,
    });
    await waitForJobs(a, b);
    const subscribed = async () =>
      (await b.api.call<ResultList<VideoChannel>>('get', '/api/v1/users/me/subscriptions', { token: bob })).data[0];
    expect(fileUrls((await subscribed()).banners).sort()).toEqual(fileUrls(onA.banners).sort());
    expect(fileUrls((await subscribed()).avatars).sort()).toEqual(fileUrls(onA.avatars).sort());
    // B's own path for a remote picture leads to A's file.
    const local = video.channel.avatars[0];
    expect(local.path).toMatch(IMAGE_NAME);
    expect(local.path).not.toBe(onA.avatars.find((image) => image.fileUrl === local.fileUrl)!.path);
    const redirect = await fetch(`${b.url}${local.path}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe(local.fileUrl);

    // A change on A reaches B as an Update of the Group.
    const changed = await pick(
      a,
      carol,
      '/api/v1/video-channels/carol_channel/avatar/pick',
      'avatarfile',
      file('square.png'),
    );
    expect(changed.status).toBe(200);
    await waitForJobs(a, b);
    const updated = await remote();
    const newUrls = fileUrls((changed.body as { avatars: ActorImage[] }).avatars).sort();
    expect(fileUrls(updated.channel.avatars).sort()).toEqual(newUrls);
    expect(newUrls.some((url) => fileUrls(video.channel.avatars).includes(url))).toBe(false);
    expect(fileUrls((await subscribed()).avatars).sort()).toEqual(newUrls);

    // So does a removal of the account's avatar (an Update of the Person).
    const removed = await a.api.raw('delete', '/api/v1/users/me/avatar', { token: carol });
    expect(removed.status).toBe(200);
    expect(removed.body).toEqual({ avatars: [] });
    await waitForJobs(a, b);
    expect((await remote()).account.avatars).toEqual([]);

    // And a new name for the channel.
    await a.api.call('put', '/api/v1/video-channels/carol_channel', {
      token: carol,
      json: { displayName: 'Carol, renamed' },
      status: 204,
    });
    await waitForJobs(a, b);
    expect((await remote()).channel.displayName).toBe('Carol, renamed');
    expect((await subscribed()).displayName).toBe('Carol, renamed');
  });

  it("B takes an actor's pictures only from the actor itself, and only those on its own host", async () => {
    const channelUrl = `${a.url}/video-channels/carol_channel`;
    const group = (await (
      await fetch(channelUrl, { headers: { Accept: 'application/activity+json' } })
    ).json()) as ActivityPubActor;
    const channelOnB = async () => {
      const list = await b.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: false } });
      return list.data[0].channel.avatars.map((image) => image.fileUrl).sort();
    };
    const before = await channelOnB();
    const picture = (url: string) => ({ type: 'Image', mediaType: 'image/png', width: 120, height: 120, url });
    const ownHost = `${a.url}/lazy-static/avatars/0f8fad5b-d9cb-469f-a165-70867728950e.png`;
    const update = (actor: string, icon: object[]) => ({
      '@context': ['https://www.w3.org/ns/activitystreams'],
      id: `${actor}/updates/${Date.now()}`,
      type: 'Update',
      actor,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: { ...group, icon },
    });

    // The instance actor may not describe the channel, though both live on A.
    const byOther = await postSigned(
      a,
      b,
      `${a.url}/accounts/peertube`,
      update(`${a.url}/accounts/peertube`, [picture(ownHost)]),
    );
    expect(byOther.status).toBe(202);
    await waitForJobs(a, b);
    expect(await channelOnB()).toEqual(before);

    // The channel itself may; a picture elsewhere than on A is dropped.
    const bySelf = await postSigned(
      a,
      b,
      channelUrl,
      update(channelUrl, [picture('http://evil.example/x.png'), picture(ownHost)]),
    );
    expect(bySelf.status).toBe(202);
    await waitForJobs(a, b);
    expect(await channelOnB()).toEqual([ownHost]);
  });

  it('removes pictures: DELETE answers as PeerTube, the files go', async () => {
    const route = '/api/v1/video-channels/carol_channel';
    expect((await a.api.raw('delete', `${route}/avatar`, { token: carol })).status).toBe(204);
    expect((await a.api.raw('delete', `${route}/banner`, { token: carol })).status).toBe(204);
    const channel = await a.api.getChannel('carol_channel');
    expect([channel.avatars, channel.banners]).toEqual([[], []]);
    expect(await stored(a, 'avatars')).toEqual([]);
    expect(await stored(a, 'banners')).toEqual([]);
  });

  it('deleting a channel or an account removes its pictures', async () => {
    await a.api.createChannel(dave, { name: 'dave_second', displayName: 'Second' });
    for (const route of ['/api/v1/video-channels/dave_second', '/api/v1/video-channels/dave_channel']) {
      expect((await pick(a, dave, `${route}/avatar/pick`, 'avatarfile', file('square.png'))).status).toBe(200);
    }
    expect((await pick(a, dave, '/api/v1/users/me/avatar/pick', 'avatarfile', file('square.png'))).status).toBe(200);
    expect(await stored(a, 'avatars')).toHaveLength(12);

    await a.api.deleteChannel(dave, 'dave_second');
    expect(await stored(a, 'avatars')).toHaveLength(8);

    await a.api.deleteUser(await a.adminToken(), (await a.api.me(dave)).id);
    expect(await stored(a, 'avatars')).toEqual([]);
    // The channel's pictures went with it (nothing left to show).
    expect((await a.api.raw('get', '/api/v1/video-channels/dave_channel')).status).toBe(404);
  });
});
