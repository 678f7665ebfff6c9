import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChannel } from '../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../shared/models/common.js';
import type { ServerStats } from '../../shared/models/server/server-stats.model.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { hotScore } from '../../server/modules/videos/video-ranking.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { flushViews } from '../utils/views.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/** The fields of PeerTube 8's ServerStats (packages/models/src/server/server-stats.model.ts). */
const AP_TYPES = [
  'Create',
  'Update',
  'Delete',
  'Follow',
  'Accept',
  'Reject',
  'Announce',
  'Undo',
  'Like',
  'Dislike',
  'Flag',
  'View',
  'ApproveReply',
  'RejectReply',
];
const SERVER_STATS_FIELDS = [
  'totalUsers',
  'totalDailyActiveUsers',
  'totalWeeklyActiveUsers',
  'totalMonthlyActiveUsers',
  'totalModerators',
  'totalAdmins',
  'totalLocalVideos',
  'totalLocalVideoViews',
  'totalLocalVideoComments',
  'totalLocalVideoFilesSize',
  'totalVideos',
  'totalVideoComments',
  'totalLocalVideoChannels',
  'totalLocalDailyActiveVideoChannels',
  'totalLocalWeeklyActiveVideoChannels',
  'totalLocalMonthlyActiveVideoChannels',
  'totalLocalPlaylists',
  'totalInstanceFollowers',
  'totalInstanceFollowing',
  'videosRedundancy',
  'totalActivityPubMessagesProcessed',
  'totalActivityPubMessagesSuccesses',
  'totalActivityPubMessagesErrors',
  'activityPubMessagesProcessedPerSecond',
  'totalActivityPubMessagesWaiting',
  'averageRegistrationRequestResponseTimeMs',
  'totalRegistrationRequestsProcessed',
  'totalRegistrationRequests',
  'averageAbuseResponseTimeMs',
  'totalAbusesProcessed',
  'totalAbuses',
  ...AP_TYPES.flatMap((type) => [`totalActivityPub${type}MessagesSuccesses`, `totalActivityPub${type}MessagesErrors`]),
];

describe('views, viewers, ranked sorts, search filters, channel search, server stats and versions', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let clip: string;
  let alice: string;
  let bob: string;
  /** Alice's videos on A: v1 "Sunset over the ocean", v2 "Ocean" (tags ocean, blue), v3 "Forest walk" (ocean, green). */
  let v1: string;
  let v2: string;
  let v3: string;
  /** Bob's video on B, known on A through alice's subscription. */
  let remote: string;

  const video = (instance: TestInstance, id: string) => instance.api.call<VideoDetails>('get', `/api/v1/videos/${id}`);
  const view = (instance: TestInstance, id: string, json: object = { currentTime: 1 }) =>
    instance.api.raw('post', `/api/v1/videos/${id}/views`, { json });
  const list = (query: Record<string, string | number | boolean>, pathname = '/api/v1/videos') =>
    a.api.call<ResultList<Video>>('get', pathname, { query: { count: 100, ...query } });
  /** The uuids of a list, keeping only alice's three videos (the order the test crafted). */
  const order = async (query: Record<string, string | number | boolean>, pathname?: string) =>
    (await list(query, pathname)).data.map((item) => item.uuid).filter((uuid) => [v1, v2, v3].includes(uuid));
  const stats = (instance: TestInstance) => instance.api.call<ServerStats>('get', '/api/v1/server/stats');
  const sql = (instance: TestInstance, text: string, params: unknown[] = []) =>
    queryDatabase(instance.databaseName, text, params);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-views-'));
    [[a, b], clip] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2, width: 320, height: 240 }),
    ]);
    [{ token: alice }, { token: bob }] = await Promise.all([
      a.api.registerAndLogin('alice'),
      b.api.registerAndLogin('bob'),
    ]);
    await a.api.call('post', '/api/v1/users/me/subscriptions', {
      token: alice,
      json: { uri: `bob_channel@${b.host}` },
      status: 204,
    });
    await waitForJobs(a, b);
    v1 = await uploadVideo(a, alice, { name: 'Sunset over the ocean', file: clip });
    v2 = await uploadVideo(a, alice, { name: 'Ocean', file: clip });
    v3 = await uploadVideo(a, alice, { name: 'Forest walk', file: clip });
    remote = await uploadVideo(b, bob, { name: 'Bob clip', file: clip });
    await waitForJobs(a, b);
    const update = (uuid: string, json: object) =>
      a.api.call('put', `/api/v1/videos/${uuid}`, { token: alice, json, status: 204 });
    await update(v1, { category: 1, language: 'en', description: 'The ocean at sunset, over the ocean.' });
    await update(v2, { tags: ['ocean', 'blue'] });
    await update(v3, { tags: ['Ocean', 'green'], nsfw: true });
    await waitForJobs(a, b);
    expect((await video(a, remote)).isLocal).toBe(false);
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('config: serverVersion is the PeerTube API version implemented, shoal.version and NodeInfo give Shoal', async () => {
    const { version } = JSON.parse(await readFile(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    const config = await a.api.getConfig();
    expect(config.serverVersion).toBe('8.0.1');
    expect(config.shoal).toEqual({ version });
    const nodeInfo = await a.api.call<{ software: { name: string; version: string } }>('get', '/nodeinfo/2.0.json');
    expect(nodeInfo.software).toEqual({ name: 'shoal', version });
  });

  it('a view counts once per viewer within the window, and reaches the database with the flush, in one batch', async () => {
    for (const sessionId of ['s1', 's1', 's2']) {
      expect((await view(a, v1, { currentTime: 1, sessionId })).status).toBe(204);
    }
    // No session: the address is the viewer.
    expect((await view(a, v1, { currentTime: 0, viewEvent: 'seek' })).status).toBe(204);
    expect((await view(a, v1)).status).toBe(204);
    // Counted in Redis only: the database has neither the counter nor the history yet.
    expect((await video(a, v1)).views).toBe(0);
    expect(await sql(a, 'SELECT * FROM video_views')).toEqual([]);

    await flushViews(a);
    expect((await video(a, v1)).views).toBe(3);
    const rows = await sql(
      a,
      'SELECT v.uuid, h.start_date, h.end_date, h.views FROM video_views h JOIN videos v ON v.id = h.video_id',
    );
    expect(rows).toHaveLength(1);
    const [history] = rows as { uuid: string; start_date: Date; end_date: Date; views: number }[];
    expect(history).toMatchObject({ uuid: v1, views: 3 });
    expect(history.start_date.getTime() % 3_600_000).toBe(0);
    expect(history.end_date.getTime() - history.start_date.getTime()).toBe(3_600_000 - 1);

    // Within the window, the same viewers count no more.
    expect((await view(a, v1, { currentTime: 1, sessionId: 's2' })).status).toBe(204);
    await flushViews(a);
    expect((await video(a, v1)).views).toBe(3);
    expect((await stats(a)).totalLocalVideoViews).toBe(3);
  });

  it('refuses views PeerTube refuses, naming the field', async () => {
    const cases: [object, string][] = [
      [{ currentTime: -1 }, 'currentTime'],
      [{}, 'currentTime'],
      [{ currentTime: 'soon' }, 'currentTime'],
      // The clip lasts 2 s.
      [{ currentTime: 30 }, 'currentTime'],
      [{ currentTime: 1, viewEvent: 'watch' }, 'viewEvent'],
      [{ currentTime: 1, sessionId: 'not a session' }, 'sessionId'],
    ];
    for (const [body, field] of cases) {
      const response = await view(a, v2, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body['invalid-params'], JSON.stringify(response.body)).toHaveProperty(field);
    }
    expect((await view(a, '999999')).status).toBe(404);
  });

  it('viewers: who reported within the viewer window count on the video and in lists, then expire', async () => {
    for (const sessionId of ['w1', 'w2', 'w1']) await view(a, v2, { currentTime: 1, sessionId });
    expect((await video(a, v2)).viewers).toBe(2);
    const listed = (await list({ isLocal: true })).data.find((item) => item.uuid === v2);
    expect(listed?.viewers).toBe(2);
    // views.viewer_window is 5 seconds in tests.
    await sleep(5_500);
    expect((await video(a, v2)).viewers).toBe(0);
    await flushViews(a);
  });

  it("a view of another instance's video is counted by its origin, with the viewer; followers get the new count", async () => {
    expect((await view(a, remote, { currentTime: 1, sessionId: 'remote-viewer' })).status).toBe(204);
    await waitForJobs(a, b);
    // The View with `expires` reached B: A's viewer is one of the video's viewers there.
    expect((await video(b, remote)).viewers).toBe(1);
    expect((await video(b, remote)).views).toBe(0);
    await flushViews(b);
    expect((await video(b, remote)).views).toBe(1);
    // B's flush sent an Update of the video to its followers: A shows the origin's count.
    await waitForJobs(a, b);
    expect((await video(a, remote)).views).toBe(1);
    // A's viewer's view of it went to A's hourly history (trending here); history older than
    // views.remote_history_max_age (30 days) goes at the next flush, as PeerTube's cleanup does.
    await sql(
      a,
      `INSERT INTO video_views (video_id, start_date, end_date, views)
       SELECT id, now() - interval '40 days', now() - interval '40 days' + interval '1 hour', 7 FROM videos WHERE uuid = $1`,
      [remote],
    );
    await flushViews(a);
    const history = await sql(
      a,
      'SELECT h.views FROM video_views h JOIN videos v ON v.id = h.video_id WHERE v.uuid = $1',
      [remote],
    );
    expect(history).toEqual([{ views: 1 }]);
    // A remote video's counter is its origin's: A's flush adds nothing to it.
    expect((await video(a, remote)).views).toBe(1);
  });

  it("an origin sends its videos' viewers to followers, whose figure then replaces their own count", async () => {
    for (const sessionId of ['b1', 'b2', 'b3']) await view(b, remote, { currentTime: 1, sessionId });
    expect((await video(b, remote)).viewers).toBeGreaterThanOrEqual(3);
    // A itself saw at most one viewer of it (the one it reported); B broadcasts every viewer window (5 s in tests).
    await expect
      .poll(async () => (await video(a, remote)).viewers, { timeout: 15_000, interval: 250 })
      .toBeGreaterThanOrEqual(3);
    await flushViews(b);
    await waitForJobs(a, b);
  });

  it('-trending ranks by the views of the last trending.interval_days, from the hourly history', async () => {
    const id = async (uuid: string) =>
      ((await sql(a, 'SELECT id FROM videos WHERE uuid = $1', [uuid]))[0] as { id: number }).id;
    const hoursAgo = (hours: number) =>
      new Date(Date.now() - hours * 3_600_000 - ((Date.now() - hours * 3_600_000) % 3_600_000));
    const insert = async (uuid: string, start: Date, views: number) =>
      sql(
        a,
        `INSERT INTO video_views (video_id, start_date, end_date, views) VALUES ($1, $2, $2::timestamptz + interval '1 hour', $3)`,
        [await id(uuid), start, views],
      );
    // v1: 3 views this hour (above). v3: 10 three days ago. v2: 50, but ten days ago (outside the 7 days).
    await insert(v3, hoursAgo(72), 10);
    await insert(v2, hoursAgo(240), 50);
    expect(await order({ sort: '-trending', isLocal: true })).toEqual([v3, v1, v2]);
    expect(await order({ sort: 'trending', isLocal: true })).toEqual([v2, v1, v3]);
    // Channel and account lists share the sorts.
    expect(await order({ sort: '-trending' }, '/api/v1/video-channels/alice_channel/videos')).toEqual([v3, v1, v2]);
    expect(await order({ sort: '-trending' }, '/api/v1/accounts/alice/videos')).toEqual([v3, v1, v2]);
    const subscriptions = await a.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', {
      token: alice,
      query: { sort: '-trending', tagsOneOf: 'none-has-it' },
    });
    expect(subscriptions.total).toBe(0);
    expect(
      (
        await a.api.call<ResultList<Video>>('get', '/api/v1/users/me/subscriptions/videos', {
          token: alice,
          query: { sort: '-hot' },
        })
      ).data.map((item) => item.uuid),
    ).toEqual([remote]);
  });

  it("-hot and best rank by PeerTube's hot score: likes, views and age", async () => {
    const month = new Date(Date.now() - 30 * 86_400_000);
    await sql(a, `UPDATE videos SET likes = 0, views = 1000, published_at = $2 WHERE uuid = $1`, [v1, month]);
    await sql(a, `UPDATE videos SET likes = 6, views = 0, published_at = $2 WHERE uuid = $1`, [v2, month]);
    await sql(a, `UPDATE videos SET likes = 0, views = 0, published_at = now() WHERE uuid = $1`, [v3]);
    const videos = (await list({ isLocal: true })).data.filter((item) => [v1, v2, v3].includes(item.uuid));
    const expected = videos
      .map((item) => ({
        uuid: item.uuid,
        score: hotScore({ ...item, comments: 0, publishedAt: new Date(item.publishedAt!) }),
      }))
      .sort((x, y) => y.score - x.score)
      .map((item) => item.uuid);
    // Six likes outweigh a thousand views; a month of youth (55 half-days) outweighs them too.
    expect(expected).toEqual([v2, v3, v1]);
    expect(await order({ sort: '-hot', isLocal: true })).toEqual(expected);
    expect(await order({ sort: 'hot', isLocal: true })).toEqual([...expected].reverse());
    // No watch history in Shoal: best is hot, for anyone.
    expect(await order({ sort: '-best', isLocal: true })).toEqual(expected);
    expect(
      (
        await a.api.call<ResultList<Video>>('get', '/api/v1/videos', {
          token: alice,
          query: { sort: '-best', count: 100 },
        })
      ).data
        .map((item) => item.uuid)
        .filter((uuid) => [v1, v2, v3].includes(uuid)),
    ).toEqual(expected);
    expect((await a.api.raw('get', '/api/v1/videos').query({ sort: '-match' })).status).toBe(400);
  });

  it('-match ranks search results by relevance: name and tag, then name, then tag only', async () => {
    const search = (query: Record<string, string | number | boolean>) => order(query, '/api/v1/search/videos');
    expect(await search({ search: 'ocean' })).toEqual([v2, v1, v3]);
    expect(await search({ search: 'ocean', sort: '-match' })).toEqual([v2, v1, v3]);
    expect(await search({ search: 'ocean', sort: 'match' })).toEqual([v3, v1, v2]);
    expect(await search({ search: 'sunset' })).toEqual([v1]);
    expect(await search({ search: 'zzzz' })).toEqual([]);
    // By host: this instance's, or another's (Bob's clip on B).
    const hostSearch = async (host: string) =>
      (await list({ search: 'clip', host, searchTarget: 'local' }, '/api/v1/search/videos')).data.map(
        (item) => item.uuid,
      );
    expect(await hostSearch(b.host)).toEqual([remote]);
    expect(await hostSearch(a.host)).toEqual([]);
    expect(await order({ search: 'ocean', host: a.host }, '/api/v1/search/videos')).toEqual([v2, v1, v3]);
  });

  it('filters lists and search by tags, category, language, nsfw, live, duration and publication date', async () => {
    const search = (query: Record<string, string | number | boolean>) => order(query, '/api/v1/search/videos');
    const sorted = (uuids: string[]) => [...uuids].sort();
    const both = async (query: string) =>
      sorted(
        (await a.api.call<ResultList<Video>>('get', `/api/v1/videos?count=100&${query}`)).data
          .map((item) => item.uuid)
          .filter((uuid) => [v1, v2, v3].includes(uuid)),
      );
    expect(await both('tagsOneOf=blue&tagsOneOf=green')).toEqual(sorted([v2, v3]));
    expect(await both('tagsOneOf=blue')).toEqual([v2]);
    expect(await both('tagsAllOf=ocean&tagsAllOf=blue')).toEqual([v2]);
    expect(await both('tagsAllOf=OCEAN')).toEqual(sorted([v2, v3]));
    expect(await both('tagsAllOf=ocean&tagsAllOf=blue&tagsAllOf=green')).toEqual([]);
    expect(await both('categoryOneOf=1')).toEqual([v1]);
    expect(await both('languageOneOf=en')).toEqual([v1]);
    expect(await both('languageOneOf=_unknown')).toEqual(sorted([v2, v3]));
    expect(await both('nsfw=true')).toEqual([v3]);
    expect(await both('nsfw=false')).toEqual(sorted([v1, v2]));
    expect(await both('nsfw=both')).toEqual(sorted([v1, v2, v3]));
    expect(await both('isLive=true')).toEqual([]);
    expect(await both('isLive=false')).toEqual(sorted([v1, v2, v3]));
    expect(await both('durationMin=1&durationMax=3')).toEqual(sorted([v1, v2, v3]));
    expect(await both('durationMin=100')).toEqual([]);
    expect(await search({ search: 'ocean', tagsOneOf: 'green' })).toEqual([v3]);
    // v3 was published now, v1 and v2 a month ago (the hot test).
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    expect(sorted(await search({ search: 'ocean', startDate: weekAgo }))).toEqual([v3]);
    expect(sorted(await search({ search: 'ocean', endDate: weekAgo }))).toEqual(sorted([v1, v2]));
    const tooMany = await a.api.raw(
      'get',
      '/api/v1/videos?tagsOneOf=a1&tagsOneOf=a2&tagsOneOf=a3&tagsOneOf=a4&tagsOneOf=a5&tagsOneOf=a6',
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body['invalid-params']).toHaveProperty('tagsOneOf');
    expect(
      (await a.api.raw('get', '/api/v1/search/videos').query({ search: 'x', startDate: 'yesterday' })).status,
    ).toBe(400);
    expect((await a.api.raw('get', '/api/v1/videos').query({ nsfw: 'maybe' })).status).toBe(400);
  });

  it('searches channels: local ones by words, known remote ones by handle or URL, in the VideoChannel shape', async () => {
    const search = (query: Record<string, string | number | boolean>) =>
      a.api.call<ResultList<VideoChannel>>('get', '/api/v1/search/video-channels', { query });
    const names = async (query: Record<string, string | number | boolean>) =>
      (await search(query)).data.map((channel) => `${channel.name}@${channel.host}`);

    const local = await search({ search: 'alice' });
    expect(local.total).toBe(1);
    expect(local.data[0]).toMatchObject({
      name: 'alice_channel',
      displayName: 'Main alice channel',
      host: a.host,
      isLocal: true,
      url: `${a.url}/video-channels/alice_channel`,
      ownerAccount: { name: 'alice', host: a.host },
    });
    expect(local.data[0]).toHaveProperty('followersCount');
    const remoteHandle = `bob_channel@${b.host}`;
    for (const text of [remoteHandle, `@${remoteHandle}`, `${b.url}/video-channels/bob_channel`]) {
      const found = await search({ search: text });
      expect(found.total, text).toBe(1);
      expect(found.data[0]).toMatchObject({ name: 'bob_channel', host: b.host, isLocal: false });
    }
    expect((await search({ search: `nobody@${b.host}` })).total).toBe(0);
    expect(await names({ search: 'bob' })).toEqual([remoteHandle]);
    expect(await names({ search: 'channel', sort: 'createdAt' })).toEqual(
      expect.arrayContaining([`alice_channel@${a.host}`, remoteHandle]),
    );
    expect(await names({ search: 'channel', host: b.host })).toEqual([remoteHandle]);
    expect(await names({ handles: 'alice_channel' })).toEqual([`alice_channel@${a.host}`]);
    expect(await names({ search: 'main alice' })).toEqual([`alice_channel@${a.host}`]);
    const paged = await search({ search: 'channel', count: 1 });
    expect(paged.data).toHaveLength(1);
    expect(paged.total).toBeGreaterThanOrEqual(2);
    expect((await a.api.raw('get', '/api/v1/search/video-channels').query({ sort: '-views' })).status).toBe(400);
  });

  it("server stats: PeerTube 8's fields, with figures that follow new users, videos, follows and activities", async () => {
    const before = await stats(a);
    expect(Object.keys(before).sort()).toEqual([...SERVER_STATS_FIELDS].sort());
    expect(before).toMatchObject({
      totalUsers: 2,
      totalAdmins: 1,
      totalModerators: 0,
      totalLocalVideos: 3,
      totalVideos: 4,
      totalLocalVideoChannels: 2,
      totalLocalVideoComments: 0,
      totalLocalPlaylists: 0,
      totalInstanceFollowers: 0,
      totalInstanceFollowing: 0,
      videosRedundancy: [],
      totalRegistrationRequests: 0,
    });
    expect(before.totalLocalVideoFilesSize).toBeGreaterThan(0);
    expect(before.totalLocalWeeklyActiveVideoChannels).toBe(1);
    expect(before.totalLocalVideoViews).toBe(
      (await list({ isLocal: true })).data.reduce((sum, item) => sum + item.views, 0),
    );

    const { token: carol } = await a.api.registerAndLogin('carol');
    const carolVideo = await uploadVideo(a, carol, { name: 'Carol clip', file: clip });
    await waitForJobs(a, b);
    await a.api.call('post', `/api/v1/videos/${carolVideo}/comment-threads`, {
      token: carol,
      json: { text: 'First!' },
    });
    const carolChannel = await a.api.call<{ id: number }>('get', '/api/v1/video-channels/carol_channel');
    await a.api.call('post', '/api/v1/video-playlists', {
      token: carol,
      json: { displayName: 'Carol picks', privacy: 1, videoChannelId: carolChannel.id },
    });
    // stats.cache_duration is 1 second in tests.
    await sleep(1_100);
    const after = await stats(a);
    expect(after.totalUsers).toBe(before.totalUsers + 1);
    expect(after.totalDailyActiveUsers).toBe(before.totalDailyActiveUsers + 1);
    expect(after.totalLocalVideos).toBe(before.totalLocalVideos + 1);
    expect(after.totalVideos).toBe(before.totalVideos + 1);
    expect(after.totalLocalVideoChannels).toBe(before.totalLocalVideoChannels + 1);
    expect(after.totalLocalDailyActiveVideoChannels).toBe(before.totalLocalDailyActiveVideoChannels + 1);
    expect(after.totalLocalVideoFilesSize).toBeGreaterThan(before.totalLocalVideoFilesSize);
    expect(after.totalLocalVideoComments).toBe(before.totalLocalVideoComments + 1);
    expect(after.totalVideoComments).toBe(before.totalVideoComments + 1);
    expect(after.totalLocalPlaylists).toBe(before.totalLocalPlaylists + 1);

    // B processed alice's Follow and the Views from A; A processed B's Accept, Creates and Updates.
    const fromB = await stats(b);
    expect(fromB.totalActivityPubFollowMessagesSuccesses).toBe(1);
    expect(fromB.totalActivityPubViewMessagesSuccesses).toBeGreaterThanOrEqual(2);
    expect(fromB.totalActivityPubMessagesProcessed).toBe(
      fromB.totalActivityPubMessagesSuccesses + fromB.totalActivityPubMessagesErrors,
    );
    expect(fromB.activityPubMessagesProcessedPerSecond).toBeGreaterThan(0);
    expect(fromB.totalActivityPubMessagesWaiting).toBe(0);
    const fromA = await stats(a);
    expect(fromA.totalActivityPubAcceptMessagesSuccesses).toBe(1);
    expect(fromA.totalActivityPubCreateMessagesSuccesses).toBeGreaterThanOrEqual(1);
    expect(fromA.totalActivityPubUpdateMessagesSuccesses).toBeGreaterThanOrEqual(1);
  });
});
