import { describe, expect, it } from 'vitest';
import { PEERTUBE_ACTIVITY_NAMES, peerTubeActivity } from '../../../test/fixtures/peertube/peertube-fixtures.js';
import { originProblem } from './activity-origin.js';

const actor = 'https://b.example/accounts/peertube';

describe('originProblem', () => {
  it.each(PEERTUBE_ACTIVITY_NAMES)('accepts the %s PeerTube 8 sent', (name) =>
    expect(originProblem(peerTubeActivity(name))).toBeUndefined(),
  );

  it.each([
    ['a Create of its own video', { type: 'Create', actor, object: { id: 'https://b.example/videos/watch/1' } }],
    ['a Delete of its own video', { type: 'Delete', actor, object: 'https://b.example/videos/watch/1' }],
    ['an Announce of a video from elsewhere', { type: 'Announce', actor, object: 'https://c.example/videos/watch/2' }],
    ['an Undo of its own Follow', { type: 'Undo', actor, object: { type: 'Follow', actor, object: 'https://a/x' } }],
    ['an Accept of a follow of itself', { type: 'Accept', actor, object: { type: 'Follow', object: actor } }],
    ['a Follow', { type: 'Follow', actor, object: 'https://a.example/accounts/peertube' }],
  ])('accepts %s', (_case, activity) => expect(originProblem(activity)).toBeUndefined());

  it.each([
    ['a Create of a video on another server', { type: 'Create', actor, object: { id: 'https://c.example/videos/1' } }],
    ['an Update of another server object', { type: 'Update', actor, object: { id: 'https://c.example/x' } }],
    ['a Delete of another server object', { type: 'Delete', actor, object: 'https://c.example/videos/watch/1' }],
    ['a Create without object id', { type: 'Create', actor, object: { name: 'x' } }],
    ['an Undo of someone else', { type: 'Undo', actor, object: { type: 'Follow', actor: 'https://c.example/a' } }],
    ['an Accept of a follow of someone else', { type: 'Accept', actor, object: { object: 'https://c.example/a' } }],
  ])('refuses %s', (_case, activity) => expect(originProblem(activity)).toBeDefined());
});
