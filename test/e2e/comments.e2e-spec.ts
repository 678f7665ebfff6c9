import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type {
  VideoComment,
  VideoCommentForAdminOrUser,
  VideoCommentThreads,
  VideoCommentThreadTree,
} from '../../shared/models/videos/comment.model.js';
import type { Video, VideoDetails } from '../../shared/models/videos/video.model.js';
import { signRequest } from '../../server/federation/signatures/http-signatures.js';
import { generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** Posts an activity to `target`'s shared inbox signed by a local account of `sender` (as its server would). */
async function postAsAccount(sender: TestInstance, account: string, target: TestInstance, activity: object) {
  const [row] = await queryDatabase<{ private_key: string }>(
    sender.databaseName,
    `SELECT private_key FROM actors WHERE preferred_username = $1 AND server_id IS NULL AND type = 'Person'`,
    [account],
  );
  const body = JSON.stringify(activity);
  const headers = signRequest({
    method: 'POST',
    url: `${target.url}/inbox`,
    body,
    keyId: `${sender.url}/accounts/${account}#main-key`,
    privateKeyPem: row.private_key,
  });
  return fetch(`${target.url}/inbox`, {
    method: 'POST',
    body,
    headers: { ...headers, 'Content-Type': 'application/activity+json' },
  });
}

async function getActivityJson<T>(url: string): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers: { Accept: 'application/activity+json' } });
  return { status: response.status, body: (await response.json()) as T };
}

describe('video comments', () => {
  let a: TestInstance;
  let b: TestInstance;
  let third: TestInstance | undefined;
  let folder: string;
  let clip: string;
  let alice: string; // owns the video on A
  let carol: string; // comments on A
  let dave: string; // another user of A
  let bob: string; // user of B
  let adminA: string;
  let uuid: string; // alice's video on A
  let uuidB: string; // bob's video on B

  const threads = (instance: TestInstance, id: string, token?: string, query: Record<string, string> = {}) =>
    instance.api.call<VideoCommentThreads>('get', `/api/v1/videos/${id}/comment-threads`, { token, query });
  const thread = (instance: TestInstance, id: string, threadId: number, token?: string) =>
    instance.api.call<VideoCommentThreadTree>('get', `/api/v1/videos/${id}/comment-threads/${threadId}`, { token });
  const post = (instance: TestInstance, token: string, id: string, text: string, parentId?: number) =>
    instance.api
      .call<{ comment: VideoComment }>(
        'post',
        parentId ? `/api/v1/videos/${id}/comments/${parentId}` : `/api/v1/videos/${id}/comment-threads`,
        { token, json: { text } },
      )
      .then((body) => body.comment);
  const video = (instance: TestInstance, id: string) => instance.api.call<VideoDetails>('get', `/api/v1/videos/${id}`);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-comments-'));
    [[a, b], clip] = await Promise.all([
      startInstances(2),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 1, width: 160, height: 120 }),
    ]);
    [{ token: alice }, { token: carol }, { token: dave }, { token: bob }, adminA] = await Promise.all([
      a.api.registerAndLogin('alice'),
      a.api.registerAndLogin('carol'),
      a.api.registerAndLogin('dave'),
      b.api.registerAndLogin('bob'),
      a.adminToken(),
    ]);
    // Each instance follows the other: their videos and comments reach each other.
    await a.api.call('post', '/api/v1/server/following', { token: adminA, json: { hosts: [b.host] }, status: 204 });
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b);
    [uuid, uuidB] = await Promise.all([
      uploadVideo(a, alice, { name: 'Commented on A', file: clip }),
      uploadVideo(b, bob, { name: 'Commented on B', file: clip }),
    ]);
    await waitForJobs(a, b);
  });

  afterAll(async () => {
    await destroyInstances(a, b, third);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  let firstThread: VideoComment;
  let aliceReply: VideoComment;
  let carolReply: VideoComment;
  let secondThread: VideoComment;

  it('threads, replies and the thread tree, in PeerTube shapes, with counters', async () => {
    firstThread = await post(a, carol, uuid, 'First *thread*');
    expect(firstThread).toMatchObject({
      text: 'First *thread*',
      threadId: firstThread.id,
      inReplyToCommentId: null,
      videoId: (await video(a, uuid)).id,
      url: `${a.url}/videos/watch/${uuid}/comments/${firstThread.id}`,
      isDeleted: false,
      deletedAt: null,
      heldForReview: false,
      totalReplies: 0,
      totalRepliesFromVideoAuthor: 0,
      account: { name: 'carol', host: a.host, displayName: expect.any(String) as string },
    });
    aliceReply = await post(a, alice, uuid, 'Reply of the owner', firstThread.id);
    expect(aliceReply).toMatchObject({ threadId: firstThread.id, inReplyToCommentId: firstThread.id });
    carolReply = await post(a, carol, uuid, 'Reply to the reply', aliceReply.id);
    expect(carolReply).toMatchObject({ threadId: firstThread.id, inReplyToCommentId: aliceReply.id });
    secondThread = await post(a, dave, uuid, 'Second thread');

    const list = await threads(a, uuid);
    expect(list).toMatchObject({ total: 2, totalNotDeletedComments: 4 });
    expect(list.data.map((c) => c.id)).toEqual([secondThread.id, firstThread.id]);
    expect(list.data[1]).toMatchObject({ totalReplies: 2, totalRepliesFromVideoAuthor: 1 });
    expect((await threads(a, uuid, undefined, { sort: 'createdAt' })).data.map((c) => c.id)).toEqual([
      firstThread.id,
      secondThread.id,
    ]);
    expect((await threads(a, uuid, undefined, { sort: '-totalReplies' })).data[0].id).toBe(firstThread.id);
    const page = await threads(a, uuid, undefined, { start: '1', count: '1' });
    expect(page).toMatchObject({ total: 2, data: [{ id: firstThread.id }] });

    const tree = await thread(a, uuid, firstThread.id);
    expect(tree).toMatchObject({
      comment: { id: firstThread.id },
      children: [
        {
          comment: { id: aliceReply.id, account: { name: 'alice' } },
          children: [{ comment: { id: carolReply.id }, children: [] }],
        },
      ],
    });
    // A reply is not a thread.
    expect((await a.api.raw('get', `/api/v1/videos/${uuid}/comment-threads/${aliceReply.id}`)).status).toBe(404);
    expect((await video(a, uuid)).comments).toBe(4);
    const listed = await a.api.call<ResultList<Video>>('get', '/api/v1/videos', { query: { isLocal: true } });
    expect(listed.data.find((v) => v.uuid === uuid)?.comments).toBe(4);
  });

  it('deletion: by the author, the video owner or a moderator only; a tombstone stays in the thread', async () => {
    const remove = (token: string | undefined, id: number) =>
      a.api.raw('delete', `/api/v1/videos/${uuid}/comments/${id}`, { token });
    expect((await remove(undefined, aliceReply.id)).status).toBe(401);
    const refused = await remove(dave, aliceReply.id);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'comment_delete_forbidden' });
    expect((await remove(carol, aliceReply.id)).status).toBe(403);

    // The author deletes a comment with a reply: it stays, without text nor author.
    expect((await remove(alice, aliceReply.id)).status).toBe(204);
    const tree = await thread(a, uuid, firstThread.id);
    expect(tree.children[0]).toMatchObject({
      comment: { id: aliceReply.id, isDeleted: true, text: '', account: null, deletedAt: expect.any(String) as string },
      children: [{ comment: { id: carolReply.id, isDeleted: false } }],
    });
    expect((await remove(alice, aliceReply.id)).body).toMatchObject({ status: 409, code: 'comment_already_deleted' });

    // The video's owner deletes someone else's comment; so does a moderator.
    expect((await remove(alice, carolReply.id)).status).toBe(204);
    expect((await remove(adminA, secondThread.id)).status).toBe(204);
    expect(await threads(a, uuid)).toMatchObject({ total: 2, totalNotDeletedComments: 1 });
    expect((await video(a, uuid)).comments).toBe(1);
    // A comment of another video is not found through this one.
    expect(
      (await a.api.raw('delete', `/api/v1/videos/${uuidB}/comments/${firstThread.id}`, { token: adminA })).status,
    ).toBe(404);
  });

  it('bad input is refused with 4xx naming the field', async () => {
    const raw = (method: 'get' | 'post', url: string, json?: object, token: string | undefined = carol) =>
      a.api.raw(method, url, { token, json });
    const empty = await raw('post', `/api/v1/videos/${uuid}/comment-threads`, { text: '' });
    expect(empty.status).toBe(400);
    expect(empty.body).toMatchObject({ code: 'validation_failed', 'invalid-params': { text: { path: 'text' } } });
    expect((await raw('post', `/api/v1/videos/${uuid}/comment-threads`, { text: 'x'.repeat(10_001) })).status).toBe(
      400,
    );
    expect((await raw('post', `/api/v1/videos/${uuid}/comment-threads`, {})).body).toMatchObject({
      'invalid-params': { text: { path: 'text' } },
    });
    expect((await raw('post', `/api/v1/videos/${uuid}/comment-threads`, { text: 42 })).status).toBe(400);
    expect((await raw('post', `/api/v1/videos/${uuid}/comment-threads`, { text: 'hi' }, '')).status).toBe(401);
    const badThread = await raw('get', `/api/v1/videos/${uuid}/comment-threads/abc`);
    expect(badThread.status).toBe(400);
    expect(badThread.body).toMatchObject({ 'invalid-params': { threadId: { path: 'threadId' } } });
    const badSort = await raw('get', `/api/v1/videos/${uuid}/comment-threads?sort=name`);
    expect(badSort.body).toMatchObject({ status: 400, 'invalid-params': { sort: { path: 'sort' } } });
    expect((await raw('get', `/api/v1/videos/${uuid}/comment-threads?count=101`)).status).toBe(400);
    expect((await raw('post', `/api/v1/videos/${uuid}/comments/99999999`, { text: 'hi' })).status).toBe(404);
    expect((await raw('post', `/api/v1/videos/${uuid}/comments/99999999999`, { text: 'hi' })).status).toBe(400);
    expect((await raw('get', `/api/v1/videos/00000000-0000-4000-8000-000000000000/comment-threads`)).status).toBe(404);
    expect((await raw('post', `/api/v1/videos/${uuid}/comments/${firstThread.id}/approve`)).body).toMatchObject({
      status: 400,
      code: 'comment_not_held_for_review',
    });
  });

  it('policies: 3 holds comments for the owner to approve, 2 refuses them; commentsEnabled still works', async () => {
    const update = (json: object) => a.api.call('put', `/api/v1/videos/${uuid}`, { token: alice, json, status: 204 });
    await update({ commentsPolicy: 3 });
    expect(await video(a, uuid)).toMatchObject({
      commentsPolicy: { id: 3, label: 'Requires approval' },
      commentsEnabled: true,
    });
    const held = await post(a, carol, uuid, 'Waiting for approval');
    expect(held.heldForReview).toBe(true);
    // The owner's own comments are not held.
    expect((await post(a, alice, uuid, 'Owner speaking')).heldForReview).toBe(false);
    const ids = async (token?: string) => (await threads(a, uuid, token)).data.map((c) => c.id);
    expect(await ids()).not.toContain(held.id);
    expect(await ids(dave)).not.toContain(held.id);
    expect(await ids(carol)).toContain(held.id);
    expect(await ids(alice)).toContain(held.id);
    expect((await a.api.raw('get', `/api/v1/videos/${uuid}/comment-threads/${held.id}`)).status).toBe(404);
    const commentsOfAlice = await a.api.call<ResultList<VideoCommentForAdminOrUser>>(
      'get',
      '/api/v1/users/me/videos/comments',
      { token: alice, query: { isHeldForReview: true } },
    );
    expect(commentsOfAlice).toMatchObject({
      total: 1,
      data: [{ id: held.id, heldForReview: true, video: { uuid, channel: { name: 'alice_channel' } } }],
    });
    expect(
      (await a.api.call<ResultList<unknown>>('get', '/api/v1/users/me/videos/comments', { token: carol })).total,
    ).toBe(0);

    const approve = (token: string) =>
      a.api.raw('post', `/api/v1/videos/${uuid}/comments/${held.id}/approve`, { token });
    expect((await approve(carol)).body).toMatchObject({ status: 403, code: 'comment_approve_forbidden' });
    expect((await approve(alice)).status).toBe(204);
    expect(await ids()).toContain(held.id);
    expect((await approve(alice)).status).toBe(400);

    // An older client turns comments off: policy 2.
    await update({ commentsEnabled: false });
    expect(await video(a, uuid)).toMatchObject({
      commentsPolicy: { id: 2, label: 'Disabled' },
      commentsEnabled: false,
    });
    const refused = await a.api.raw('post', `/api/v1/videos/${uuid}/comment-threads`, {
      token: carol,
      json: { text: 'no' },
    });
    expect(refused.body).toMatchObject({ status: 409, code: 'comments_disabled' });
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await threads(a, uuid)).toEqual({ total: 0, totalNotDeletedComments: 0, data: [] });
    expect(
      (await a.api.raw('put', `/api/v1/videos/${uuid}`, { token: alice, json: { commentsPolicy: 4 } })).body,
    ).toMatchObject({ status: 400, 'invalid-params': { commentsPolicy: { path: 'commentsPolicy' } } });
    await update({ commentsPolicy: 1 });

    // Given at upload.
    const channelId = (await a.api.me(alice)).videoChannels[0].id;
    const upload = await a.api
      .raw('post', '/api/v1/videos/upload', { token: alice })
      .field('channelId', String(channelId))
      .field('name', 'Upload with a policy')
      .field('commentsPolicy', '3')
      .attach('videofile', clip);
    expect(upload.status).toBe(200);
    const uploaded = await video(a, (upload.body as { video: { uuid: string } }).video.uuid);
    expect(uploaded.commentsPolicy).toEqual({ id: 3, label: 'Requires approval' });
  });

  it('hostile markdown is stored as sent; the ActivityPub Note carries it sanitised', async () => {
    const hostile =
      'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> [click](javascript:alert(3)) ' +
      '<a href="javascript:alert(4)">here</a> <a href="https://ok.example/">fine</a> **bold**';
    const comment = await post(a, carol, uuid, hostile);
    expect(comment.text).toBe(hostile);
    const { status, body: note } = await getActivityJson<Record<string, unknown>>(comment.url);
    expect(status).toBe(200);
    expect(note).toMatchObject({
      type: 'Note',
      id: comment.url,
      url: comment.url,
      mediaType: 'text/html',
      source: { content: hostile, mediaType: 'text/markdown' },
      inReplyTo: `${a.url}/videos/watch/${uuid}`,
      attributedTo: `${a.url}/accounts/carol`,
      to: [PUBLIC],
    });
    const content = note.content as string;
    expect(content).not.toMatch(/<script|onerror|<img|href="javascript/i);
    expect(content).toContain('<a href="https://ok.example/" rel="nofollow noopener noreferrer">fine</a>');
    expect(content).toContain('<strong>bold</strong>');
    // Listed in the video's comments collection.
    const collection = await getActivityJson<{ totalItems: number }>(`${a.url}/videos/watch/${uuid}/comments`);
    expect(collection.body.totalItems).toBeGreaterThanOrEqual(1);
    const items = await getActivityJson<{ orderedItems: string[] }>(`${a.url}/videos/watch/${uuid}/comments?page=1`);
    expect(items.body.orderedItems).toContain(firstThread.url);
    // A deleted comment is served as a Tombstone.
    const tombstone = await getActivityJson<Record<string, unknown>>(aliceReply.url);
    expect(tombstone.body).toMatchObject({ type: 'Tombstone', formerType: 'Note', id: aliceReply.url });
  });

  it('moderators list every comment, with filters; others may not', async () => {
    const all = (query: Record<string, string | boolean>, token = adminA) =>
      a.api.call<ResultList<VideoCommentForAdminOrUser>>('get', '/api/v1/videos/comments', { token, query });
    const everything = await all({});
    expect(everything.total).toBeGreaterThanOrEqual(4);
    expect(everything.data[0]).toMatchObject({ automaticTags: [], video: { uuid: expect.any(String) as string } });
    expect((await all({ search: 'Waiting for approval' })).data.map((c) => c.text)).toEqual(['Waiting for approval']);
    expect((await all({ searchAccount: 'alice' })).data.every((c) => c.account?.name === 'alice')).toBe(true);
    expect((await all({ isLocal: false })).total).toBe(0);
    expect((await a.api.raw('get', '/api/v1/videos/comments', { token: carol })).status).toBe(403);
    expect((await a.api.raw('get', '/api/v1/videos/comments')).status).toBe(401);
  });

  let bobComment: VideoComment;

  it('federation: a comment on a video of A written on B reaches A, and the reply on A reaches B', async () => {
    bobComment = await post(b, bob, uuid, 'From _B_');
    expect(bobComment.url).toBe(`${b.url}/videos/watch/${uuid}/comments/${bobComment.id}`);
    await waitForJobs(a, b);
    const onA = (await threads(a, uuid)).data.find((c) => c.url === bobComment.url);
    expect(onA).toMatchObject({ text: 'From _B_', account: { name: 'bob', host: b.host }, heldForReview: false });

    const reply = await post(a, alice, uuid, 'Welcome, B', onA!.id);
    await waitForJobs(a, b);
    const treeOnB = await thread(b, uuid, bobComment.id);
    expect(treeOnB.children).toMatchObject([
      { comment: { url: reply.url, account: { name: 'alice', host: a.host }, inReplyToCommentId: bobComment.id } },
    ]);
    // The reply's Note mentions the author it answers.
    const note = await getActivityJson<{ tag: object[] }>(reply.url);
    expect(note.body.tag).toEqual([{ type: 'Mention', href: `${b.url}/accounts/bob`, name: `@bob@${b.host}` }]);
  });

  it("federation: a comment written on A on B's video reaches B; deletions travel both ways", async () => {
    const carolOnB = await post(a, carol, uuidB, 'Hello from A');
    await waitForJobs(a, b);
    const onB = (await threads(b, uuidB)).data.find((c) => c.url === carolOnB.url);
    expect(onB).toMatchObject({ text: 'Hello from A', account: { name: 'carol', host: a.host } });
    expect((await video(b, uuidB)).comments).toBe(1);

    await a.api.call('delete', `/api/v1/videos/${uuidB}/comments/${carolOnB.id}`, { token: carol, status: 204 });
    await b.api.call('delete', `/api/v1/videos/${uuid}/comments/${bobComment.id}`, { token: bob, status: 204 });
    await waitForJobs(a, b);
    expect((await threads(b, uuidB)).data.find((c) => c.url === carolOnB.url)).toMatchObject({
      isDeleted: true,
      text: '',
    });
    expect((await video(b, uuidB)).comments).toBe(0);
    expect((await threads(a, uuid)).data.find((c) => c.url === bobComment.url)).toMatchObject({
      isDeleted: true,
      account: null,
    });
  });

  it("a third instance following A gets B's comment from A, and fetches a reply's unknown parent", async () => {
    // Approved earlier on A, hence sent then; refused and held comments never left A.
    const onB = (await threads(b, uuid)).data.map((c) => c.text);
    expect(onB).toContain('Waiting for approval');
    // Kept until the end: deliveries from A to a stopped instance would keep A's queue busy.
    [third] = await startInstances(1);
    await third.api.call('post', '/api/v1/server/following', {
      token: await third.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b, third);
    expect((await video(third, uuid)).uuid).toBe(uuid);
    const fromB = await post(b, bob, uuid, 'Passed on by the origin');
    await waitForJobs(a, b, third);
    // C follows A, not B: only A's forwarding of B's signed Create brings it.
    expect((await threads(third, uuid)).data.find((comment) => comment.url === fromB.url)).toMatchObject({
      text: 'Passed on by the origin',
      account: { name: 'bob', host: b.host },
    });
    // A reply to a comment C never saw: C fetches it from A first.
    const late = await post(a, dave, uuid, 'Late reply', firstThread.id);
    await waitForJobs(a, b, third);
    const threadOnC = (await threads(third, uuid)).data.find((comment) => comment.url === firstThread.url);
    expect(threadOnC).toMatchObject({ text: 'First *thread*', account: { name: 'carol', host: a.host } });
    const tree = await thread(third, uuid, threadOnC!.id);
    expect(tree.children.map((child) => child.comment.url)).toContain(late.url);
  });

  it("federation: a video's owner deletes another instance's comment on it, and that instance takes it", async () => {
    const onAsVideo = await post(b, bob, uuid, 'To be removed by alice');
    const onBsVideo = await post(a, carol, uuidB, 'To be removed by bob');
    await waitForJobs(a, b);
    const find = async (instance: TestInstance, id: string, url: string) =>
      (await threads(instance, id)).data.find((c) => c.url === url);
    const onA = await find(a, uuid, onAsVideo.url);
    const onB = await find(b, uuidB, onBsVideo.url);
    await a.api.call('delete', `/api/v1/videos/${uuid}/comments/${onA!.id}`, { token: alice, status: 204 });
    await b.api.call('delete', `/api/v1/videos/${uuidB}/comments/${onB!.id}`, { token: bob, status: 204 });
    await waitForJobs(a, b);
    expect(await find(b, uuid, onAsVideo.url)).toMatchObject({ isDeleted: true, text: '' });
    expect(await find(a, uuidB, onBsVideo.url)).toMatchObject({ isDeleted: true, text: '' });
  });

  it('remote Notes: HTML sanitised, origin and audience checked, policies applied', async () => {
    const videoUrl = `${b.url}/videos/watch/${uuidB}`;
    const actor = `${a.url}/accounts/carol`;
    let n = 0;
    const note = (fields: object = {}) => {
      const id = `${a.url}/videos/watch/${uuidB}/comments/${900_000 + ++n}`;
      return {
        type: 'Note',
        id,
        url: id,
        content: `<p>note ${n}</p>`,
        inReplyTo: videoUrl,
        published: new Date().toISOString(),
        attributedTo: actor,
        to: [PUBLIC],
        cc: [],
        ...fields,
      };
    };
    const create = (object: { id: string }) => ({
      id: `${object.id}/activity`,
      type: 'Create',
      actor,
      to: [PUBLIC],
      object,
    });
    const texts = async (token?: string) => (await threads(b, uuidB, token)).data.map((c) => c.text);

    const hostile = note({
      content: '<p>Hi <script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a></p>',
    });
    expect((await postAsAccount(a, 'carol', b, create(hostile))).status).toBe(202);
    // Attributed to someone else than the activity's actor; addressed to no one public; on another host.
    const forged = note({ attributedTo: `${a.url}/accounts/dave`, content: 'forged' });
    const privateNote = note({ to: [`${b.url}/accounts/bob`], content: 'private' });
    await postAsAccount(a, 'carol', b, create(forged));
    await postAsAccount(a, 'carol', b, create(privateNote));
    const elsewhere = { ...note({ content: 'elsewhere' }), id: `${b.url}/videos/watch/${uuidB}/comments/999999` };
    expect((await postAsAccount(a, 'carol', b, create(elsewhere))).status).toBe(403);
    await waitForJobs(a, b);
    const stored = await texts();
    expect(stored).toContain('<p>Hi <a rel="nofollow noopener noreferrer">x</a></p>');
    expect(stored.join(' ')).not.toMatch(/script|onerror|javascript|forged|private|elsewhere/);

    // Held when B's video requires approval: only its owner sees it.
    await b.api.call('put', `/api/v1/videos/${uuidB}`, { token: bob, json: { commentsPolicy: 3 }, status: 204 });
    await postAsAccount(a, 'carol', b, create(note({ content: 'please approve', mediaType: 'text/markdown' })));
    await waitForJobs(a, b);
    expect(await texts()).not.toContain('please approve');
    const heldOnB = (await threads(b, uuidB, bob)).data.find((c) => c.text === 'please approve');
    expect(heldOnB?.heldForReview).toBe(true);

    // Refused when comments are disabled there.
    await b.api.call('put', `/api/v1/videos/${uuidB}`, { token: bob, json: { commentsPolicy: 2 }, status: 204 });
    await postAsAccount(a, 'carol', b, create(note({ content: 'refused' })));
    await waitForJobs(a, b);
    await b.api.call('put', `/api/v1/videos/${uuidB}`, { token: bob, json: { commentsPolicy: 1 }, status: 204 });
    expect((await threads(b, uuidB, bob)).data.map((c) => c.text)).not.toContain('refused');
  });

  it("approval across instances: held on both sides until B's owner approves, then shown on both", async () => {
    await b.api.call('put', `/api/v1/videos/${uuidB}`, { token: bob, json: { commentsPolicy: 3 }, status: 204 });
    await waitForJobs(a, b);
    expect((await video(a, uuidB)).commentsPolicy.id).toBe(3);
    const held = await post(a, carol, uuidB, 'Held on both sides');
    expect(held.heldForReview).toBe(true);
    await waitForJobs(a, b);
    const visible = async (instance: TestInstance, token?: string) =>
      (await threads(instance, uuidB, token)).data.find((c) => c.url === held.url);
    expect(await visible(a)).toBeUndefined();
    expect(await visible(b)).toBeUndefined();
    const onB = await visible(b, bob);
    expect(onB?.heldForReview).toBe(true);

    await b.api.call('post', `/api/v1/videos/${uuidB}/comments/${onB!.id}/approve`, { token: bob, status: 204 });
    await waitForJobs(a, b);
    expect(await visible(b)).toMatchObject({ heldForReview: false, text: 'Held on both sides' });
    expect(await visible(a)).toMatchObject({ heldForReview: false, account: { name: 'carol' } });
    await b.api.call('put', `/api/v1/videos/${uuidB}`, { token: bob, json: { commentsPolicy: 1 }, status: 204 });
  });

  it('deleting a video removes its comments', async () => {
    const gone = await uploadVideo(a, alice, { name: 'Short-lived', file: clip });
    await waitForJobs(a);
    await post(a, carol, gone, 'A comment to be removed with its video');
    const search = { search: 'to be removed with its video' };
    const listed = () =>
      a.api.call<ResultList<unknown>>('get', '/api/v1/videos/comments', { token: adminA, query: search });
    expect((await listed()).total).toBe(1);
    await a.api.call('delete', `/api/v1/videos/${gone}`, { token: alice, status: 204 });
    expect((await listed()).total).toBe(0);
    const [{ count }] = await queryDatabase<{ count: string }>(
      a.databaseName,
      `SELECT count(*) FROM video_comments WHERE text LIKE '%to be removed with its video%'`,
    );
    expect(Number(count)).toBe(0);
  });
});
