import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { Storyboards } from '../../shared/models/videos/storyboard.model.js';
import type { VideoCaption } from '../../shared/models/videos/video-caption.model.js';
import type { VideoChapters } from '../../shared/models/videos/video-chapter.model.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { PEER_HOST, waitUntil } from './utils/peertube-peer.js';
import { InteropSession } from './utils/interop-session.js';

/**
 * Captions, chapters and storyboards between Shoal and an unmodified PeerTube 8, both ways: each lists the other's,
 * in its Video object, and fetches the caption file from the origin.
 */

const VTT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nFrom the first line\n\n00:02.000 --> 00:04.000\nTo the last\n';

const session = new InteropSession('captions');
const { peer } = session;
let shoal: TestInstance;
let shoalToken: string;
let peerToken: string;
let clip: string;

async function shoalVideo(uuid: string): Promise<VideoDetails | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}`);
  return response.status === 200 ? (response.body as VideoDetails) : undefined;
}

async function shoalCaptions(uuid: string): Promise<VideoCaption[]> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}/captions`);
  return response.status === 200 ? (response.body as ResultList<VideoCaption>).data : [];
}

async function peerCaptions(uuid: string): Promise<VideoCaption[]> {
  const { status, body } = await peer.request('GET', `/api/v1/videos/${uuid}/captions`, {
    token: null,
    expect: [200, 404],
  });
  return status === 200 ? (body as ResultList<VideoCaption>).data : [];
}

async function peerChapters(uuid: string): Promise<VideoChapters['chapters']> {
  const { status, body } = await peer.request('GET', `/api/v1/videos/${uuid}/chapters`, {
    token: null,
    expect: [200, 404],
  });
  return status === 200 ? (body as VideoChapters).chapters : [];
}

beforeAll(async () => {
  ({ shoal, shoalToken, peerToken, clip } = await session.begin());
  await session.followEachOther();
}, 600_000);

afterAll(() => session.end());

describe('captions, chapters and storyboards with PeerTube', () => {
  it("Shoal → PeerTube: a caption of a Shoal video is listed by PeerTube, which serves Shoal's file; deleted, it goes", async () => {
    const uuid = await uploadVideo(shoal, shoalToken, { name: `Captioned on Shoal ${process.pid}`, file: clip });
    await waitUntil('published on Shoal', async () => (await shoalVideo(uuid))?.state.id === VideoState.Published);
    await waitUntil('PeerTube shows the video', async () => (await peer.video(uuid)) !== undefined);

    const upload = await shoal.api
      .raw('put', `/api/v1/videos/${uuid}/captions/en`, { token: shoalToken })
      .attach('captionfile', Buffer.from(VTT), 'en.vtt');
    expect(upload.status).toBe(204);
    await waitUntil('PeerTube lists the caption', async () => (await peerCaptions(uuid)).length === 1);
    const [caption] = await peerCaptions(uuid);
    expect(caption).toMatchObject({ language: { id: 'en', label: 'English' }, automaticallyGenerated: false });
    // PeerTube serves a remote caption from its own cache, filled from Shoal's file.
    const served = await fetch(
      caption.fileUrl.startsWith('http') ? caption.fileUrl : `${peer.baseUrl}${caption.fileUrl}`,
    );
    expect(served.status).toBe(200);
    expect(await served.text()).toBe(VTT);

    // Chapters set on Shoal are read by PeerTube from the video's hasParts document; the storyboard from `preview`.
    const chapters = [
      { timecode: 0, title: 'Beginning' },
      { timecode: 2, title: 'End' },
    ];
    await shoal.api.call('put', `/api/v1/videos/${uuid}/chapters`, {
      token: shoalToken,
      json: { chapters },
      status: 204,
    });
    await waitUntil('PeerTube lists the chapters', async () => (await peerChapters(uuid)).length === 2);
    expect(await peerChapters(uuid)).toEqual(chapters);
    const { body } = await peer.request('GET', `/api/v1/videos/${uuid}/storyboards`, { token: null });
    const shoalBoard = (await shoal.api.call<Storyboards>('get', `/api/v1/videos/${uuid}/storyboards`)).storyboards[0];
    expect((body as Storyboards).storyboards).toMatchObject([
      {
        totalWidth: shoalBoard.totalWidth,
        totalHeight: shoalBoard.totalHeight,
        spriteWidth: 192,
        spriteHeight: 144,
        spriteDuration: 1,
      },
    ]);

    await shoal.api.call('delete', `/api/v1/videos/${uuid}/captions/en`, { token: shoalToken, status: 204 });
    await waitUntil('PeerTube drops the caption', async () => (await peerCaptions(uuid)).length === 0);
  });

  it("PeerTube → Shoal: a PeerTube video's caption, chapters and storyboard are listed on Shoal, from PeerTube's URLs", async () => {
    const uuid = await peer.upload(peerToken, clip, { name: `Captioned on PeerTube ${process.pid}` });
    await waitUntil('Shoal lists the video', async () => (await shoalVideo(uuid)) !== undefined);

    const form = new FormData();
    form.set('captionfile', new Blob([VTT], { type: 'text/vtt' }), 'fr.vtt');
    await peer.request('PUT', `/api/v1/videos/${uuid}/captions/fr`, { token: peerToken, body: form });
    const chapters = [
      { timecode: 0, title: 'Start' },
      { timecode: 3, title: 'Finish' },
    ];
    await peer.request('PUT', `/api/v1/videos/${uuid}/chapters`, { token: peerToken, body: { chapters } });

    await waitUntil('Shoal lists the caption', async () => (await shoalCaptions(uuid)).length === 1);
    const [caption] = await shoalCaptions(uuid);
    expect(caption).toMatchObject({ language: { id: 'fr', label: 'French' }, captionPath: null, m3u8Url: null });
    expect(new URL(caption.fileUrl).host).toBe(PEER_HOST);
    expect(await (await fetch(caption.fileUrl)).text()).toBe(VTT);

    await waitUntil(
      'Shoal lists the chapters',
      async () => (await shoal.api.call<VideoChapters>('get', `/api/v1/videos/${uuid}/chapters`)).chapters.length === 2,
    );
    expect(await shoal.api.call<VideoChapters>('get', `/api/v1/videos/${uuid}/chapters`)).toEqual({ chapters });

    // PeerTube makes its storyboard in a job after publication, and sends an Update with it.
    await waitUntil(
      'Shoal lists the storyboard',
      async () =>
        (await shoal.api.call<Storyboards>('get', `/api/v1/videos/${uuid}/storyboards`)).storyboards.length === 1,
    );
    const [board] = (await shoal.api.call<Storyboards>('get', `/api/v1/videos/${uuid}/storyboards`)).storyboards;
    expect(board).toMatchObject({ storyboardPath: null, spriteWidth: 192, spriteHeight: 144, spriteDuration: 1 });
    expect(new URL(board.fileUrl).host).toBe(PEER_HOST);
    expect((await fetch(board.fileUrl)).headers.get('content-type')).toMatch(/^image\/jpeg/);
  });
});
