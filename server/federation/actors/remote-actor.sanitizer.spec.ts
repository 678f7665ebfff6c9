import { describe, expect, it } from 'vitest';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { sanitizeRemoteActor } from './remote-actor.sanitizer.js';

const base = 'https://peertube.example/accounts/peertube';
const actor = {
  type: 'Application',
  id: base,
  preferredUsername: 'peertube',
  inbox: `${base}/inbox`,
  outbox: `${base}/outbox`,
  followers: `${base}/followers`,
  following: `${base}/following`,
  endpoints: { sharedInbox: 'https://peertube.example/inbox' },
  publicKey: { id: `${base}#main-key`, owner: base, publicKeyPem: '-----BEGIN PUBLIC KEY-----' },
};

describe('sanitizeRemoteActor', () => {
  it('keeps the URLs and key of an actor that describes itself', () => {
    expect(sanitizeRemoteActor({ ...actor, name: 'Example', summary: 'Videos' }, base)).toEqual({
      profile: { displayName: 'Example', description: 'Videos' },
      fields: {
        type: 'Application',
        preferredUsername: 'peertube',
        url: base,
        inboxUrl: `${base}/inbox`,
        outboxUrl: `${base}/outbox`,
        sharedInboxUrl: 'https://peertube.example/inbox',
        followersUrl: `${base}/followers`,
        followingUrl: `${base}/following`,
        publicKey: '-----BEGIN PUBLIC KEY-----',
      },
      attributedTo: [],
    });
    expect(sanitizeRemoteActor(actor, base).profile).toEqual({ displayName: 'peertube', description: null });
  });

  it("names a channel's owners on its own host, given as ids or as objects", () => {
    const owner = 'https://peertube.example/accounts/alice';
    const channel = { ...actor, type: 'Group' };
    expect(sanitizeRemoteActor({ ...channel, attributedTo: [owner] }, base).attributedTo).toEqual([owner]);
    expect(
      sanitizeRemoteActor(
        { ...channel, attributedTo: [{ type: 'Person', id: owner }, 'https://evil.example/accounts/mallory'] },
        base,
      ).attributedTo,
    ).toEqual([owner]);
  });

  it.each([
    ['an id on another host', { ...actor, id: 'https://evil.example/accounts/peertube' }],
    ['an inbox on another host', { ...actor, inbox: 'https://evil.example/inbox' }],
    ['a shared inbox on another host', { ...actor, endpoints: { sharedInbox: 'https://evil.example/inbox' } }],
    [
      'a key owned by someone else',
      { ...actor, publicKey: { ...actor.publicKey, owner: 'https://peertube.example/x' } },
    ],
    ['no key', { ...actor, publicKey: undefined }],
    ['a Note', { ...actor, type: 'Note' }],
    ['no name', { ...actor, preferredUsername: '' }],
    ['a javascript: inbox', { ...actor, inbox: 'javascript:alert(1)' }],
  ])('refuses %s', (_case, document) => {
    expect(() => sanitizeRemoteActor(document, base)).toThrow(InvalidRemoteDocument);
  });
});
