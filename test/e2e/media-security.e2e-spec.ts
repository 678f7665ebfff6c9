import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoPrivacy } from '../../shared/models/videos/video-enums.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const run = promisify(execFile);

/**
 * Attacks on the files of videos and on the media pipeline, as the outside audit ran them (findings #1, #5, #9).
 * Requests go out through node:http so that the path reaches the server exactly as written: fetch would
 * normalise `..` and some percent-encodings.
 */
describe('media security (audit #1, #5, #9)', () => {
  let instance: TestInstance;
  let token: string;
  let otherToken: string;
  let channelId: number;
  let folder: string;
  let clip: string;

  const rawGet = (rawPath: string, bearer?: string) =>
    new Promise<{ status: number; body: Buffer }>((resolve, reject) => {
      const request = http.get(
        {
          host: '127.0.0.1',
          port: instance.port,
          path: rawPath,
          headers: { Host: instance.host, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        },
      );
      request.on('error', reject);
    });
  const upload = (file: string, privacy: VideoPrivacy) =>
    instance.api
      .raw('post', '/api/v1/videos/upload', { token })
      .field('channelId', String(channelId))
      .field('name', `Privacy ${privacy}`)
      .field('privacy', String(privacy))
      .attach('videofile', file);
  const videoCount = async () =>
    Number((await queryDatabase<{ count: string }>(instance.databaseName, 'SELECT count(*) FROM videos'))[0].count);
  const uploadFiles = () => readdir(path.join(instance.storageDir, 'tmp', 'uploads')).catch(() => []);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-media-security-'));
    clip = path.join(folder, 'clip.mp4');
    instance = await TestInstance.create();
    await Promise.all([generateClip({ path: clip, seconds: 2, width: 320, height: 240 }), instance.start()]);
    const login = await instance.api.registerAndLogin('owner');
    token = login.token;
    channelId = login.user.videoChannels[0].id;
    otherToken = (await instance.api.registerAndLogin('someone')).token;
  });

  afterAll(async () => {
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  describe('audit #1: files of private and internal videos', () => {
    /** Every file of each video, as the path of its URL. */
    const filesOf = new Map<VideoPrivacy, string[]>();

    beforeAll(async () => {
      for (const privacy of [VideoPrivacy.Private, VideoPrivacy.Internal]) {
        const response = await upload(clip, privacy);
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        const { video } = response.body as VideoCreateResult;
        await waitForJobs(instance);
        const details = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${video.uuid}`, { token });
        const [hls] = details.streamingPlaylists;
        const urls = [
          ...details.files.flatMap((file) => [file.fileUrl, file.torrentUrl!]),
          hls.playlistUrl,
          hls.segmentsSha256Url,
          ...hls.files.flatMap((file) => [file.fileUrl, file.playlistUrl!]),
          details.thumbnailPath!,
          details.previewPath!,
        ];
        expect(
          urls.every((url) => typeof url === 'string'),
          JSON.stringify(details),
        ).toBe(true);
        filesOf.set(
          privacy,
          urls.map((url) => new URL(url, instance.url).pathname),
        );
      }
      // Web video and torrent per resolution (2 x 2), master, SHA-256, then fragmented MP4 and playlist of each
      // resolution (2 x 2), thumbnail and preview.
      expect(filesOf.get(VideoPrivacy.Private)).toHaveLength(12);
    });

    /** Other spellings of the same path, each of which serve-static decodes back to it. */
    const encodings: [string, (file: string) => string][] = [
      ['as is', (file) => file],
      ['dashes written %2D', (file) => encodeName(file, (name) => name.replaceAll('-', '%2D'))],
      ['hex digits written %XX', (file) => encodeName(file, (name) => name.replace(/[a-f]/g, percent))],
      ['every character encoded', (file) => encodeName(file, (name) => name.replace(/./g, percent))],
      ['the folder separator encoded', (file) => file.replace(/\/hls\/([^/]+)\//, '/hls/$1%2F')],
    ];
    /** Spellings that name no file at all. */
    const nonsense: [string, (file: string) => string][] = [
      ['double encoding', (file) => encodeName(file, (name) => name.replaceAll('-', '%252D'))],
      ['an upper-case UUID', (file) => encodeName(file, (name) => name.toUpperCase())],
      ['a detour through ..', (file) => file.replace(/^(\/[^/]+\/[^/]+\/)/, '$1x/../')],
    ];

    it.each(encodings)('audit #1: refuses anonymous visitors the files of a private video, %s', async (_, encode) => {
      for (const file of filesOf.get(VideoPrivacy.Private)!) {
        expect((await rawGet(encode(file))).status, encode(file)).toBe(401);
        expect((await rawGet(encode(file), otherToken)).status, encode(file)).toBe(403);
      }
    });

    it('audit #1: goes by the file served, not by a UUID in the query string', async () => {
      const internalUuid = /[0-9a-f-]{36}/.exec(filesOf.get(VideoPrivacy.Internal)![0])![0];
      for (const file of filesOf.get(VideoPrivacy.Private)!) {
        const disguised = `${encodeName(file, (name) => name.replaceAll('-', '%2D'))}?v=${internalUuid}`;
        expect((await rawGet(disguised, otherToken)).status, disguised).toBe(403);
      }
    });

    it.each(encodings)('audit #1: refuses anonymous visitors the files of an internal video, %s', async (_, encode) => {
      for (const file of filesOf.get(VideoPrivacy.Internal)!) {
        expect((await rawGet(encode(file))).status, encode(file)).toBe(401);
      }
    });

    it.each(nonsense)('audit #1: serves nothing for %s', async (_, encode) => {
      for (const file of filesOf.get(VideoPrivacy.Private)!) {
        const response = await rawGet(encode(file));
        expect([401, 404], `${encode(file)}: ${response.status}`).toContain(response.status);
      }
    });

    it('audit #1: serves the owner the very file that was authorised, however it is encoded', async () => {
      for (const file of filesOf.get(VideoPrivacy.Private)!) {
        const plain = await rawGet(file, token);
        expect(plain.status, file).toBe(200);
        const encoded = await rawGet(
          encodeName(file, (name) => name.replaceAll('-', '%2D')),
          token,
        );
        expect(encoded.status, file).toBe(200);
        expect(encoded.body.equals(plain.body)).toBe(true);
      }
      // An internal video is for every logged-in user.
      for (const file of filesOf.get(VideoPrivacy.Internal)!) {
        expect(
          (
            await rawGet(
              encodeName(file, (name) => name.replace(/[a-f]/g, percent)),
              otherToken,
            )
          ).status,
        ).toBe(200);
      }
    });
  });

  it('audit #5: refuses an 8192x8192 video from its headers, with a machine code, keeping nothing', async () => {
    const huge = path.join(folder, 'huge.mp4');
    // 200 kB of one colour, which a decoder would still need about 1 GiB to decode.
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=blue:size=8192x8192:rate=2:duration=2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', huge],
    ]);
    const before = await videoCount();
    const response = await upload(huge, VideoPrivacy.Public);
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body).toMatchObject({
      code: 'media_limit_exceeded',
      detail: expect.stringMatching(/8192x8192, larger than 4096x4096/),
    });
    expect(await videoCount()).toBe(before);
    expect(await uploadFiles()).toEqual([]);
  });

  it('audit #9: refuses an ID3-tagged HLS playlist without opening the files it names', async () => {
    const secret = path.join(folder, 'secret.ts');
    await generateClip({ path: secret, seconds: 2, width: 160, height: 120, audio: false });
    // Its last read time, far in the past: /tmp updates it when the file is read (relatime).
    await utimes(secret, new Date(0), new Date());
    const crafted = path.join(folder, 'song.mp3');
    const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nfile:${secret}\n#EXT-X-ENDLIST\n`;
    await writeFile(
      crafted,
      Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]), Buffer.from(playlist)]),
    );

    const before = await videoCount();
    const response = await upload(crafted, VideoPrivacy.Public);
    expect(response.status, JSON.stringify(response.body)).toBe(422);
    expect(response.body).toMatchObject({ code: 'invalid_media' });
    expect((await stat(secret)).atimeMs).toBe(0);
    expect(await videoCount()).toBe(before);
  });
});

const percent = (character: string) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/** Rewrites the part of a file path after its served folder (`/static/web-videos`, `/lazy-static/thumbnails`...). */
function encodeName(file: string, rewrite: (name: string) => string): string {
  const [, folder, rest] = /^(\/[^/]+\/[^/]+\/)(.*)$/.exec(file)!;
  return `${folder}${rewrite(rest)}`;
}
