import { createHash, createSign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { ActorFollow } from '../../shared/models/server/follow.model.js';
import { sha256Digest, signRequest } from '../../server/federation/signatures/http-signatures.js';
import { signLinkedData } from '../../server/federation/signatures/ld-signatures.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { instanceActorKey } from '../utils/signed-activity.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

// B's inbox receives activities signed with A's instance key, as A would send them; each attack must be refused
// with 401 or 403 and leave nothing behind (no follower, no queued activity).
describe('federation: inbox signature checks', () => {
  let a: TestInstance;
  let b: TestInstance;
  let c: TestInstance;
  let privateKeyPem: string;
  let actorA: string;
  let followB: string;

  const follow = (actor = actorA) => ({
    '@context': 'https://www.w3.org/ns/activitystreams',
    id: `${actor}/follows/${Math.random().toString(36).slice(2)}`,
    type: 'Follow',
    actor,
    object: followB,
  });

  const signed = (body: string, now = new Date()) =>
    signRequest({ method: 'POST', url: `${b.url}/inbox`, body, keyId: `${actorA}#main-key`, privateKeyPem, now });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${b.url}/inbox`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/activity+json', ...headers },
    });

  const followersOfB = async () => (await b.api.call<ResultList<ActorFollow>>('get', '/api/v1/server/followers')).total;

  beforeAll(async () => {
    [a, b, c] = await startInstances(3);
    actorA = `${a.url}/accounts/peertube`;
    followB = `${b.url}/accounts/peertube`;
    privateKeyPem = await instanceActorKey(a);
  });

  afterAll(() => destroyInstances(a, b, c));

  it('refuses the attack corpus with 401 or 403, storing nothing', async () => {
    const attacks: { name: string; status: number; send: () => Promise<Response> }[] = [
      {
        name: 'tampered body',
        status: 401,
        send: () => {
          const body = JSON.stringify(follow());
          return post(body.replace('Follow', 'Follow '), signed(body));
        },
      },
      {
        name: 'wrong digest',
        status: 401,
        send: () => {
          const body = JSON.stringify(follow());
          return post(body, { ...signed(body), Digest: sha256Digest('something else') });
        },
      },
      {
        name: 'stale Date',
        status: 401,
        send: () => {
          const body = JSON.stringify(follow());
          return post(body, signed(body, new Date(Date.now() - 3_600_000)));
        },
      },
      {
        name: 'digest left unsigned',
        status: 401,
        send: () => {
          const body = JSON.stringify(follow());
          const headers = signed(body);
          const target = new URL(`${b.url}/inbox`);
          const signingString = `(request-target): post ${target.pathname}\nhost: ${target.host}\ndate: ${headers.Date}`;
          const signature = createSign('RSA-SHA256').update(signingString).sign(privateKeyPem, 'base64');
          return post(body, {
            ...headers,
            Signature: `keyId="${actorA}#main-key",algorithm="rsa-sha256",headers="(request-target) host date",signature="${signature}"`,
          });
        },
      },
      {
        name: 'keyId on another host than the actor',
        status: 403,
        send: () => {
          const body = JSON.stringify(follow('http://elsewhere.example/accounts/peertube'));
          return post(body, signed(body));
        },
      },
      {
        name: 'no signature',
        status: 401,
        send: () => post(JSON.stringify(follow()), { Date: new Date().toUTCString() }),
      },
      {
        name: 'an object claiming another origin',
        status: 403,
        send: () => {
          const body = JSON.stringify({
            id: `${actorA}/activities/1`,
            type: 'Create',
            actor: actorA,
            object: { id: 'http://elsewhere.example/videos/watch/1', type: 'Video' },
          });
          return post(body, signed(body));
        },
      },
    ];
    for (const attack of attacks) {
      const response = await attack.send();
      expect(response.status, attack.name).toBe(attack.status);
      expect(response.headers.get('content-type'), attack.name).toMatch(/^application\/problem\+json/);
    }
    await waitForJobs(a, b);
    expect(await followersOfB()).toBe(0);
    const [{ count }] = await queryDatabase<{ count: string }>(b.databaseName, 'SELECT count(*) FROM actor_follows');
    expect(count).toBe('0');
  });

  it('accepts the same activity when it is signed properly', async () => {
    const body = JSON.stringify(follow());
    const response = await post(body, signed(body));
    expect(response.status).toBe(202);
    await waitForJobs(a, b);
    expect(await followersOfB()).toBe(1);
  });

  it('accepts RFC 9421 HTTP Message Signatures too, and refuses them tampered', async () => {
    const rfc9421 = (body: string, sentBody = body) => {
      const target = new URL(`${b.url}/inbox`);
      const digest = `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
      const date = new Date().toUTCString();
      const params = `("@method" "@target-uri" "@authority" "content-digest" "date");created=${Math.floor(Date.now() / 1000)};keyid="${actorA}#main-key";alg="rsa-v1_5-sha256"`;
      const base = [
        '"@method": POST',
        `"@target-uri": ${target.href}`,
        `"@authority": ${target.host}`,
        `"content-digest": ${digest}`,
        `"date": ${date}`,
        `"@signature-params": ${params}`,
      ].join('\n');
      const signature = createSign('RSA-SHA256').update(base).sign(privateKeyPem, 'base64');
      return post(sentBody, {
        Date: date,
        'Content-Digest': digest,
        'Signature-Input': `sig1=${params}`,
        Signature: `sig1=:${signature}:`,
      });
    };
    const body = JSON.stringify(follow());
    expect((await rfc9421(body)).status).toBe(202);
    expect((await rfc9421(body, body.replace('Follow', 'Follow '))).status).toBe(401);
    await waitForJobs(a, b);
  });

  it("accepts an activity forwarded by another server when it carries its author's Linked Data signature", async () => {
    // C's activity, signed by C (RsaSignature2017), relayed by A (HTTP signature of A).
    const author = `${c.url}/accounts/peertube`;
    const create = {
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
      id: `${author}/activities/relayed`,
      type: 'Create',
      actor: author,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: { id: `${c.url}/videos/watch/relayed`, type: 'Video', name: 'Relayed' },
    };
    const signedByC = await signLinkedData(create, {
      creator: `${author}#main-key`,
      privateKeyPem: await instanceActorKey(c),
    });
    const relay = (document: object) => {
      const body = JSON.stringify(document);
      return post(body, signed(body));
    };
    expect((await relay(signedByC)).status).toBe(202);

    const altered = { ...signedByC, object: { ...signedByC.object, name: 'Altered on the way' } };
    const refused = await relay(altered);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('actor_mismatch');
    // Without any Linked Data signature, a relayed activity is refused too.
    expect((await relay(create)).status).toBe(403);
    await waitForJobs(a, b, c);
  });
});
