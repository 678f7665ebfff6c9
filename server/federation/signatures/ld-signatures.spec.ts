import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  peerTubeActivity,
  peerTubeDocument,
  type JsonObject,
  PEERTUBE_ACTIVITY_NAMES,
} from '../../../test/fixtures/peertube/peertube-fixtures.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { signLinkedData, verifyLinkedData } from './ld-signatures.js';

const pair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const author = pair();
const stranger = pair();
const actor = 'https://b.example/accounts/bob';

const activity = {
  '@context': ACTIVITY_PUB_CONTEXT,
  id: `${actor}/activities/1`,
  type: 'Create',
  actor,
  to: ['https://www.w3.org/ns/activitystreams#Public'],
  object: {
    id: 'https://b.example/videos/watch/2b1d6c7e-8f90-4a1b-9c2d-3e4f5a6b7c8d',
    type: 'Video',
    name: 'Across the sea',
    duration: 'PT3S',
    views: 4,
    commentsEnabled: true,
  },
};

describe('RsaSignature2017', () => {
  it('signs an activity so that its author key verifies it, offline', async () => {
    const signed = await signLinkedData(activity, { creator: `${actor}#main-key`, privateKeyPem: author.privateKey });
    expect(signed.signature).toMatchObject({ type: 'RsaSignature2017', creator: `${actor}#main-key` });
    expect(await verifyLinkedData(signed, author.publicKey)).toBe(true);
    // A plain ActivityStreams + security document (as Mastodon signs them) too.
    const plain = {
      ...activity,
      '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    };
    const signedPlain = await signLinkedData(plain, { creator: `${actor}#main-key`, privateKeyPem: author.privateKey });
    expect(await verifyLinkedData(signedPlain, author.publicKey)).toBe(true);
  });

  it('refuses a changed document, another key, a changed date, and no signature', async () => {
    const signed = await signLinkedData(activity, { creator: `${actor}#main-key`, privateKeyPem: author.privateKey });
    const renamed = { ...signed, object: { ...signed.object, name: 'Across the land' } };
    expect(await verifyLinkedData(renamed, author.publicKey)).toBe(false);
    expect(await verifyLinkedData(signed, stranger.publicKey)).toBe(false);
    const redated = { ...signed, signature: { ...signed.signature, created: '2020-01-01T00:00:00.000Z' } };
    expect(await verifyLinkedData(redated, author.publicKey)).toBe(false);
    expect(await verifyLinkedData(activity, author.publicKey)).toBe(false);
  });

  it('never fetches a context: a document with an unknown context does not verify', async () => {
    const foreign = { ...activity, '@context': ['https://contexts.example/unknown.jsonld'] };
    const signed = await signLinkedData(activity, { creator: `${actor}#main-key`, privateKeyPem: author.privateKey });
    expect(await verifyLinkedData({ ...signed, '@context': foreign['@context'] }, author.publicKey)).toBe(false);
  });

  it.each(PEERTUBE_ACTIVITY_NAMES)(
    "verifies the signature of the %s PeerTube 8 sent, with its actor's key",
    async (name) => {
      // PeerTube names the actor itself as the creator, without a #main-key.
      const keys = new Map(
        (['instance-actor', 'account-actor'] as const).map((actorName) => {
          const document = peerTubeDocument(actorName);
          return [document.id, (document.publicKey as JsonObject).publicKeyPem as string];
        }),
      );
      const signed = peerTubeActivity(name);
      expect((signed.signature as JsonObject).creator).toBe(signed.actor);
      expect(await verifyLinkedData(signed, keys.get(signed.actor)!)).toBe(true);
      expect(await verifyLinkedData({ ...signed, id: `${signed.id as string}/changed` }, keys.get(signed.actor)!)).toBe(
        false,
      );
    },
  );
});
