import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPlaylistUrlObject } from '../../shared/models/activitypub/common-objects.js';
import type { VideoObject } from '../../shared/models/activitypub/video-object.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { peerTubeDocument, type PeerTubeDocumentName } from '../fixtures/peertube/peertube-fixtures.js';
import { shapeMismatches } from '../utils/shape.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const AP_ACCEPT = 'application/activity+json';

/**
 * Where Shoal's documents still differ in shape from what PeerTube 8 serves (test/fixtures/peertube/, captured from
 * the real server), by document: features Shoal does not have yet. Any other difference fails these tests. Array
 * indices are left out (`[]`), since they depend on how many files the captured video had.
 */
const ACTOR_CONTEXT_TERMS = ['playerSettings', 'lemmy', 'postingRestrictedToMods'];
const NOT_YET_SERVED: Partial<Record<PeerTubeDocumentName, string[]>> = {
  // No remote-interaction page (PeerTube's /remote-interaction?uri=) to offer.
  webfinger: ['$.links: no element like {"rel":"http://ostatus.org/schema/1.0/subscribe"}'],
  'webfinger-channel': ['$.links: no element like {"rel":"http://ostatus.org/schema/1.0/subscribe"}'],
  // JSON-LD terms of player settings (PeerTube 8) and of Lemmy's postingRestrictedToMods.
  'account-actor': ACTOR_CONTEXT_TERMS.map((term) => `$.@context[].${term}: missing`),
  'instance-actor': ACTOR_CONTEXT_TERMS.map((term) => `$.@context[].${term}: missing`),
  'channel-actor': [
    ...ACTOR_CONTEXT_TERMS.map((term) => `$.@context[].${term}: missing`),
    // PeerTube 8's per-channel player settings.
    '$.playerSettings: missing',
  ],
  'video-object': [
    // Live schedules and per-video player settings, and their terms.
    ...['schedules', 'startDate', 'playerSettings'].map((term) => `$.@context[].${term}: missing`),
    '$.playerSettings: missing',
    // The JSON metadata (ffprobe) link of each file.
    '$.url: no element like {"type":"Link","mediaType":"application/json","rel":["metadata","video/mp4"]}',
    '$.url[].tag: no element like {"type":"Link","mediaType":"application/json","rel":["metadata","video/mp4"]}',
  ],
  // PeerTube's copy of its server configuration.
  nodeinfo: ['$.metadata.nodeConfig: missing'],
};

/** How `actual` differs in shape from the PeerTube document `name`, apart from what NOT_YET_SERVED lists. */
const differences = (actual: unknown, name: PeerTubeDocumentName, optional: string[] = []): string[] =>
  shapeMismatches(actual, peerTubeDocument(name), optional)
    .map((mismatch) => mismatch.replace(/\[\d+\]/g, '[]'))
    .filter((mismatch) => !NOT_YET_SERVED[name]?.includes(mismatch));

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
      expect(differences(document, name === 'alice_boats' ? 'webfinger-channel' : 'webfinger')).toEqual([]);
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
    const cases: { path: string; fixture: PeerTubeDocumentName; type: string }[] = [
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
        expect(differences(actor, fixture, ['$.playlists']), path).toEqual([]);
        expect(actor).toMatchObject({ type, id: `${instance.url}${path}` });
        expect((actor.publicKey as { publicKeyPem: string }).publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      }
      const page = await get(path, 'text/html,application/xhtml+xml');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
    const channel = await getJson('/video-channels/alice_boats', AP_ACCEPT);
    expect(channel.attributedTo).toEqual([`${instance.url}/accounts/alice`]);
    expect((await get('/accounts/nobody', AP_ACCEPT)).status).toBe(404);
  });

  it('publishes NodeInfo 2.0 and host-meta', async () => {
    const discovery = await getJson('/.well-known/nodeinfo');
    expect(differences(discovery, 'nodeinfo-links')).toEqual([]);
    expect(discovery).toEqual({
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${instance.url}/nodeinfo/2.0.json` },
        { rel: 'https://www.w3.org/ns/activitystreams#Application', href: `${instance.url}/accounts/peertube` },
      ],
    });
    const nodeInfo = await getJson('/nodeinfo/2.0.json');
    expect(differences(nodeInfo, 'nodeinfo')).toEqual([]);
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
    expect(differences(video, 'video-object')).toEqual([]);
    expect(video).toMatchObject({
      id: `${instance.url}/videos/watch/${uuid}`,
      uuid,
      name: 'Sailing at dawn',
      duration: 'PT3S',
      category: { identifier: '15' },
      attributedTo: [`${instance.url}/accounts/alice`, `${instance.url}/video-channels/alice_channel`],
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

    // Its collections, the Announce of the instance actor and the outbox that lists it, as PeerTube serves them.
    // (PeerTube names no first page of an empty collection, and a next page only when there is one.)
    const fetchAp = async (url: string) => {
      const answer = await fetch(url, { headers: { Accept: AP_ACCEPT } });
      expect(answer.status, url).toBe(200);
      return (await answer.json()) as Record<string, unknown>;
    };
    const collections = [
      ['likes', 'video-likes'],
      ['dislikes', 'video-dislikes'],
      ['shares', 'video-shares'],
      ['comments', 'video-comments'],
    ] as const;
    for (const [field, name] of collections) {
      const collection = await fetchAp(video[field]);
      expect(differences(collection, name), field).toEqual([]);
      const first = await fetchAp(typeof collection.first === 'string' ? collection.first : `${video[field]}?page=1`);
      expect(differences(first, `${name}-page`, ['$.next']), `${field} page`).toEqual([]);
    }
    const shares = await fetchAp(`${video.shares}?page=1`);
    const [announceUrl] = shares.orderedItems as string[];
    expect(differences(await fetchAp(announceUrl), 'announce')).toEqual([]);
    const outbox = await fetchAp(`${instance.url}/accounts/peertube/outbox`);
    expect(differences(outbox, 'outbox')).toEqual([]);
    expect(differences(await fetchAp(outbox.first as string), 'outbox-page', ['$.next'])).toEqual([]);
  });
});
