import { describe, expect, it } from 'vitest';
import { acceptsActivityPub } from './content-negotiation.js';

describe('acceptsActivityPub', () => {
  it.each([
    'application/activity+json',
    'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
    'text/html;q=0.5, application/activity+json',
    'APPLICATION/LD+JSON',
  ])('serves ActivityPub for %j', (accept) => expect(acceptsActivityPub(accept)).toBe(true));

  it.each([undefined, '', 'text/html', '*/*', 'application/json', 'text/html,application/xhtml+xml'])(
    'serves the page for %j',
    (accept) => expect(acceptsActivityPub(accept)).toBe(false),
  );
});
