import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { ACTIVITY_PUB_CONTEXT } from '../../server/federation/activitypub/contexts.js';
import { signRequest } from '../../server/federation/signatures/http-signatures.js';
import { signLinkedData } from '../../server/federation/signatures/ld-signatures.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { flushViews } from '../utils/views.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** The private key of a local actor of `instance` (an account, a channel or the instance actor `peertube`). */
async function localActorKey(instance: TestInstance, name: string): Promise<string> {
  const [row] = await queryDatabase<{ private_key: string }>(
    instance.databaseName,
    `SELECT private_key FROM actors WHERE preferred_username = $1 AND server_id IS NULL`,
    [name],
  );
  return row.private_key;
}

/** POSTs `document` to `target`'s shared inbox with an HTTP signature by `keyId`. */
function postSigned(target: TestInstance, document: object, keyId: string, privateKeyPem: string): Promise<Response> {
  const body = JSON.stringify(document);
  const headers = signRequest({ method: 'POST', url: `${target.url}/inbox`, body, keyId, privateKeyPem });
  return fetch(`${target.url}/inbox`, {
    method: 'POST',
    body,
    headers: { ...headers, 'Content-Type': 'application/activity+json' },
  });
}

async function problemCode(response: Response): Promise<string | undefined> {
  return ((await response.json()) as { code?: string }).code;
}

// Attacks on the inbox found by the security audit (issue 10, findings 2, 6 and 11). B follows C; carol publishes a
// video on C; A is a server that relays C's activities to B (HTTP-signed with A's key).
describe('federation: inbox audit findings', () => {
  let a: TestInstance;
  let b: TestInstance;
  let c: TestInstance;
  let folder: string;
  let uuid: string;
  let videoUrl: string;
  let carol: string;
  let carolChannel: string;
  let carolKey: string;
  let keyOfA: string;

  const onB = (id: string) => b.api.call<VideoDetails>('get', `/api/v1/videos/${id}`);
  const statusOnB = async (id: string) => (await fetch(`${b.url}/api/v1/videos/${id}`)).status;
  /** `document` relayed by A to B. */
  const relay = (document: object) => postSigned(b, document, `${a.url}/accounts/peertube#main-key`, keyOfA);
  /** An activity of carol, with her Linked Data signature (as C sends it). */
  const signedByCarol = <T extends Record<string, unknown>>(activity: T, created?: Date) =>
    signLinkedData(
      { '@context': ACTIVITY_PUB_CONTEXT, to: [PUBLIC], ...activity },
      { creator: `${carol}#main-key`, privateKeyPem: carolKey, created },
    );
  const videoObject = (id: string, videoUuid: string, name: string) => ({
    id,
    type: 'Video',
    uuid: videoUuid,
    name,
    to: [PUBLIC],
    published: new Date().toISOString(),
    duration: 'PT2S',
    attributedTo: [
      { type: 'Person', id: carol },
      { type: 'Group', id: carolChannel },
    ],
    url: [],
  });

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-inbox-audit-'));
    [[a, b, c]] = await Promise.all([
      startInstances(3),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    carol = `${c.url}/accounts/carol`;
    carolChannel = `${c.url}/video-channels/carol_channel`;
    const { token } = await c.api.registerAndLogin('carol');
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [c.host] },
      status: 204,
    });
    await waitForJobs(b, c);
    uuid = await uploadVideo(c, token, { name: 'Fresh name', file: path.join(folder, 'clip.mp4') });
    await waitForJobs(b, c);
    videoUrl = `${c.url}/videos/watch/${uuid}`;
    expect((await onB(uuid)).name).toBe('Fresh name');
    [carolKey, keyOfA] = await Promise.all([localActorKey(c, 'carol'), localActorKey(a, 'peertube')]);
  });

  afterAll(async () => {
    await destroyInstances(a, b, c);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('audit #11: the same signed View delivered three times counts one view', async () => {
    // A view of one of B's own videos: B counts the views of its videos only (their origin counts the others').
    const { token } = await b.api.registerAndLogin('bea');
    const local = await uploadVideo(b, token, { name: 'Viewed from C', file: path.join(folder, 'clip.mp4') });
    await waitForJobs(b);
    const instanceActor = `${c.url}/accounts/peertube`;
    const view = {
      id: `${instanceActor}/views/videos/1/${randomUUID()}`,
      type: 'View',
      actor: instanceActor,
      object: `${b.url}/videos/watch/${local}`,
    };
    const body = JSON.stringify(view);
    const headers = {
      ...signRequest({
        method: 'POST',
        url: `${b.url}/inbox`,
        body,
        keyId: `${instanceActor}#main-key`,
        privateKeyPem: await localActorKey(c, 'peertube'),
      }),
      'Content-Type': 'application/activity+json',
    };
    // A replay: the very request, within the few minutes its Date is accepted.
    for (let times = 0; times < 3; times++) {
      expect((await fetch(`${b.url}/inbox`, { method: 'POST', body, headers })).status).toBe(202);
    }
    await waitForJobs(b);
    // Views are buffered; the flush writes them.
    await flushViews(b);
    expect((await onB(local)).views).toBe(1);
  });

  it('audit #11: an actor that sends an id again, signed anew, is heard (PeerTube re-follows under one id)', async () => {
    const instanceActor = `${c.url}/accounts/peertube`;
    const keyOfC = await localActorKey(c, 'peertube');
    const followers = async () => (await b.api.call<{ total: number }>('get', '/api/v1/server/followers')).total;
    const follow = {
      id: `${instanceActor}/follows/${randomUUID()}`,
      type: 'Follow',
      actor: instanceActor,
      object: `${b.url}/accounts/peertube`,
    };
    const undo = { id: `${follow.id}/undo`, type: 'Undo', actor: instanceActor, object: follow };
    const send = async (activity: object, secondsLater = 0) => {
      const body = JSON.stringify(activity);
      const now = new Date(Date.now() + secondsLater * 1000);
      const headers = signRequest({
        method: 'POST',
        url: `${b.url}/inbox`,
        body,
        keyId: `${instanceActor}#main-key`,
        privateKeyPem: keyOfC,
        now,
      });
      expect(
        (
          await fetch(`${b.url}/inbox`, {
            method: 'POST',
            body,
            headers: { ...headers, 'Content-Type': 'application/activity+json' },
          })
        ).status,
      ).toBe(202);
      await waitForJobs(b, c);
    };
    await send(follow);
    expect(await followers()).toBe(1);
    await send(undo);
    expect(await followers()).toBe(0);
    await send(follow, 2);
    expect(await followers()).toBe(1);
    await send(undo, 2);
    expect(await followers()).toBe(0);
  });

  it("audit #11: one actor's key cannot sign an activity of another actor of the same server", async () => {
    // C's instance actor signs a Like that claims to be carol's.
    const like = { id: `${carol}/likes/${randomUUID()}`, type: 'Like', actor: carol, object: videoUrl };
    const response = await postSigned(
      b,
      like,
      `${c.url}/accounts/peertube#main-key`,
      await localActorKey(c, 'peertube'),
    );
    expect(response.status).toBe(403);
    expect(await problemCode(response)).toBe('actor_mismatch');
    await waitForJobs(b);
    expect((await onB(uuid)).likes).toBe(0);
  });

  it('audit #2: a relayed activity whose inline @context redefines terms is refused, nothing stored', async () => {
    const forgedUuid = randomUUID();
    const signed = await signedByCarol({
      id: `${carol}/activities/${randomUUID()}`,
      type: 'Create',
      actor: carol,
      object: videoObject(`${c.url}/videos/watch/${forgedUuid}`, forgedUuid, 'What carol signed'),
    });
    // The relayer hides the signed name under a key of its own that it maps to as:name, and unmaps `name`.
    const forged = {
      ...signed,
      '@context': [...(ACTIVITY_PUB_CONTEXT as unknown[]), { name: null, xName: 'as:name' }],
      object: { ...signed.object, xName: signed.object.name, name: 'Written by the relayer' },
    };
    const response = await relay(forged);
    expect(response.status).toBe(403);
    expect(await problemCode(response)).toBe('untrusted_context');
    await waitForJobs(a, b, c);
    expect(await statusOnB(forgedUuid)).toBe(404);
  });

  it('audit #2: a relayed Create of an object its origin does not serve stores nothing', async () => {
    const unknownUuid = randomUUID();
    const signed = await signedByCarol({
      id: `${carol}/activities/${randomUUID()}`,
      type: 'Create',
      actor: carol,
      object: videoObject(`${c.url}/videos/watch/${unknownUuid}`, unknownUuid, 'Never published on C'),
    });
    expect((await relay(signed)).status).toBe(202);
    await waitForJobs(a, b, c);
    expect(await statusOnB(unknownUuid)).toBe(404);
  });

  it('audit #2: a relayed activity whose Linked Data signature is years old is refused', async () => {
    const threeYearsAgo = new Date(Date.now() - 3 * 365 * 24 * 3_600_000);
    const signed = await signedByCarol(
      {
        id: `${carol}/activities/${randomUUID()}`,
        type: 'Update',
        actor: carol,
        object: videoObject(videoUrl, uuid, 'Old name'),
      },
      threeYearsAgo,
    );
    const response = await relay(signed);
    expect(response.status).toBe(403);
    expect(await problemCode(response)).toBe('stale_signature');
    await waitForJobs(a, b, c);
    expect((await onB(uuid)).name).toBe('Fresh name');
  });

  it("audit #2: a relayed Update is applied from the origin's copy, not from the relayed body", async () => {
    // Renamed at the origin without any activity: only a fetch from C can tell B.
    await queryDatabase(c.databaseName, `UPDATE videos SET name = 'Renamed at the origin' WHERE uuid = $1`, [uuid]);
    const signed = await signedByCarol({
      id: `${carol}/activities/${randomUUID()}`,
      type: 'Update',
      actor: carol,
      object: videoObject(videoUrl, uuid, 'Stale name'),
    });
    expect((await relay(signed)).status).toBe(202);
    await waitForJobs(a, b, c);
    expect((await onB(uuid)).name).toBe('Renamed at the origin');
  });

  it('audit #2: a relayed Delete of a video its origin still serves is ignored', async () => {
    const signed = await signedByCarol({
      id: `${videoUrl}/activity/delete`,
      type: 'Delete',
      actor: carol,
      object: videoUrl,
    });
    expect((await relay(signed)).status).toBe(202);
    await waitForJobs(a, b, c);
    expect(await statusOnB(uuid)).toBe(200);

    // Once C no longer serves it (made private there, without any activity), a Delete relayed anew applies.
    await queryDatabase(c.databaseName, 'UPDATE videos SET privacy = 3 WHERE uuid = $1', [uuid]);
    const again = await signedByCarol({
      id: `${videoUrl}/activity/delete/2`,
      type: 'Delete',
      actor: carol,
      object: videoUrl,
    });
    expect((await relay(again)).status).toBe(202);
    await waitForJobs(a, b, c);
    expect(await statusOnB(uuid)).toBe(404);
  });

  describe('audit #6: an open redirect on a server', () => {
    let server: Server;
    let port: number;
    const genuine = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const attacker = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = (key: typeof genuine.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();
    const privatePem = (key: typeof genuine.privateKey) => key.export({ type: 'pkcs8', format: 'pem' }).toString();
    // `localhost:<port>` is the server with the open redirect; `127.0.0.1:<port>` is another host, the attacker's.
    const origin = () => `http://localhost:${port}`;
    const actorUrl = () => `${origin()}/accounts/peertube`;
    const actorDocument = (publicKeyPem: string) => ({
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id: actorUrl(),
      type: 'Application',
      preferredUsername: 'peertube',
      inbox: `${actorUrl()}/inbox`,
      outbox: `${actorUrl()}/outbox`,
      followers: `${actorUrl()}/followers`,
      following: `${actorUrl()}/following`,
      publicKey: { id: `${actorUrl()}#main-key`, owner: actorUrl(), publicKeyPem },
    });
    const storedKey = async () => {
      const rows = await queryDatabase<{ public_key: string }>(
        b.databaseName,
        'SELECT public_key FROM actors WHERE url = $1',
        [actorUrl()],
      );
      return rows[0]?.public_key;
    };

    beforeAll(async () => {
      server = createServer((request, response) => {
        const url = new URL(request.url ?? '/', `http://${request.headers.host}`);
        const json = (document: object) => {
          response.setHeader('Content-Type', 'application/activity+json');
          response.end(JSON.stringify(document));
        };
        if (url.hostname === 'localhost' && url.pathname === '/redirect') {
          response.writeHead(302, { Location: url.searchParams.get('to') ?? '/' });
          return response.end();
        }
        if (url.hostname === 'localhost' && url.pathname === '/accounts/peertube')
          return json(actorDocument(pem(genuine.publicKey)));
        // The attacker's document claims to be the other host's actor, with the attacker's key.
        if (url.hostname === '127.0.0.1' && url.pathname === '/forged')
          return json(actorDocument(pem(attacker.publicKey)));
        response.writeHead(request.method === 'POST' ? 202 : 404);
        response.end();
      });
      server.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as AddressInfo).port;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("audit #6: a key fetched through the redirect is not stored as that server's actor's key", async () => {
      const follow = () => ({
        id: `${actorUrl()}/follows/${randomUUID()}`,
        type: 'Follow',
        actor: actorUrl(),
        object: `${b.url}/accounts/peertube`,
      });
      // B caches the genuine actor and its key.
      expect((await postSigned(b, follow(), `${actorUrl()}#main-key`, privatePem(genuine.privateKey))).status).toBe(
        202,
      );
      await waitForJobs(b);
      expect(await storedKey()).toBe(pem(genuine.publicKey));

      // The attacker signs with its own key, naming as key a URL of the server that redirects to its document.
      const through = `${origin()}/redirect?to=${encodeURIComponent(`http://127.0.0.1:${port}/forged`)}#main-key`;
      const response = await postSigned(b, follow(), through, privatePem(attacker.privateKey));
      expect(response.status).toBe(401);
      await waitForJobs(b);
      expect(await storedKey()).toBe(pem(genuine.publicKey));
    });
  });
});
