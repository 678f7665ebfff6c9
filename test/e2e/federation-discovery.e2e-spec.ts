import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPlaylistUrlObject } from '../../shared/models/activitypub/common-objects.js';
import type { VideoObject } from '../../shared/models/activitypub/video-object.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { peerTubeFixture, shapeMismatches } from '../utils/shape.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const AP_ACCEPT = 'application/activity+json';

describe('federation: discovery, actors and video objects', () => {
  let instance: TestInstance;
  let token: string;
  let folder: string;

  const get = (path: string, accept?: string) =>
    fetch(`${instance.url}${path}`, { headers: accept ? { Accept: accept } : {} });
  const getJson = async (path: string, accept = 'application/json'): Promise<Record<string, unknown>> => {
    const response = await get(path, accept);
    expect(response.status, path).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    instance = await TestInstance.create({ env: { SHOAL_INSTANCE_NAME: 'Shoal test' } });
    await instance.start();
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-federation-'));
    ({ token } = await instance.api.registerAndLogin('alice'));
    await instance.api.call('post', '/api/v1/video-channels', {
      token,
      json: { name: 'alice_boats', displayName: 'Boats', description: 'Sailing, mostly', support: 'Thanks!' },
    });
  });

  afterAll(async () => {
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  const upload = async (name: string, privacy: number): Promise<VideoCreateResult['video']> => {
    const clip = await generateClip({ path: path.join(folder, `${name}.mp4`), seconds: 3, width: 640, height: 360 });
    const channelId = (await instance.api.me(token)).videoChannels[0].id;
    const response = await instance.api
      .raw('post', '/api/v1/videos/upload', { token })
      .field('channelId', String(channelId))
      .field('name', name)
      .field('privacy', String(privacy))
      .field('category', '15')
      .field('licence', '1')
      .field('language', 'en')
      .field('description', 'A short clip.')
      .field('tags[]', 'sailing')
      .attach('videofile', clip);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body as VideoCreateResult).video;
  };

  it('answers WebFinger for accounts, channels and the instance actor, in PeerTube shape', async () => {
    for (const name of ['alice', 'alice_boats', 'peertube']) {
      const response = await get(`/.well-known/webfinger?resource=acct:${name}@${instance.host}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/jrd\+json/);
      const document = await response.json();
      expect(shapeMismatches(document, peerTubeFixture('webfinger'))).toEqual([]);
      expect(document).toMatchObject({ subject: `acct:${name}@${instance.host}` });
    }
    const byUrl = await getJson(
      `/.well-known/webfinger?resource=${encodeURIComponent(`${instance.url}/accounts/alice`)}`,
    );
    expect(byUrl.subject).toBe(`acct:alice@${instance.host}`);
  });

  it('refuses WebFinger for unknown names, other hosts and missing resources with problems', async () => {
    for (const resource of [
      'acct:nobody@' + instance.host,
      'acct:alice@elsewhere.example',
      'https://elsewhere.example/accounts/alice',
    ]) {
      const response = await get(`/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);
      expect(response.status, resource).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const missing = await get('/.well-known/webfinger');
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { code: string }).code).toBe('validation_failed');
  });

  it('serves actors as ActivityPub JSON to servers and as the web client to browsers', async () => {
    const cases = [
      { path: '/accounts/alice', fixture: 'account-actor', type: 'Person' },
      { path: '/video-channels/alice_boats', fixture: 'channel-actor', type: 'Group' },
      { path: '/accounts/peertube', fixture: 'instance-actor', type: 'Application' },
    ];
    for (const { path, fixture, type } of cases) {
      for (const accept of [AP_ACCEPT, 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"']) {
        const response = await get(path, accept);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/activity+json; charset=utf-8');
        expect(response.headers.get('vary')).toMatch(/Accept/);
        const actor = (await response.json()) as Record<string, unknown>;
        expect(shapeMismatches(actor, peerTubeFixture(fixture), ['$.playlists'])).toEqual([]);
        expect(actor).toMatchObject({ type, id: `${instance.url}${path}` });
        expect((actor.publicKey as { publicKeyPem: string }).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      }
      const page = await get(path, 'text/html,application/xhtml+xml');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const channel = await getJson('/video-channels/alice_boats', AP_ACCEPT);
    expect(channel.attributedTo).toEqual([{ type: 'Person', id: `${instance.url}/accounts/alice` }]);
    expect((await get('/accounts/nobody', AP_ACCEPT)).status).toBe(404);
  });

  it('publishes NodeInfo 2.0 and host-meta', async () => {
    const discovery = await getJson('/.well-known/nodeinfo');
    expect(discovery).toEqual({
      links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${instance.url}/nodeinfo/2.0.json` }],
    });
    const nodeInfo = await getJson('/nodeinfo/2.0.json');
    expect(shapeMismatches(nodeInfo, peerTubeFixture('nodeinfo'))).toEqual([]);
    expect(nodeInfo).toMatchObject({
      software: { name: 'shoal' },
      openRegistrations: true,
      usage: { users: { total: 2 }, localPosts: 0 },
      metadata: { nodeName: 'Shoal test' },
    });

    const hostMeta = await get('/.well-known/host-meta');
    expect(hostMeta.headers.get('content-type')).toMatch(/^application\/xrd\+xml/);
    expect(await hostMeta.text()).toContain(`template="${instance.url}/.well-known/webfinger?resource={uri}"`);
  });

  it('serves a public video as a Video object in PeerTube shape, and its watch page to browsers', async () => {
    const { uuid } = await upload('Sailing at dawn', 1);
    const hidden = await upload('Private notes', 3);
    await waitForJobs(instance);

    const response = await get(`/videos/watch/${uuid}`, AP_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/activity+json; charset=utf-8');
    const video = (await response.json()) as VideoObject;
    expect(shapeMismatches(video, peerTubeFixture('video-object'))).toEqual([]);
    expect(video).toMatchObject({
      id: `${instance.url}/videos/watch/${uuid}`,
      uuid,
      name: 'Sailing at dawn',
      duration: 'PT3S',
      category: { identifier: '15' },
      attributedTo: [
        { type: 'Person', id: `${instance.url}/accounts/alice` },
        { type: 'Group', id: `${instance.url}/video-channels/alice_channel` },
      ],
    });

    // Its links are the ones the REST API gives, and they work.
    const details = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`);
    const hrefs = video.url.map((link) => link.href);
    expect(hrefs).toEqual(
      expect.arrayContaining([details.files[0].fileUrl, details.files[0].torrentUrl!, details.files[0].magnetUri!]),
    );
    const playlist = video.url.find(
      (link) => 'mediaType' in link && link.mediaType === 'application/x-mpegURL',
    ) as ActivityPlaylistUrlObject;
    expect(playlist.href).toBe(details.streamingPlaylists[0].playlistUrl);
    expect((await fetch(playlist.href)).status).toBe(200);
    const infohashes = (playlist.tag ?? []).filter((tag) => tag.type === 'Infohash');
    expect(infohashes).toHaveLength(details.streamingPlaylists[0].files.length);

    const page = await get(`/videos/watch/${uuid}`, 'text/html');
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await get(`/videos/watch/${hidden.uuid}`, AP_ACCEPT)).status).toBe(404);
  });
});
