import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { ServerBlock } from '../../shared/models/server/server-blocklist.model.js';
import type { ActorFollow } from '../../shared/models/server/follow.model.js';
import { destroyInstances, startInstances, TestInstance } from '../utils/instance.js';
import { postSignedActivity } from '../utils/signed-activity.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

describe('federation: instance follows and blocklist', () => {
  let a: TestInstance;
  let b: TestInstance;
  let adminA: string;
  let adminB: string;

  const following = (instance: TestInstance) =>
    instance.api.call<ResultList<ActorFollow>>('get', '/api/v1/server/following');
  const followers = (instance: TestInstance) =>
    instance.api.call<ResultList<ActorFollow>>('get', '/api/v1/server/followers');

  beforeAll(async () => {
    [a, b] = await startInstances(2);
    [adminA, adminB] = await Promise.all([a.adminToken(), b.adminToken()]);
  });

  afterAll(() => destroyInstances(a, b));

  it('A follows B, B accepts on its own, and both sides list the follow', async () => {
    await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [b.host] }, status: 204 });
    expect((await following(a)).data).toMatchObject([{ state: 'pending', following: { host: b.host } }]);
    await waitForJobs(a, b);

    const [aFollowing, bFollowers] = await Promise.all([following(a), followers(b)]);
    expect(aFollowing).toMatchObject({
      total: 1,
      data: [
        {
          state: 'accepted',
          follower: { host: a.host, name: 'peertube' },
          following: { host: b.host, name: 'peertube' },
        },
      ],
    });
    expect(bFollowers).toMatchObject({ total: 1, data: [{ state: 'accepted', follower: { host: a.host } }] });
    expect(bFollowers.data[0].following.followersCount).toBe(1);
  });

  it("a remote actor follows a channel: accepted at once, listed by the channel's followers, undone", async () => {
    const actor = `${a.url}/accounts/peertube`;
    const channel = `${b.url}/video-channels/root_channel`;
    const channelFollowers = async () =>
      (await (
        await fetch(`${channel}/followers?page=1`, { headers: { Accept: 'application/activity+json' } })
      ).json()) as {
        orderedItems: string[];
      };
    const follow = { id: `${actor}/follows/channel-1`, type: 'Follow', actor, object: channel };
    expect((await postSignedActivity(a, b, follow)).status).toBe(202);
    await waitForJobs(a, b);
    expect((await channelFollowers()).orderedItems).toEqual([actor]);

    const undo = { id: `${actor}/follows/channel-1/undo`, type: 'Undo', actor, object: follow };
    expect((await postSignedActivity(a, b, undo)).status).toBe(202);
    await waitForJobs(a, b);
    expect((await channelFollowers()).orderedItems).toEqual([]);

    // Followed again, then the Undo of an older Follow arrives late: it does not end the newer follow.
    const again = { ...follow, id: `${actor}/follows/channel-2` };
    expect((await postSignedActivity(a, b, again)).status).toBe(202);
    await waitForJobs(a, b);
    const late = { ...undo, id: `${actor}/follows/channel-1/undo-late` };
    expect((await postSignedActivity(a, b, late)).status).toBe(202);
    await waitForJobs(a, b);
    expect((await channelFollowers()).orderedItems).toEqual([actor]);
    const undoAgain = { id: `${actor}/follows/channel-2/undo`, type: 'Undo', actor, object: again };
    expect((await postSignedActivity(a, b, undoAgain)).status).toBe(202);
    await waitForJobs(a, b);
    expect((await channelFollowers()).orderedItems).toEqual([]);
  });

  it('refuses to follow itself, a malformed host, and needs the right', async () => {
    const self = await a.api.raw('post', '/api/v1/server/following', { token: adminA, json: { hosts: [a.host] } });
    expect(self.status).toBe(400);
    expect(self.body.code).toBe('cannot_follow_self');
    const malformed = await a.api.raw('post', '/api/v1/server/following', {
      token: adminA,
      json: { hosts: ['https://x.example/'] },
    });
    expect(malformed.status).toBe(400);
    const { token } = await a.api.registerAndLogin('mallory');
    expect((await a.api.raw('post', '/api/v1/server/following', { token, json: { hosts: [b.host] } })).status).toBe(
      403,
    );
  });

  it('A unfollows B: B no longer lists A among its followers', async () => {
    await a.api.call('delete', `/api/v1/server/following/${b.host}`, { token: adminA, status: 204 });
    await waitForJobs(a, b);
    expect((await following(a)).total).toBe(0);
    expect((await followers(b)).total).toBe(0);
  });

  it('B blocks A: A is refused, its follow stays unanswered, and B lists the block', async () => {
    await b.api.call('post', '/api/v1/server/blocklist/servers', {
      token: adminB,
      json: { host: a.host },
      status: 204,
    });
    const blocklist = await b.api.call<ResultList<ServerBlock>>('get', '/api/v1/server/blocklist/servers', {
      token: adminB,
    });
    expect(blocklist).toMatchObject({
      total: 1,
      data: [{ blockedServer: { host: a.host }, byAccount: { name: 'peertube' } }],
    });

    await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [b.host] }, status: 204 });
    await waitForJobs(a, b);
    expect((await followers(b)).total).toBe(0);
    expect((await following(a)).data).toMatchObject([{ state: 'pending' }]);
    // The refused delivery is not retried: a 403 is final.
    const failed = await a.api.call<ResultList<{ type: string; attempts: number }>>('get', '/api/v1/jobs/failed', {
      token: adminA,
      query: { jobType: 'deliver-activity' },
    });
    expect(failed.data).toMatchObject([{ type: 'deliver-activity', attempts: 1 }]);

    // B cannot follow A either while A is on its blocklist.
    const refused = await b.api.raw('post', '/api/v1/server/following', { token: adminB, json: { hosts: [a.host] } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('server_blocked');
  });

  it('unblocking lets A follow again; blocking removes existing follows', async () => {
    await b.api.call('delete', `/api/v1/server/blocklist/servers/${a.host}`, { token: adminB, status: 204 });
    await a.api.call('delete', `/api/v1/server/following/${b.host}`, { token: adminA, status: 204 });
    await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [b.host] }, status: 204 });
    await waitForJobs(a, b);
    expect((await followers(b)).total).toBe(1);

    await b.api.call('post', '/api/v1/server/blocklist/servers', {
      token: adminB,
      json: { host: a.host },
      status: 204,
    });
    expect((await followers(b)).total).toBe(0);
    // The counters follow.
    expect((await b.api.call<Account>('get', '/api/v1/accounts/peertube')).followersCount).toBe(0);
  });

  it('with manual approval, a follow waits for a moderator; once accepted it is followed back', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'shoal-follows-'));
    const configFile = path.join(folder, 'shoal.yaml');
    await writeFile(configFile, 'federation: { followers: { auto_accept: false, auto_follow_back: true } }\n');
    const c = await TestInstance.create({ env: { SHOAL_CONFIG: configFile } });
    try {
      await c.start();
      const adminC = await c.adminToken();
      await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [c.host] }, status: 204 });
      await waitForJobs(a, c);
      expect((await followers(c)).data).toMatchObject([{ state: 'pending', follower: { host: a.host } }]);
      expect((await following(a)).data.find((follow) => follow.following.host === c.host)?.state).toBe('pending');

      // The follower is named by its handle: another name on the same host is not it.
      await c.api.call('post', `/api/v1/server/followers/nobody@${a.host}/accept`, { token: adminC, status: 404 });
      await c.api.call('post', `/api/v1/server/followers/peertube/accept`, { token: adminC, status: 400 });
      await c.api.call('post', `/api/v1/server/followers/peertube@${a.host}/accept`, { token: adminC, status: 204 });
      await waitForJobs(a, c);
      expect((await following(a)).data.find((follow) => follow.following.host === c.host)?.state).toBe('accepted');
      // C follows A back, and A (auto-accept) accepts.
      expect((await following(c)).data).toMatchObject([{ state: 'accepted', following: { host: a.host } }]);
    } finally {
      await c.destroy();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
