import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  VideoComment,
  VideoCommentThreads,
  VideoCommentThreadTree,
} from '../../shared/models/videos/comment.model.js';
import { VideoCommentPolicy, VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { PEER_HOST, waitUntil } from './utils/peertube-peer.js';
import { InteropSession } from './utils/interop-session.js';

/**
 * Comments between Shoal and an unmodified PeerTube 8 (../shared/peertube-peer), both ways: a comment written on
 * Shoal under a Shoal video shows on PeerTube and PeerTube's reply comes back; a comment written on Shoal under a
 * PeerTube video reaches PeerTube; deletions travel both ways.
 */

const session = new InteropSession('comments');
const { peer } = session;
const title = (what: string): string => session.title(what);
let shoal: TestInstance;
let shoalToken: string;
let peerToken: string;
let clip: string;

async function shoalVideo(uuid: string): Promise<VideoDetails | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}`);
  return response.status === 200 ? (response.body as VideoDetails) : undefined;
}

async function shoalThreads(uuid: string): Promise<VideoComment[]> {
  return (await shoal.api.call<VideoCommentThreads>('get', `/api/v1/videos/${uuid}/comment-threads`)).data;
}

async function peerThreads(uuid: string): Promise<VideoComment[]> {
  const { body } = await peer.request('GET', `/api/v1/videos/${uuid}/comment-threads?count=100`, { token: null });
  return (body as VideoCommentThreads).data;
}

async function peerCommentsPolicy(uuid: string): Promise<number | undefined> {
  const { body } = await peer.request('GET', `/api/v1/videos/${uuid}`, { token: null });
  return (body as { commentsPolicy?: { id: number } }).commentsPolicy?.id;
}

async function shoalComment(uuid: string, text: string, parentId?: number): Promise<VideoComment> {
  const route = parentId ? `comments/${parentId}` : 'comment-threads';
  const body = await shoal.api.call<{ comment: VideoComment }>('post', `/api/v1/videos/${uuid}/${route}`, {
    token: shoalToken,
    json: { text },
  });
  return body.comment;
}

async function peerComment(uuid: string, text: string, parentId?: number): Promise<VideoComment> {
  const route = parentId ? `comments/${parentId}` : 'comment-threads';
  const { body } = await peer.request('POST', `/api/v1/videos/${uuid}/${route}`, { token: peerToken, body: { text } });
  return (body as { comment: VideoComment }).comment;
}

beforeAll(async () => {
  ({ shoal, shoalToken, peerToken, clip } = await session.begin(2));
  await session.followEachOther();
}, 600_000);

afterAll(() => session.end());

describe('comments with PeerTube', () => {
  let shoalVideoUuid: string;
  let peerVideoUuid: string;
  let shoalThread: VideoComment;
  let peerReplyOnShoal: VideoComment | undefined;
  let shoalCommentOnPeer: VideoComment;

  it('a comment on a Shoal video, written on Shoal, shows on PeerTube; PeerTube’s reply arrives on Shoal', async () => {
    shoalVideoUuid = await uploadVideo(shoal, shoalToken, { name: title('Shoal video to comment'), file: clip });
    await waitUntil(
      'published on Shoal',
      async () => (await shoalVideo(shoalVideoUuid))?.state.id === VideoState.Published,
    );
    await waitUntil(
      'PeerTube shows the Shoal video',
      async () => (await peer.video(shoalVideoUuid, null)) !== undefined,
    );

    shoalThread = await shoalComment(shoalVideoUuid, 'Hello **PeerTube** <script>alert(1)</script>');
    let onPeer: VideoComment | undefined;
    await waitUntil('PeerTube shows the Shoal comment', async () => {
      onPeer = (await peerThreads(shoalVideoUuid)).find((c) => c.url === shoalThread.url);
      return onPeer !== undefined;
    });
    // PeerTube keeps the Note's content: Shoal's sanitised HTML.
    expect(onPeer!.text).toContain('<strong>PeerTube</strong>');
    expect(onPeer!.text).not.toContain('<script');
    expect(onPeer!.account).toMatchObject({ name: 'root', host: shoal.host });

    const reply = await peerComment(shoalVideoUuid, 'Reply from *PeerTube*', onPeer!.id);
    await waitUntil('Shoal shows the PeerTube reply', async () => {
      const tree = await shoal.api.call<VideoCommentThreadTree>(
        'get',
        `/api/v1/videos/${shoalVideoUuid}/comment-threads/${shoalThread.id}`,
      );
      peerReplyOnShoal = tree.children.map((child) => child.comment).find((c) => c.url === reply.url);
      return peerReplyOnShoal !== undefined;
    });
    expect(peerReplyOnShoal).toMatchObject({
      text: 'Reply from *PeerTube*',
      inReplyToCommentId: shoalThread.id,
      account: { name: 'root', host: PEER_HOST },
    });
  });

  it('a comment on a PeerTube video, written on Shoal, reaches PeerTube', async () => {
    peerVideoUuid = await peer.upload(peerToken, clip, { name: title('PeerTube video to comment') });
    await waitUntil('Shoal lists the PeerTube video', async () => (await shoalVideo(peerVideoUuid)) !== undefined);
    shoalCommentOnPeer = await shoalComment(peerVideoUuid, 'From Shoal to _PeerTube_');
    await waitUntil('PeerTube shows the comment from Shoal', async () =>
      (await peerThreads(peerVideoUuid)).some((c) => c.url === shoalCommentOnPeer.url),
    );
    const onPeer = (await peerThreads(peerVideoUuid)).find((c) => c.url === shoalCommentOnPeer.url)!;
    expect(onPeer).toMatchObject({ account: { name: 'root', host: shoal.host } });
    expect(onPeer.text).toContain('<em>PeerTube</em>');
  });

  it('held comments: approved by the video owner on one side, shown on the other (ApproveReply both ways)', async () => {
    // PeerTube's video requires approval: Shoal's comment waits for PeerTube's owner.
    await peer.updateVideo(peerToken, peerVideoUuid, { commentsPolicy: 3 });
    await waitUntil(
      'Shoal learns the policy',
      async () => (await shoalVideo(peerVideoUuid))?.commentsPolicy.id === VideoCommentPolicy.RequiresApproval,
    );
    const fromShoal = await shoalComment(peerVideoUuid, 'Held by PeerTube');
    expect(fromShoal.heldForReview).toBe(true);
    let heldOnPeer: VideoComment | undefined;
    await waitUntil('PeerTube holds the comment from Shoal', async () => {
      const { body } = await peer.request('GET', `/api/v1/videos/${peerVideoUuid}/comment-threads?count=100`);
      heldOnPeer = (body as VideoCommentThreads).data.find((c) => c.url === fromShoal.url);
      return heldOnPeer?.heldForReview === true;
    });
    await peer.request('POST', `/api/v1/videos/${peerVideoUuid}/comments/${heldOnPeer!.id}/approve`, {
      token: peerToken,
    });
    await waitUntil('Shoal shows the approved comment', async () =>
      (await shoalThreads(peerVideoUuid)).some((c) => c.url === fromShoal.url && !c.heldForReview),
    );
    await peer.updateVideo(peerToken, peerVideoUuid, { commentsPolicy: 1 });

    // Shoal's video requires approval: PeerTube's comment waits for Shoal's owner.
    await shoal.api.call('put', `/api/v1/videos/${shoalVideoUuid}`, {
      token: shoalToken,
      json: { commentsPolicy: 3 },
      status: 204,
    });
    await waitUntil('PeerTube learns the policy', async () => (await peerCommentsPolicy(shoalVideoUuid)) === 3);
    const fromPeer = await peerComment(shoalVideoUuid, 'Held by Shoal');
    expect(fromPeer.heldForReview).toBe(true);
    let heldOnShoal: VideoComment | undefined;
    await waitUntil('Shoal holds the comment from PeerTube', async () => {
      const list = await shoal.api.call<VideoCommentThreads>(
        'get',
        `/api/v1/videos/${shoalVideoUuid}/comment-threads`,
        {
          token: shoalToken,
        },
      );
      heldOnShoal = list.data.find((c) => c.url === fromPeer.url);
      return heldOnShoal?.heldForReview === true;
    });
    expect((await shoalThreads(shoalVideoUuid)).some((c) => c.url === fromPeer.url)).toBe(false);
    await shoal.api.call('post', `/api/v1/videos/${shoalVideoUuid}/comments/${heldOnShoal!.id}/approve`, {
      token: shoalToken,
      status: 204,
    });
    await waitUntil('PeerTube shows the comment Shoal approved', async () =>
      (await peerThreads(shoalVideoUuid)).some((c) => c.url === fromPeer.url && !c.heldForReview),
    );
    await shoal.api.call('put', `/api/v1/videos/${shoalVideoUuid}`, {
      token: shoalToken,
      json: { commentsPolicy: 1 },
      status: 204,
    });
  });

  it('deletions travel both ways', async () => {
    await shoal.api.call('delete', `/api/v1/videos/${peerVideoUuid}/comments/${shoalCommentOnPeer.id}`, {
      token: shoalToken,
      status: 204,
    });
    await waitUntil('PeerTube deletes the comment from Shoal', async () =>
      (await peerThreads(peerVideoUuid)).some((c) => c.url === shoalCommentOnPeer.url && c.isDeleted),
    );

    // PeerTube's video owner deletes a comment written on Shoal: Shoal takes the owner's Delete.
    const removed = await shoalComment(peerVideoUuid, 'To be removed by the owner');
    let removedOnPeer: VideoComment | undefined;
    await waitUntil('PeerTube shows it', async () => {
      removedOnPeer = (await peerThreads(peerVideoUuid)).find((c) => c.url === removed.url);
      return removedOnPeer !== undefined;
    });
    await peer.request('DELETE', `/api/v1/videos/${peerVideoUuid}/comments/${removedOnPeer!.id}`, { token: peerToken });
    await waitUntil('Shoal takes the deletion by the video owner', async () =>
      (await shoalThreads(peerVideoUuid)).some((c) => c.id === removed.id && c.isDeleted),
    );

    const peerReply = (await peerThreads(shoalVideoUuid)).find((c) => c.url === shoalThread.url)!;
    const { body } = await peer.request('GET', `/api/v1/videos/${shoalVideoUuid}/comment-threads/${peerReply.id}`, {
      token: null,
    });
    const replyOnPeer = (body as VideoCommentThreadTree).children[0].comment;
    await peer.request('DELETE', `/api/v1/videos/${shoalVideoUuid}/comments/${replyOnPeer.id}`, { token: peerToken });
    await waitUntil('Shoal deletes the PeerTube reply', async () => {
      const tree = await shoal.api.call<VideoCommentThreadTree>(
        'get',
        `/api/v1/videos/${shoalVideoUuid}/comment-threads/${shoalThread.id}`,
      );
      return tree.children.some((child) => child.comment.id === peerReplyOnShoal!.id && child.comment.isDeleted);
    });
    expect((await shoalThreads(shoalVideoUuid)).find((c) => c.id === shoalThread.id)?.isDeleted).toBe(false);
  });
});
