import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import parseTorrent from 'parse-torrent';
import type WebTorrent from 'webtorrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoCreateResult, VideoDetails } from '../../shared/models/videos/video.model.js';
import { generateClip, generateImage } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';
import { createOfflineClient, destroyClient, waitForDone } from '../utils/webtorrent.js';

const run = promisify(execFile);

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
}

async function ffprobe(file: string): Promise<{ duration: number; streams: ProbedStream[] }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: ProbedStream[] };
  return { duration: Number(parsed.format.duration), streams: parsed.streams };
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('videos: upload, transcoding, files and torrents', () => {
  let instance: TestInstance;
  let token: string;
  let channelId: number;
  let folder: string;
  let clip: string;
  let client: WebTorrent | undefined;

  const details = (id: string | number) => instance.api.call<VideoDetails>('get', `/api/v1/videos/${id}`, { token });
  const download = async (url: string, file: string): Promise<Buffer> => {
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    await writeFile(file, bytes);
    return bytes;
  };
  const uploadMultipart = (file: string, fields: Record<string, string> = {}, as = token, thumbnail?: string) => {
    const request = instance.api
      .raw('post', '/api/v1/videos/upload', { token: as })
      .field('channelId', String(fields.channelId ?? channelId))
      .field('name', fields.name ?? 'A test video')
      .field('privacy', fields.privacy ?? '1')
      .attach('videofile', file);
    return thumbnail ? request.attach('thumbnailfile', thumbnail) : request;
  };
  const sourceFiles = () => readdir(path.join(instance.storageDir, 'sources')).catch(() => []);
  const uploadFiles = () => readdir(path.join(instance.storageDir, 'tmp', 'uploads')).catch(() => []);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-videos-'));
    clip = path.join(folder, 'clip.mp4');
    instance = await TestInstance.create();
    await Promise.all([
      generateClip({ path: clip, seconds: 10, width: 1280, height: 720, fps: 30, audio: true }),
      instance.start(),
    ]);
    const login = await instance.api.registerAndLogin('uploader');
    token = login.token;
    channelId = login.user.videoChannels[0].id;
  });

  afterAll(async () => {
    await destroyClient(client);
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('publishes a multipart upload as an HLS + MP4 ladder with torrents', async () => {
    const response = await uploadMultipart(clip, { name: 'Ladder test' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { video } = response.body as VideoCreateResult;
    expect(video.shortUUID).toHaveLength(22);

    await waitForJobs(instance);
    const published = await details(video.shortUUID);
    expect(published.state).toEqual({ id: VideoState.Published, label: 'Published' });
    expect(published.duration).toBe(10);
    expect(published.files.map((file) => file.resolution.id)).toEqual([240, 144]);

    for (const file of published.files) {
      const local = path.join(folder, `web-${file.resolution.id}.mp4`);
      await download(file.fileUrl, local);
      const probe = await ffprobe(local);
      expect(Math.abs(probe.duration - 10)).toBeLessThanOrEqual(0.5);
      expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({
        codec_name: 'h264',
        height: file.resolution.id,
      });
      expect(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    }

    // HLS: the master lists every rendition, and the segments match the SHA-256 file.
    const [playlist] = published.streamingPlaylists;
    const master = await (await fetch(playlist.playlistUrl)).text();
    expect(playlist.files.map((file) => file.resolution.id)).toEqual([240, 144]);
    const hashes = (await (await fetch(playlist.segmentsSha256Url)).json()) as Record<string, Record<string, string>>;
    for (const file of playlist.files) {
      expect(master).toContain(path.basename(file.playlistUrl!));
      const fragmented = await download(file.fileUrl, path.join(folder, `hls-${file.resolution.id}.mp4`));
      const probe = await ffprobe(path.join(folder, `hls-${file.resolution.id}.mp4`));
      expect(Math.abs(probe.duration - 10)).toBeLessThanOrEqual(0.5);
      const ranges = Object.entries(hashes[path.basename(file.fileUrl)]);
      expect(ranges.length).toBeGreaterThan(1);
      for (const [range, hash] of ranges) {
        const [start, end] = range.split('-').map(Number) as [number, number];
        expect(sha256(fragmented.subarray(start, end + 1)), range).toBe(hash);
      }
    }

    // Range requests on an MP4 answer 206 with exactly those bytes.
    const mp4 = published.files[0];
    const whole = await readFile(path.join(folder, 'web-240.mp4'));
    const partial = await fetch(mp4.fileUrl, { headers: { Range: 'bytes=100-1099' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 100-1099/${whole.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(whole.subarray(100, 1100))).toBe(true);
    expect(partial.headers.get('access-control-allow-origin')).toBe('*');

    // Torrents: the right infohash, this instance's trackers, the file as WebSeed.
    for (const file of published.files) {
      const torrentBytes = Buffer.from(await (await fetch(file.torrentUrl!)).arrayBuffer());
      const torrent = await parseTorrent(torrentBytes);
      expect(file.magnetUri).toContain(`xt=urn:btih:${torrent.infoHash}`);
      expect(torrent.announce).toEqual([
        `ws://${instance.host}/tracker/socket`,
        `http://${instance.host}/tracker/announce`,
      ]);
      expect(torrent.urlList).toEqual([file.fileUrl]);
      expect(torrent.length).toBe(file.size);
    }

    // A WebTorrent client with no peers gets the file from the WebSeed alone.
    client = createOfflineClient();
    const torrent = client.add(mp4.magnetUri!, { path: path.join(folder, 'webtorrent') });
    await waitForDone(torrent, 60_000);
    const downloaded = Buffer.from(await torrent.files[0].arrayBuffer());
    expect(sha256(downloaded)).toBe(sha256(whole));

    // The thumbnail and preview exist; the source is gone once published.
    for (const image of [published.thumbnailPath!, published.previewPath!]) {
      const response = await fetch(`${instance.url}${image}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
    }
    expect(await sourceFiles()).toEqual([]);
  });

  it("makes the thumbnail and preview from the uploader's picture", async () => {
    const picture = await generateImage({ path: path.join(folder, 'cover.png'), width: 640, height: 360 });
    const response = await uploadMultipart(clip, { name: 'With a cover' }, token, picture);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    await waitForJobs(instance);
    const published = await details((response.body as VideoCreateResult).video.uuid);
    for (const [image, size] of [
      [published.thumbnailPath!, { width: 280, height: 157 }],
      [published.previewPath!, { width: 850, height: 480 }],
    ] as const) {
      const local = path.join(folder, path.basename(image));
      await download(`${instance.url}${image}`, local);
      expect((await ffprobe(local)).streams[0]).toMatchObject({ codec_name: 'mjpeg', ...size });
    }
    expect(await sourceFiles()).toEqual([]);
    await instance.api.call('delete', `/api/v1/videos/${published.uuid}`, { token, status: 204 });
  });

  it('publishes a resumable upload interrupted in the middle', async () => {
    const size = (await stat(clip)).size;
    const bytes = await readFile(clip);
    const init = await instance.api
      .raw('post', '/api/v1/videos/upload-resumable', {
        token,
        json: { channelId, name: 'Resumed', filename: 'clip.mp4' },
      })
      .set('X-Upload-Content-Length', String(size));
    expect(init.status, JSON.stringify(init.body)).toBe(201);
    const location = new URL(init.headers.location);

    // First chunk: the connection drops after half of it.
    const half = Math.floor(size / 2);
    const chunk = sendPartOfChunk(
      location,
      token,
      bytes.subarray(0, half),
      `bytes 0-${half - 1}/${size}`,
      Math.floor(half / 2),
    );
    await chunk.written;
    const askStatus = () =>
      instance.api
        .raw('put', `${location.pathname}${location.search}`, { token })
        .set('Content-Range', `bytes */${size}`)
        .send(Buffer.alloc(0));
    // While that chunk is being received, the session takes no other. The chunk's request reaches the handler only
    // after authentication: on a loaded machine that can take seconds.
    let busy = await askStatus();
    for (let attempt = 0; busy.status !== 409 && attempt < 300; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      busy = await askStatus();
    }
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('upload_busy');
    // Let the server write what arrived, then lose the connection.
    await new Promise((resolve) => setTimeout(resolve, 300));
    chunk.drop();

    // The server notices the drop when the socket closes; until then the session is busy, and clients retry.
    let status = await askStatus();
    for (let attempt = 0; status.status === 409 && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await askStatus();
    }
    expect(status.status).toBe(308);
    const received = Number(/bytes=0-(\d+)/.exec(status.headers.range)![1]) + 1;
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(half);

    const rest = await instance.api
      .raw('put', `${location.pathname}${location.search}`, { token })
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes ${received}-${size - 1}/${size}`)
      .send(bytes.subarray(received));
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    const { video } = rest.body as VideoCreateResult;

    await waitForJobs(instance);
    const published = await details(video.uuid);
    expect(published.state.id).toBe(VideoState.Published);
    expect(published.name).toBe('Resumed');
    expect(published.duration).toBe(10);
    expect(await uploadFiles()).toEqual([]);
  });

  describe('bad uploads are refused and leave nothing behind', () => {
    let before: { videos: number; sources: string[]; quota: unknown };

    const snapshot = async () => ({
      videos: Number(
        (await queryDatabase<{ count: string }>(instance.databaseName, 'SELECT count(*) FROM videos'))[0].count,
      ),
      sources: await sourceFiles(),
      quota: await instance.api.call('get', '/api/v1/users/me/video-quota-used', { token }),
    });

    beforeAll(async () => {
      before = await snapshot();
    });

    const expectNothingLeft = async () => {
      expect(await snapshot()).toEqual(before);
      expect(await uploadFiles()).toEqual([]);
    };

    it('refuses a file that is not a video', async () => {
      const text = path.join(folder, 'notes.mp4');
      await writeFile(text, 'this is not a video\n'.repeat(100));
      const response = await uploadMultipart(text);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_media' });
      expect(response.body.detail).toMatch(/not_media/);
      await expectNothingLeft();
    });

    it('refuses a truncated file', async () => {
      const truncated = path.join(folder, 'truncated.mp4');
      const whole = await readFile(clip);
      await writeFile(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
      const response = await uploadMultipart(truncated);
      expect(response.status).toBe(422);
      expect(response.body.detail).toMatch(/corrupt|not_media/);
      await expectNothingLeft();
    });

    it('refuses a video codec it cannot transcode', async () => {
      const lossless = await generateClip({
        path: path.join(folder, 'lossless.mkv'),
        seconds: 1,
        audio: false,
        videoCodec: 'ffv1',
      });
      const response = await uploadMultipart(lossless);
      expect(response.status).toBe(422);
      expect(response.body.detail).toMatch(/unsupported_codec/);
      await expectNothingLeft();
    });

    it("refuses another user's channel, naming the field", async () => {
      const other = await instance.api.registerAndLogin('someone_else');
      const response = await uploadMultipart(clip, {}, other.token);
      expect(response.status).toBe(403);
      expect(response.body['invalid-params']).toHaveProperty('channelId');
      await expectNothingLeft();
    });

    it('refuses an upload over the quota before storing it', async () => {
      const admin = await instance.adminToken();
      const me = await instance.api.me(token);
      await instance.api.updateUser(admin, me.id, { videoQuota: 1000 });
      try {
        // Refused on the announced length, before the body is sent.
        const refusal = await headersOnlyUpload(
          new URL('/api/v1/videos/upload', instance.url),
          token,
          (await stat(clip)).size,
        );
        expect(refusal.status).toBe(413);
        expect(refusal.body).toMatchObject({ code: 'quota_reached' });
        const init = await instance.api
          .raw('post', '/api/v1/videos/upload-resumable', {
            token,
            json: { channelId, name: 'Too big', filename: 'clip.mp4' },
          })
          .set('X-Upload-Content-Length', '5000');
        expect(init.status).toBe(413);
        await expectNothingLeft();
      } finally {
        await instance.api.updateUser(admin, me.id, { videoQuota: -1 });
      }
    });

    it('refuses a thumbnail that is not a picture, naming the field', async () => {
      const response = await uploadMultipart(clip, { name: 'Bad thumbnail' }, token, clip);
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'invalid_thumbnail' });
      expect(response.body['invalid-params']).toHaveProperty('thumbnailfile');
      await expectNothingLeft();
    });

    it('names the missing fields of an upload', async () => {
      const response = await instance.api.raw('post', '/api/v1/videos/upload', { token }).attach('videofile', clip);
      expect(response.status).toBe(400);
      expect(Object.keys(response.body['invalid-params']).sort()).toEqual(['channelId', 'name']);
      await expectNothingLeft();
    });
  });

  it('finishes transcoding after the process is killed in the middle', { timeout: 180_000 }, async () => {
    // Long enough that transcoding is still running when the process dies.
    const longClip = await generateClip({ path: path.join(folder, 'long.mp4'), seconds: 60, width: 1280, height: 720 });
    const response = await uploadMultipart(longClip, { name: 'Killed' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const { video } = response.body as VideoCreateResult;
    await expect
      // Transcoding starts once the worker takes the job, which takes long on a machine busy with other tests.
      .poll(async () => (await details(video.id)).transcodingProgress, { timeout: 90_000, interval: 50 })
      .not.toBeNull();
    expect((await details(video.id)).state.id).toBe(VideoState.ToTranscode);

    await instance.kill();
    await instance.start();
    await waitForJobs(instance);
    const published = await details(video.id);
    expect(published.state.id).toBe(VideoState.Published);
    expect(published.duration).toBe(60);
    const rows = await queryDatabase(instance.databaseName, 'SELECT id FROM video_files WHERE video_id = $1', [
      video.id,
    ]);
    expect(rows).toHaveLength(2);
    expect(await sourceFiles()).toEqual([]);
  });

  it('lists, searches, updates and deletes videos with their files', async () => {
    const list = await instance.api.call<{ total: number; data: { name: string }[] }>('get', '/api/v1/videos', {
      query: { sort: 'name' },
    });
    expect(list.data.map((video) => video.name)).toEqual(['Killed', 'Ladder test', 'Resumed']);
    for (const owner of [
      'video-channels/uploader_channel',
      'accounts/uploader',
      `accounts/uploader@${instance.host}`,
    ]) {
      const owned = await instance.api.call<{ total: number }>('get', `/api/v1/${owner}/videos`);
      expect(owned.total, owner).toBe(3);
    }
    expect((await instance.api.raw('get', '/api/v1/accounts/nobody/videos')).status).toBe(404);
    expect((await instance.api.raw('get', '/api/v1/video-channels/someone_else_channel/videos')).body.total).toBe(0);
    const search = await instance.api.call<{ total: number }>('get', '/api/v1/search/videos', {
      query: { search: 'ladder' },
    });
    expect(search.total).toBe(1);

    const target = await details(
      (await instance.api.call<{ data: { id: number }[] }>('get', '/api/v1/videos', { query: { search: 'Resumed' } }))
        .data[0].id,
    );
    await instance.api.call('put', `/api/v1/videos/${target.uuid}`, {
      token,
      json: { name: 'Renamed', privacy: 3 },
      status: 204,
    });
    expect((await details(target.uuid)).name).toBe('Renamed');
    // Private now: anonymous visitors get neither the video nor its files.
    expect((await instance.api.raw('get', `/api/v1/videos/${target.uuid}`)).status).toBe(401);
    expect((await fetch(target.files[0].fileUrl)).status).toBe(401);
    expect((await fetch(target.files[0].fileUrl, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);

    await instance.api.call('delete', `/api/v1/videos/${target.uuid}`, { token, status: 204 });
    expect((await instance.api.raw('get', `/api/v1/videos/${target.uuid}`, { token })).status).toBe(404);
    for (const file of [...target.files, ...target.streamingPlaylists[0].files])
      expect((await fetch(file.fileUrl)).status).toBe(404);
    expect(existsSync(path.join(instance.storageDir, 'streaming-playlists', 'hls', target.uuid))).toBe(false);
    const rows = await queryDatabase(instance.databaseName, 'SELECT id FROM video_files WHERE video_id = $1', [
      target.id,
    ]);
    expect(rows).toEqual([]);
  });

  it('shows transcoding jobs to administrators only', async () => {
    const admin = await instance.adminToken();
    const jobs = await instance.api.call<{ total: number; data: { type: string; state: string; data: unknown }[] }>(
      'get',
      '/api/v1/jobs/completed',
      { token: admin, query: { jobType: 'transcode-video' } },
    );
    expect(jobs.total).toBeGreaterThanOrEqual(3);
    expect(jobs.data[0]).toMatchObject({
      type: 'transcode-video',
      state: 'completed',
      data: { videoId: expect.any(Number) },
    });
    expect((await instance.api.raw('get', '/api/v1/jobs/completed', { token })).status).toBe(403);
    expect((await instance.api.raw('get', '/api/v1/jobs/sleeping', { token: admin })).status).toBe(400);
  });

  it("removes a deleted user's videos with their files", async () => {
    const admin = await instance.adminToken();
    const me = await instance.api.me(token);
    await instance.api.deleteUser(admin, me.id);
    expect((await instance.api.call<{ total: number }>('get', '/api/v1/videos')).total).toBe(0);
    for (const dir of ['web-videos', 'torrents', 'thumbnails', 'previews', path.join('streaming-playlists', 'hls')]) {
      const left = (await readdir(path.join(instance.storageDir, dir)).catch(() => [])).filter(
        (name) => !name.startsWith('.'),
      );
      expect(left, dir).toEqual([]);
    }
  });
});

/**
 * Sends `sendBytes` of a chunk announced with `contentRange` and keeps the connection open; `drop()` kills it
 * as a lost network would.
 */
function sendPartOfChunk(location: URL, token: string, chunk: Buffer, contentRange: string, sendBytes: number) {
  const request = http.request(location, {
    method: 'PUT',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/octet-stream',
      'Content-Range': contentRange,
      'Content-Length': chunk.length,
    },
  });
  request.on('error', () => undefined);
  const written = new Promise<void>((resolve) => request.write(chunk.subarray(0, sendBytes), () => resolve()));
  return {
    written,
    drop: () => {
      request.destroy();
    },
  };
}

/** Announces a multipart body of `size` bytes but sends none, and resolves with the early answer. */
function headersOnlyUpload(url: URL, token: string, size: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'multipart/form-data; boundary=shoal-test-boundary',
        'Content-Length': size,
      },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown });
      });
    });
    request.flushHeaders();
  });
}
