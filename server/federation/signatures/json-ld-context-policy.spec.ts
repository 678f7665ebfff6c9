import { describe, expect, it } from 'vitest';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { untrustedContextProblem } from './json-ld-context-policy.js';
import { signatureTimeProblem } from './ld-signatures.js';

const AS = 'https://www.w3.org/ns/activitystreams';
const SECURITY = 'https://w3id.org/security/v1';
const withContext = (context: unknown, rest: Record<string, unknown> = {}) => ({
  '@context': context,
  type: 'Create',
  ...rest,
});

describe('untrustedContextProblem', () => {
  it.each([
    ['Shoal', ACTIVITY_PUB_CONTEXT],
    [
      'PeerTube 8 (Video)',
      [
        AS,
        SECURITY,
        { RsaSignature2017: 'https://w3id.org/security#RsaSignature2017' },
        {
          pt: 'https://joinpeertube.org/ns#',
          sc: 'http://schema.org/',
          Hashtag: 'as:Hashtag',
          uuid: { '@type': 'sc:identifier', '@id': 'pt:uuid' },
          views: { '@type': 'sc:Number', '@id': 'pt:views' },
          likes: { '@id': 'as:likes', '@type': '@id' },
          comments: { '@id': 'as:comments', '@type': '@id' },
          position: { '@type': 'sc:Number', '@id': 'pt:position' },
          videoChannelPosition: { '@type': 'sc:Number', '@id': 'pt:position' },
        },
      ],
    ],
    [
      'Mastodon',
      [
        AS,
        SECURITY,
        {
          manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
          toot: 'http://joinmastodon.org/ns#',
          featured: { '@id': 'toot:featured', '@type': '@id' },
          focalPoint: { '@container': '@list', '@id': 'toot:focalPoint' },
          schema: 'http://schema.org#',
          PropertyValue: 'schema:PropertyValue',
        },
      ],
    ],
    ['a single URL', AS],
    ['none', undefined],
  ])('trusts the contexts %s sends', (_name, context) => {
    expect(untrustedContextProblem(withContext(context))).toBeUndefined();
  });

  it.each([
    ['unmaps an ActivityStreams term (audit #2)', [AS, { name: null, xName: 'as:name' }], 'name'],
    ['points an ActivityStreams term elsewhere', [AS, { name: 'http://evil.example/ns#name' }], 'redefines name'],
    ['changes the type of an ActivityStreams term', [AS, { name: { '@id': 'as:name', '@type': '@id' } }], 'name'],
    ['redefines an earlier inline term', [AS, { uuid: 'http://schema.org/identifier' }, { uuid: 'as:x' }], 'uuid'],
    ['aliases a keyword', [AS, { xid: '@id' }], 'alias'],
    ['sets a vocabulary', [AS, { '@vocab': 'http://evil.example/ns#' }], '@vocab'],
    ['scopes a context in a term', [AS, { object: { '@id': 'as:object', '@context': { name: null } } }], 'object'],
    ['uses a reverse property', [AS, { owner: { '@reverse': 'as:attributedTo' } }], 'owner'],
    ['names a context this server does not ship', [AS, 'https://evil.example/context.jsonld'], 'evil.example'],
    ['is not a list of contexts', 42, 'not an object'],
  ])('refuses a context that %s', (_name, context, message) => {
    expect(untrustedContextProblem(withContext(context))).toContain(message);
  });

  it('refuses a context anywhere but at the top of the document', () => {
    const document = withContext(AS, { object: { '@context': { name: null }, type: 'Video', name: 'x' } });
    expect(untrustedContextProblem(document)).toBe('@context inside the document');
    const inList = withContext(AS, { object: { type: 'Video', tag: [{ '@context': AS, name: 'x' }] } });
    expect(untrustedContextProblem(inList)).toBe('@context inside the document');
  });
});

describe('signatureTimeProblem', () => {
  const now = Date.parse('2026-12-01T00:00:00Z');
  const limits = { maxAgeMs: 86_400_000, maxSkewMs: 300_000, now };
  const signedAt = (created: unknown) => ({ signature: { type: 'RsaSignature2017', created } });

  it('accepts a signature made within the window', () => {
    expect(signatureTimeProblem(signedAt('2026-11-30T01:00:00Z'), limits)).toBeUndefined();
    expect(signatureTimeProblem(signedAt('2026-12-01T00:04:00Z'), limits)).toBeUndefined();
  });

  it('audit #2: refuses a signature made years ago, in the future, or at no valid date', () => {
    expect(signatureTimeProblem(signedAt('2023-12-01T00:00:00Z'), limits)).toContain('too long ago');
    expect(signatureTimeProblem(signedAt('2026-12-01T01:00:00Z'), limits)).toContain('in the future');
    expect(signatureTimeProblem(signedAt('yesterday'), limits)).toContain('no valid creation date');
    expect(signatureTimeProblem({}, limits)).toContain('no valid creation date');
  });
});
