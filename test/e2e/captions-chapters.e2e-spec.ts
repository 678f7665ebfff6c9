import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultList } from '../../shared/models/common.js';
import type { Storyboards } from '../../shared/models/videos/storyboard.model.js';
import type { VideoCaption } from '../../shared/models/videos/video-caption.model.js';
import type { VideoChapters } from '../../shared/models/videos/video-chapter.model.js';
import type { VideoCreateResult } from '../../shared/models/videos/video.model.js';
import { describeMedia, generateClip } from '../fixtures/media.js';
import { destroyInstances, startInstances, type TestInstance } from '../utils/instance.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const VTT = 'WEBVTT\n\n00:00.000 --> 00:01.500\nHello there\n\n00:01.500 --> 00:03.000\nGeneral Kenobi\n';
const SRT = '1\r\n00:00:00,000 --> 00:00:01,500\r\nBonjour\r\n\r\n2\r\n00:00:01,500 --> 00:00:03,000\r\nSalut\r\n';
/** The caption limits of the test instances (SHOAL_CONFIG below). */
const MAX_CAPTION_BYTES = 4096;
const MAX_CUES = 20;

interface Problem {
  code: string;
  detail: string;
  'invalid-params'?: Record<string, { path: string; msg: string }>;
}

describe('captions, chapters and storyboards', () => {
  let a: TestInstance;
  let b: TestInstance;
  let folder: string;
  let clip: string;
  let owner: string;
  let other: string;
  let admin: string;
  let uuid: string;

  const captions = (instance: TestInstance, id: string, token?: string) =>
    instance.api.call<ResultList<VideoCaption>>('get', `/api/v1/videos/${id}/captions`, { token });
  const putCaption = (instance: TestInstance, id: string, language: string, content: string | Buffer, token?: string) =>
    instance.api
      .raw('put', `/api/v1/videos/${id}/captions/${language}`, { token })
      .attach('captionfile', Buffer.isBuffer(content) ? content : Buffer.from(content), `caption.${language}.vtt`);
  const chapters = (instance: TestInstance, id: string) =>
    instance.api.call<VideoChapters>('get', `/api/v1/videos/${id}/chapters`);
  /** The caption files in an instance's store. */
  const storedCaptions = async (instance: TestInstance) =>
    readdir(path.join(instance.storageDir, 'video-captions')).catch(() => [] as string[]);

  async function upload(
    instance: TestInstance,
    token: string,
    fields: { name: string; privacy?: number; description?: string },
  ): Promise<string> {
    const channelId = (await instance.api.me(token)).videoChannels[0].id;
    let request = instance.api
      .raw('post', '/api/v1/videos/upload', { token })
      .field('channelId', String(channelId))
      .field('name', fields.name)
      .field('privacy', String(fields.privacy ?? 1));
    if (fields.description) request = request.field('description', fields.description);
    const response = await request.attach('videofile', clip);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body as VideoCreateResult).video.uuid;
  }

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-captions-'));
    const config = path.join(folder, 'captions.yaml');
    await writeFile(config, `captions:\n  max_file_size: ${MAX_CAPTION_BYTES}\n  max_cues: ${MAX_CUES}\n`);
    [[a, b], clip] = await Promise.all([
      startInstances(2, { env: { SHOAL_CONFIG: config } }),
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 4, width: 320, height: 240 }),
    ]);
    [{ token: owner }, { token: other }, admin] = await Promise.all([
      a.api.registerAndLogin('alice').then((login) => login),
      a.api.registerAndLogin('mallory').then((login) => login),
      a.adminToken(),
    ]);
    uuid = await upload(a, owner, { name: 'Captioned' });
    await waitForJobs(a);
  });

  afterAll(async () => {
    await destroyInstances(a, b);
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('uploads WebVTT and SRT captions: listed in PeerTube 8 shape, served as WebVTT (SRT converted)', async () => {
    expect(await captions(a, uuid)).toEqual({ total: 0, data: [] });
    expect((await putCaption(a, uuid, 'en', VTT, owner)).status).toBe(204);
    const srt = await putCaption(a, uuid, 'fr', SRT, owner);
    expect(srt.status, JSON.stringify(srt.body)).toBe(204);

    const list = await captions(a, uuid);
    expect(list).toEqual({
      total: 2,
      data: ['en', 'fr'].map((language) => ({
        language: { id: language, label: language === 'en' ? 'English' : 'French' },
        captionPath: expect.stringMatching(
          new RegExp(`^/lazy-static/video-captions/${uuid}-${language}-[0-9a-f]+\\.vtt$`),
        ),
        fileUrl: expect.stringMatching(new RegExp(`^${a.url}/lazy-static/video-captions/${uuid}-${language}-`)),
        m3u8Url: null,
        automaticallyGenerated: false,
        updatedAt: expect.any(String),
      })),
    });
    const [en, fr] = list.data;
    expect(en.fileUrl).toBe(`${a.url}${en.captionPath}`);
    const served = await fetch(en.fileUrl);
    expect(served.headers.get('content-type')).toMatch(/^text\/vtt/);
    expect(served.headers.get('access-control-allow-origin')).toBe('*');
    expect(await served.text()).toBe(VTT);
    expect(await (await fetch(fr.fileUrl)).text()).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour\n\n00:00:01.500 --> 00:00:03.000\nSalut\n',
    );
  });

  it('replaces the caption of a language: the new file is served, the old one is gone', async () => {
    const before = (await captions(a, uuid)).data.find((caption) => caption.language.id === 'en')!;
    const replacement = 'WEBVTT\n\n00:00.500 --> 00:02.000\nReplaced\n';
    expect((await putCaption(a, uuid, 'en', replacement, owner)).status).toBe(204);
    const list = await captions(a, uuid);
    expect(list.total).toBe(2);
    const after = list.data.find((caption) => caption.language.id === 'en')!;
    expect(after.fileUrl).not.toBe(before.fileUrl);
    expect(await (await fetch(after.fileUrl)).text()).toBe(replacement);
    expect((await fetch(before.fileUrl)).status).toBe(404);
    expect(await storedCaptions(a)).toHaveLength(2);
  });

  it('refuses bad caption files with problem+json naming the problem, and stores nothing', async () => {
    const target = await upload(a, owner, { name: 'Refusals' });
    const stored = await storedCaptions(a);
    const cases: [string, string | Buffer, number, string, RegExp][] = [
      ['en', 'WEBVTT\n\n00:00.000 -> 00:01.000\nbad arrow\n', 400, 'invalid_caption_file', /line 3: .*cue timing/],
      ['en', 'WEBVTT\n\n00:02.000 --> 00:01.000\nbackwards\n', 400, 'invalid_caption_file', /ends before it starts/],
      ['en', 'just some text\n', 400, 'invalid_caption_file', /neither WebVTT .* nor SRT/],
      ['en', Buffer.from([0x57, 0x45, 0xff, 0xfe]), 400, 'invalid_caption_file', /not UTF-8/],
      [
        'en',
        `WEBVTT\n\n${'00:00.000 --> 00:01.000\nx\n\n'.repeat(MAX_CUES + 1)}`,
        400,
        'invalid_caption_file',
        /more than 20 cues/,
      ],
      [
        'en',
        `WEBVTT\n\n${'00:00.000 --> 00:01.000\nx\n\n'.repeat(200)}`,
        413,
        'caption_file_too_large',
        /larger than 4096/,
      ],
      // Past the body limit: cut while it arrives.
      ['en', Buffer.alloc(64 * 1024, 'a'), 413, 'caption_file_too_large', /larger than 4096/],
      ['xx', VTT, 400, 'validation_failed', /captionLanguage/],
    ];
    for (const [language, content, status, code, detail] of cases) {
      const response = await putCaption(a, target, language, content, owner);
      expect(response.status, `${code}: ${JSON.stringify(response.body)}`).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = response.body as Problem;
      expect(problem.code).toBe(code);
      expect(problem.detail).toMatch(detail);
      expect(Object.keys(problem['invalid-params'] ?? {})).toEqual([
        language === 'xx' ? 'captionLanguage' : 'captionfile',
      ]);
    }
    const missing = await a.api.raw('put', `/api/v1/videos/${target}/captions/en`, { token: owner }).field('x', 'y');
    expect(missing.status).toBe(400);
    expect((missing.body as Problem)['invalid-params']).toEqual({
      captionfile: { path: 'captionfile', msg: 'required' },
    });

    expect(await captions(a, target)).toEqual({ total: 0, data: [] });
    expect(await storedCaptions(a)).toEqual(stored);
  });

  it("only the video's owner or a moderator adds or deletes its captions", async () => {
    expect((await putCaption(a, uuid, 'de', VTT)).status).toBe(401);
    const refused = await putCaption(a, uuid, 'de', VTT, other);
    expect(refused.status).toBe(403);
    expect((refused.body as Problem).code).toBe('video_not_owned');
    expect((await a.api.raw('delete', `/api/v1/videos/${uuid}/captions/fr`, { token: other })).status).toBe(403);
    expect((await putCaption(a, uuid, 'de', VTT, admin)).status).toBe(204);
    expect((await captions(a, uuid)).data.map((caption) => caption.language.id)).toEqual(['de', 'en', 'fr']);
  });

  it('deletes a caption and its file; a language without caption is 404', async () => {
    const de = (await captions(a, uuid)).data.find((caption) => caption.language.id === 'de')!;
    await a.api.call('delete', `/api/v1/videos/${uuid}/captions/de`, { token: owner, status: 204 });
    expect((await captions(a, uuid)).data.map((caption) => caption.language.id)).toEqual(['en', 'fr']);
    expect((await fetch(de.fileUrl)).status).toBe(404);
    const again = await a.api.raw('delete', `/api/v1/videos/${uuid}/captions/de`, { token: owner });
    expect(again.status).toBe(404);
    expect((again.body as Problem).code).toBe('caption_not_found');
  });

  it("a private video's captions and their files are for those who may see the video", async () => {
    const hidden = await upload(a, owner, { name: 'Private', privacy: 3 });
    expect((await putCaption(a, hidden, 'en', VTT, owner)).status).toBe(204);
    expect((await a.api.raw('get', `/api/v1/videos/${hidden}/captions`)).status).toBe(401);
    expect((await a.api.raw('get', `/api/v1/videos/${hidden}/captions`, { token: other })).status).toBe(403);
    const [caption] = (await captions(a, hidden, owner)).data;
    const url = caption.fileUrl;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${other}` } })).status).toBe(403);
    const allowed = await fetch(url, { headers: { Authorization: `Bearer ${owner}` } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe(VTT);
    expect((await a.api.raw('get', `/api/v1/videos/${hidden}/chapters`)).status).toBe(401);
    expect((await a.api.raw('get', `/api/v1/videos/${hidden}/storyboards`)).status).toBe(401);
  });

  it('sets chapters through the API: validated, sorted, owner only', async () => {
    const body = {
      chapters: [
        { timecode: 2, title: 'Middle' },
        { timecode: 0, title: 'Start' },
      ],
    };
    expect((await a.api.raw('put', `/api/v1/videos/${uuid}/chapters`, { token: other, json: body })).status).toBe(403);
    await a.api.call('put', `/api/v1/videos/${uuid}/chapters`, { token: owner, json: body, status: 204 });
    expect(await chapters(a, uuid)).toEqual({
      chapters: [
        { timecode: 0, title: 'Start' },
        { timecode: 2, title: 'Middle' },
      ],
    });
    const invalid: [object, string][] = [
      [
        {
          chapters: [
            { timecode: 1, title: 'a' },
            { timecode: 1, title: 'b' },
          ],
        },
        'chapters.1.timecode',
      ],
      [{ chapters: [{ timecode: 60, title: 'Past the end' }] }, 'chapters.0.timecode'],
      [{ chapters: [{ timecode: -1, title: 'Negative' }] }, 'chapters.0.timecode'],
      [{ chapters: [{ timecode: 1, title: 'x'.repeat(101) }] }, 'chapters.0.title'],
      [{ chapters: [{ timecode: 1, title: '' }] }, 'chapters.0.title'],
      [{ chapters: 'none' }, 'chapters'],
    ];
    for (const [json, field] of invalid) {
      const response = await a.api.raw('put', `/api/v1/videos/${uuid}/chapters`, { token: owner, json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      expect(Object.keys((response.body as Problem)['invalid-params'] ?? {})).toEqual([field]);
    }
    expect((await chapters(a, uuid)).chapters).toHaveLength(2);
    await a.api.call('put', `/api/v1/videos/${uuid}/chapters`, { token: owner, json: { chapters: [] }, status: 204 });
    expect(await chapters(a, uuid)).toEqual({ chapters: [] });
  });

  it("takes chapters from the description's timestamps until they are set through the API", async () => {
    const description = 'Chapters:\n00:00 Intro\n00:02 Main part\nThanks for watching';
    const video = await upload(a, owner, { name: 'Described', description });
    expect(await chapters(a, video)).toEqual({
      chapters: [
        { timecode: 0, title: 'Intro' },
        { timecode: 2, title: 'Main part' },
      ],
    });
    const update = (text: string) =>
      a.api.call('put', `/api/v1/videos/${video}`, { token: owner, json: { description: text }, status: 204 });
    await update('0:00 Opening\n0:01 Story\n0:03 Credits');
    expect((await chapters(a, video)).chapters.map((chapter) => chapter.title)).toEqual([
      'Opening',
      'Story',
      'Credits',
    ]);
    // One timestamp is no chapter list.
    await update('0:00 Only one');
    expect(await chapters(a, video)).toEqual({ chapters: [] });
    await update('0:00 Back\n0:02 Again');
    expect((await chapters(a, video)).chapters).toHaveLength(2);

    await a.api.call('put', `/api/v1/videos/${video}/chapters`, {
      token: owner,
      json: { chapters: [{ timecode: 1, title: 'Chosen' }] },
      status: 204,
    });
    await update('0:00 Ignored\n0:02 Now');
    expect(await chapters(a, video)).toEqual({ chapters: [{ timecode: 1, title: 'Chosen' }] });
  });

  it('makes a storyboard while transcoding: PeerTube sprite sizes, a JPEG of the announced size', async () => {
    const { storyboards } = await a.api.call<Storyboards>('get', `/api/v1/videos/${uuid}/storyboards`);
    // 4 s of 320x240: a sprite a second, 192 px wide, in one row.
    expect(storyboards).toEqual([
      {
        storyboardPath: `/lazy-static/storyboards/${uuid}-storyboard.jpg`,
        fileUrl: `${a.url}/lazy-static/storyboards/${uuid}-storyboard.jpg`,
        totalWidth: 768,
        totalHeight: 144,
        spriteWidth: 192,
        spriteHeight: 144,
        spriteDuration: 1,
      },
    ]);
    const response = await fetch(storyboards[0].fileUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const sheet = path.join(folder, 'storyboard.jpg');
    await writeFile(sheet, Buffer.from(await response.arrayBuffer()));
    const { streams } = await describeMedia(sheet);
    expect(streams).toMatchObject([{ codec_type: 'video', codec_name: 'mjpeg', width: 768, height: 144 }]);
  });

  it('deleting a video removes its captions, chapters and storyboard, files included', async () => {
    const video = await upload(a, owner, { name: 'Doomed', description: '0:00 A\n0:02 B' });
    await waitForJobs(a);
    expect((await putCaption(a, video, 'en', VTT, owner)).status).toBe(204);
    const [caption] = (await captions(a, video)).data;
    const { storyboards } = await a.api.call<Storyboards>('get', `/api/v1/videos/${video}/storyboards`);
    expect(storyboards).toHaveLength(1);
    expect((await chapters(a, video)).chapters).toHaveLength(2);

    await a.api.call('delete', `/api/v1/videos/${video}`, { token: owner, status: 204 });
    expect((await fetch(caption.fileUrl)).status).toBe(404);
    expect((await fetch(storyboards[0].fileUrl)).status).toBe(404);
    const leftovers = [
      ...(await storedCaptions(a)),
      ...(await readdir(path.join(a.storageDir, 'storyboards')).catch(() => [] as string[])),
    ].filter((name) => name.startsWith(video));
    expect(leftovers).toEqual([]);
    expect((await a.api.raw('get', `/api/v1/videos/${video}/chapters`)).status).toBe(404);
  });

  it("federates captions and the storyboard to another Shoal in the Video object, read from the origin's URLs", async () => {
    await b.api.call('post', '/api/v1/server/following', {
      token: await b.adminToken(),
      json: { hosts: [a.host] },
      status: 204,
    });
    await waitForJobs(a, b);
    const shared = await upload(a, owner, { name: 'Shared with captions' });
    await waitForJobs(a, b);
    expect((await putCaption(a, shared, 'en', VTT, owner)).status).toBe(204);
    expect((await putCaption(a, shared, 'fr', SRT, owner)).status).toBe(204);
    await waitForJobs(a, b);

    const [onA, onB] = await Promise.all([captions(a, shared), captions(b, shared)]);
    expect(onB).toEqual({
      total: 2,
      data: onA.data.map((caption) => ({ ...caption, captionPath: null, updatedAt: expect.any(String) })),
    });
    expect(await (await fetch(onB.data[0].fileUrl)).text()).toBe(VTT);
    const storyboardsOf = (instance: TestInstance) =>
      instance.api.call<Storyboards>('get', `/api/v1/videos/${shared}/storyboards`);
    const [boardA, boardB] = await Promise.all([storyboardsOf(a), storyboardsOf(b)]);
    expect(boardB.storyboards).toEqual(boardA.storyboards.map((board) => ({ ...board, storyboardPath: null })));

    // The Video object names them as PeerTube does.
    const object = (await (
      await fetch(`${a.url}/videos/watch/${shared}`, { headers: { Accept: 'application/activity+json' } })
    ).json()) as { subtitleLanguage: unknown[]; hasParts: string; preview: unknown[] };
    expect(object.subtitleLanguage).toContainEqual({
      identifier: 'en',
      name: 'English',
      automaticallyGenerated: false,
      url: [{ type: 'Link', mediaType: 'text/vtt', href: onA.data[0].fileUrl }],
    });
    expect(object.hasParts).toBe(`${a.url}/videos/watch/${shared}/chapters`);
    expect(object.preview).toMatchObject([{ type: 'Image', rel: ['storyboard'], url: [{ tileDuration: 'PT1S' }] }]);

    // Another instance's video is managed on its origin only, even by a moderator here.
    const adminB = await b.adminToken();
    const remote = await putCaption(b, shared, 'de', VTT, adminB);
    expect(remote.status).toBe(403);
    expect((remote.body as Problem).code).toBe('video_not_local');
    const remoteChapters = await b.api.raw('put', `/api/v1/videos/${shared}/chapters`, {
      token: adminB,
      json: { chapters: [] },
    });
    expect(remoteChapters.status).toBe(403);

    await a.api.call('delete', `/api/v1/videos/${shared}/captions/fr`, { token: owner, status: 204 });
    await waitForJobs(a, b);
    expect((await captions(b, shared)).data.map((caption) => caption.language.id)).toEqual(['en']);

    // Chapters travel as PeerTube's hasParts document, read from the origin.
    const set = {
      chapters: [
        { timecode: 0, title: 'Opening' },
        { timecode: 3, title: 'Closing' },
      ],
    };
    await a.api.call('put', `/api/v1/videos/${shared}/chapters`, { token: owner, json: set, status: 204 });
    await waitForJobs(a, b);
    expect(await chapters(b, shared)).toEqual(set);
    expect(
      await (await fetch(object.hasParts, { headers: { Accept: 'application/activity+json' } })).json(),
    ).toMatchObject({
      id: object.hasParts,
      hasPart: [
        { name: 'Opening', startOffset: 0, endOffset: 3 },
        { name: 'Closing', startOffset: 3, endOffset: 4 },
      ],
    });
  });
});
