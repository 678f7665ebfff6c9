import { describe, expect, it } from 'vitest';
import { peerTubeDocument, type JsonObject } from '../../../test/fixtures/peertube/peertube-fixtures.js';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizeRemoteActor } from './remote-actor.sanitizer.js';

// Actors as PeerTube 8 serves them (captured by test/fixtures/peertube/capture.ts).
const actor = peerTubeDocument('instance-actor');
const base = actor.id as string;
const publicKey = actor.publicKey as JsonObject;

describe('sanitizeRemoteActor', () => {
  it.each([
    ['instance-actor', 'Application', 'peertube'],
    ['account-actor', 'Person', 'shoal_fixtures'],
    ['channel-actor', 'Group', 'shoal_fixtures_boats'],
  ] as const)("keeps the URLs and key of PeerTube's %s", (name, type, preferredUsername) => {
    const document = peerTubeDocument(name);
    const id = document.id as string;
    expect(sanitizeRemoteActor(document, id).fields).toEqual({
      type,
      preferredUsername,
      url: id,
      inboxUrl: `${id}/inbox`,
      outboxUrl: `${id}/outbox`,
      sharedInboxUrl: `${new URL(id).origin}/inbox`,
      followersUrl: `${id}/followers`,
      followingUrl: `${id}/following`,
      publicKey: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/),
    });
  });

  it('shows the name and summary, or the username when the name is blank', () => {
    const channel = peerTubeDocument('channel-actor');
    expect(sanitizeRemoteActor(channel, channel.id as string).profile).toEqual({
      displayName: 'Boats',
      description: 'Sailing, mostly',
    });
    expect(sanitizeRemoteActor({ ...actor, name: ' ', summary: null }, base).profile).toEqual({
      displayName: 'peertube',
      description: null,
    });
  });

  it("names a channel's owners on its own host, given as ids or as objects", () => {
    const owner = `${new URL(base).origin}/accounts/alice`;
    const channel = { ...actor, type: 'Group' };
    expect(sanitizeRemoteActor({ ...channel, attributedTo: [owner] }, base).attributedTo).toEqual([owner]);
    expect(
      sanitizeRemoteActor(
        { ...channel, attributedTo: [{ type: 'Person', id: owner }, 'https://evil.example/accounts/mallory'] },
        base,
      ).attributedTo,
    ).toEqual([owner]);
  });

  it("keeps a few of a channel's owners, not as many as it names", () => {
    const owners = Array.from({ length: 50 }, (_, n) => `${new URL(base).origin}/accounts/owner${n}`);
    const channel = { ...actor, type: 'Group', attributedTo: owners };
    expect(sanitizeRemoteActor(channel, base).attributedTo).toEqual(owners.slice(0, 4));
  });

  it.each([
    ['an id on another host', { ...actor, id: 'https://evil.example/accounts/peertube' }],
    ['an inbox on another host', { ...actor, inbox: 'https://evil.example/inbox' }],
    ['a shared inbox on another host', { ...actor, endpoints: { sharedInbox: 'https://evil.example/inbox' } }],
    ['a key owned by someone else', { ...actor, publicKey: { ...publicKey, owner: `${base}/x` } }],
    ['no key', { ...actor, publicKey: undefined }],
    ['a Note', { ...actor, type: 'Note' }],
    ['no name', { ...actor, preferredUsername: '' }],
    ['a javascript: inbox', { ...actor, inbox: 'javascript:alert(1)' }],
  ])('refuses %s', (_case, document) => {
    expect(() => sanitizeRemoteActor(document, base)).toThrow(InvalidRemoteDocument);
  });
});
