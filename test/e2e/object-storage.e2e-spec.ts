import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import parseTorrent from 'parse-torrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/core/paths.js';
import { MOVED_FOLDERS } from '../../server/core/storage/storage-move.js';
import { VideoPrivacy, VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoCreateResult, VideoDetails, VideoFile } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { TestS3Server } from '../utils/s3-server.js';
import { databaseUrl } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

const MOVE_SCRIPT = path.join(PROJECT_ROOT, 'dist/server/cli/storage-move.js');
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The 240p web video, the top of the test configuration's ladder. */
const file240 = (video: VideoDetails): VideoFile => video.files.find((file) => file.resolution.id === 240)!;

async function get(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** The files an instance keeps in its storage folder's served folders and sources (empty when all are in a bucket). */
async function localFiles(instance: TestInstance): Promise<string[]> {
  const found: string[] = [];
  for (const folder of MOVED_FOLDERS) {
    const entries = await readdir(path.join(instance.storageDir, folder), {
      recursive: true,
      withFileTypes: true,
    }).catch(() => []);
    found.push(...entries.filter((entry) => entry.isFile()).map((entry) => entry.name));
  }
  return found;
}

describe('object storage: an instance with its files in an S3 bucket', () => {
  const bucket = 'shoal-media';
  let s3: TestS3Server;
  let instance: TestInstance;
  let folder: string;
  let clip: string;
  let token: string;
  let publicUuid: string;
  let privateUuid: string;

  const details = (uuid: string, withToken = token) =>
    instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`, { token: withToken });
  const keysOf = async (uuid: string) => (await s3.keys(bucket)).filter((key) => key.includes(uuid));
  const bucketUrl = () => `${s3.endpoint}/${bucket}`;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-object-storage-'));
    clip = path.join(folder, 'clip.mp4');
    s3 = await TestS3Server.start();
    await s3.createBucket(bucket);
    instance = await TestInstance.create({ env: s3.env(bucket) });
    await Promise.all([
      generateClip({ path: clip, seconds: 4, width: 640, height: 360, fps: 25, audio: true }),
      instance.start(),
    ]);
    token = (await instance.api.registerAndLogin('bucket_owner')).token;
  });

  afterAll(async () => {
    await instance?.destroy();
    await s3?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('transcodes an upload from the bucket and serves its public files from the bucket, with Range', async () => {
    publicUuid = await uploadVideo(instance, token, { name: 'In the bucket', file: clip });
    await waitForJobs(instance);
    const video = await details(publicUuid);
    expect(video.state.id).toBe(VideoState.Published);

    const keys = await keysOf(publicUuid);
    expect(keys).toEqual(
      expect.arrayContaining([
        `thumbnails/${publicUuid}.jpg`,
        `previews/${publicUuid}.jpg`,
        expect.stringMatching(new RegExp(`^web-videos/${publicUuid}-240\\.mp4$`)),
        expect.stringMatching(new RegExp(`^streaming-playlists/hls/${publicUuid}/${publicUuid}-master\\.m3u8$`)),
        expect.stringMatching(new RegExp(`^torrents/${publicUuid}-240\\.torrent$`)),
      ]),
    );
    // The source was fetched from the bucket by the transcoding job, then removed (keep_source is off).
    expect(keys.filter((key) => key.includes('sources/') || key.startsWith('private/'))).toEqual([]);
    expect(await localFiles(instance)).toEqual([]);

    const file = file240(video);
    expect(file.fileUrl).toBe(`${bucketUrl()}/web-videos/${publicUuid}-240.mp4`);
    const whole = await get(file.fileUrl);
    expect(whole.status).toBe(200);
    expect(whole.bytes.length).toBe(file.size);
    const part = await get(file.fileUrl, { Range: 'bytes=100-1099' });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(whole.bytes.subarray(100, 1100))).toBe(true);

    const [playlist] = video.streamingPlaylists;
    expect(playlist.playlistUrl).toBe(`${bucketUrl()}/streaming-playlists/hls/${publicUuid}/${publicUuid}-master.m3u8`);
    expect((await get(playlist.playlistUrl)).bytes.toString()).toContain('#EXT-X-STREAM-INF');
    // The swarm id stays on the instance's route whatever the bucket's URL.
    expect(playlist.swarmId).toBe(
      `${instance.url}/static/streaming-playlists/hls/${publicUuid}/${publicUuid}-master.m3u8`,
    );

    // Torrents come from the instance, with the bucket's URL as WebSeed.
    expect(file.torrentUrl).toBe(`${instance.url}/lazy-static/torrents/${publicUuid}-240.torrent`);
    const torrent = await parseTorrent((await get(file.torrentUrl!)).bytes);
    expect(torrent.urlList).toEqual([file.fileUrl]);
    expect(file.magnetUri).toContain(`xt=urn:btih:${torrent.infoHash}`);

    // The instance's own routes stay valid, streamed from the bucket.
    const routed = await get(`${instance.url}/static/web-videos/${publicUuid}-240.mp4`, { Range: 'bytes=100-1099' });
    expect(routed.status).toBe(206);
    expect(routed.headers.get('content-range')).toBe(`bytes 100-1099/${file.size}`);
    expect(routed.bytes.equals(part.bytes)).toBe(true);
    expect(
      (await get(`${instance.url}/static/web-videos/${publicUuid}-240.mp4`, { Range: 'bytes=99999999-' })).status,
    ).toBe(416);
  });

  it("keeps a private video's files out of the bucket's public place and serves them to its owner only", async () => {
    privateUuid = await uploadVideo(instance, token, { name: 'Private', file: clip, privacy: VideoPrivacy.Private });
    await waitForJobs(instance);
    const keys = await keysOf(privateUuid);
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.filter((key) => !key.startsWith('private/'))).toEqual([]);

    const video = await details(privateUuid);
    const file = file240(video);
    expect(file.fileUrl).toBe(`${instance.url}/static/web-videos/${privateUuid}-240.mp4`);
    expect((await get(file.fileUrl)).status).toBe(401);
    expect((await get(`${bucketUrl()}/web-videos/${privateUuid}-240.mp4`)).status).toBe(404);
    const stranger = (await instance.api.registerAndLogin('stranger')).token;
    expect((await get(file.fileUrl, { Authorization: `Bearer ${stranger}` })).status).toBe(403);

    const owner = { Authorization: `Bearer ${token}` };
    const whole = await get(file.fileUrl, owner);
    expect(whole.status).toBe(200);
    expect(whole.bytes.length).toBe(file.size);
    const part = await get(file.fileUrl, { ...owner, Range: 'bytes=-500' });
    expect(part.status).toBe(206);
    expect(part.bytes.equals(whole.bytes.subarray(whole.bytes.length - 500))).toBe(true);
    const playlist = await get(video.streamingPlaylists[0].playlistUrl, owner);
    expect(playlist.bytes.toString()).toContain('#EXT-X-STREAM-INF');
  });

  it('moves the files between the places when the privacy changes', async () => {
    await instance.api.call('put', `/api/v1/videos/${privateUuid}`, {
      token,
      json: { privacy: VideoPrivacy.Public },
      status: 204,
    });
    await waitForJobs(instance);
    expect(
      (await keysOf(privateUuid)).filter((key) => key.startsWith('private/') && !key.includes('sources/')),
    ).toEqual([]);
    const file = file240(await details(privateUuid, ''));
    expect(file.fileUrl).toBe(`${bucketUrl()}/web-videos/${privateUuid}-240.mp4`);
    expect((await get(file.fileUrl)).status).toBe(200);

    await instance.api.call('put', `/api/v1/videos/${privateUuid}`, {
      token,
      json: { privacy: VideoPrivacy.Private },
      status: 204,
    });
    await waitForJobs(instance);
    expect((await keysOf(privateUuid)).filter((key) => !key.startsWith('private/'))).toEqual([]);
    expect((await get(file.fileUrl)).status).toBe(404);
  });

  it('continues a resumable upload begun through one API process through another that shares no disk', async () => {
    // A second process of the same instance: its database, Redis and bucket, its own storage folder.
    const other = await TestInstance.create({
      env: {
        ...s3.env(bucket),
        SHOAL_DATABASE_URL: databaseUrl(instance.databaseName),
        SHOAL_REDIS_KEY_PREFIX: instance.redisPrefix,
        SHOAL_PUBLIC_PORT: String(instance.port),
      },
    });
    try {
      await other.start();
      const bytes = await readFile(clip);
      const channelId = (await instance.api.me(token)).videoChannels[0].id;
      const init = await instance.api
        .raw('post', '/api/v1/videos/upload-resumable', {
          token,
          json: { channelId, name: 'Two processes', filename: 'clip.mp4' },
        })
        .set('X-Upload-Content-Length', String(bytes.length));
      expect(init.status, JSON.stringify(init.body)).toBe(201);
      const location = new URL(init.headers.location);
      const put = (through: TestInstance, start: number, end: number) =>
        through.api
          .raw('put', `${location.pathname}${location.search}`, { token })
          .set('Content-Type', 'application/octet-stream')
          .set('Content-Range', `bytes ${start}-${end - 1}/${bytes.length}`)
          .send(bytes.subarray(start, end));
      const half = Math.floor(bytes.length / 2);
      const first = await put(instance, 0, half);
      expect(first.status).toBe(308);
      expect(first.headers.range).toBe(`bytes=0-${half - 1}`);
      // The bytes wait in the bucket, not on the first process's disk.
      expect(await localFiles(instance)).toEqual([]);
      const status = await other.api
        .raw('put', `${location.pathname}${location.search}`, { token })
        .set('Content-Range', `bytes */${bytes.length}`);
      expect(status.status).toBe(308);
      expect(status.headers.range).toBe(`bytes=0-${half - 1}`);
      const done = await put(other, half, bytes.length);
      expect(done.status, JSON.stringify(done.body)).toBe(200);
      const { uuid } = (done.body as VideoCreateResult).video;
      await waitForJobs(instance);
      expect((await details(uuid)).state.id).toBe(VideoState.Published);
      expect((await s3.keys(bucket)).filter((key) => key.includes('uploads/'))).toEqual([]);
      await instance.api.call('delete', `/api/v1/videos/${uuid}`, { token, status: 204 });
    } finally {
      await other.stop();
      await other.destroy();
    }
  });

  it("removes a deleted video's objects", async () => {
    for (const uuid of [publicUuid, privateUuid]) {
      await instance.api.call('delete', `/api/v1/videos/${uuid}`, { token, status: 204 });
      expect(await keysOf(uuid)).toEqual([]);
    }
  });
});

describe('storage:move: an instance moved to a bucket and back', () => {
  const bucket = 'moved';
  let s3: TestS3Server;
  let instance: TestInstance;
  let folder: string;
  let token: string;
  /** SHA-256 of each video's web video file, as served before any move. */
  const digests = new Map<string, string>();
  const uuids: { public?: string; private?: string } = {};

  /** Runs the command to its end, or kills it once it has moved `killAfter` files. */
  const move = (to: 's3' | 'local', killAfter?: number) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [MOVE_SCRIPT, '--to', to], {
        env: { ...instance.env(), ...s3.env(bucket) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (
          killAfter !== undefined &&
          stdout.split('\n').filter((line) => line.startsWith('moved ')).length >= killAfter
        )
          child.kill('SIGKILL');
      });
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
    });

  /** The owner's token for Shoal's routes; a bucket would take it for a malformed S3 signature. */
  const ownerHeaders = (url: string) =>
    url.startsWith(instance.url) ? { Authorization: `Bearer ${token}` } : undefined;
  /** Each video's web video, fetched where the API says it is (with the owner's token for the private one). */
  const expectFilesPlay = async () => {
    for (const uuid of [uuids.public!, uuids.private!]) {
      const video = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`, { token });
      const response = await fetch(video.files[0].fileUrl, { headers: ownerHeaders(video.files[0].fileUrl) });
      expect(response.status, video.files[0].fileUrl).toBe(200);
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(digests.get(uuid));
      const { playlistUrl } = video.streamingPlaylists[0];
      const playlist = await fetch(playlistUrl, { headers: ownerHeaders(playlistUrl) });
      expect(await playlist.text()).toContain('#EXT-X-STREAM-INF');
    }
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-storage-move-'));
    const clip = path.join(folder, 'clip.mp4');
    s3 = await TestS3Server.start();
    await s3.createBucket(bucket);
    instance = await TestInstance.create();
    await Promise.all([
      generateClip({ path: clip, seconds: 4, width: 640, height: 360, fps: 25, audio: true }),
      instance.start(),
    ]);
    token = (await instance.api.registerAndLogin('mover')).token;
    uuids.public = await uploadVideo(instance, token, { name: 'Public', file: clip });
    uuids.private = await uploadVideo(instance, token, { name: 'Private', file: clip, privacy: VideoPrivacy.Private });
    await waitForJobs(instance);
    for (const uuid of [uuids.public, uuids.private]) {
      const video = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuid}`, { token });
      const response = await fetch(video.files[0].fileUrl, { headers: { Authorization: `Bearer ${token}` } });
      digests.set(uuid, sha256(Buffer.from(await response.arrayBuffer())));
    }
  });

  afterAll(async () => {
    await instance?.destroy();
    await s3?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('moves the files to the bucket, resuming an interrupted run, and the videos play from there', async () => {
    const before = await localFiles(instance);
    expect(before.length).toBeGreaterThan(10);
    await instance.stop();

    const interrupted = await move('s3', 1);
    expect(interrupted.signal).toBe('SIGKILL');
    const resumed = await move('s3');
    expect(resumed.stderr).not.toContain('failed');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/storage:move: done, every file is in the bucket: [1-9]\d* files moved/);
    expect(await localFiles(instance)).toEqual([]);
    const keys = await s3.keys(bucket);
    expect(keys.length).toBe(before.length);
    expect(keys.filter((key) => key.includes(uuids.private!) && !key.startsWith('private/'))).toEqual([]);
    expect(keys.filter((key) => key.includes(uuids.public!) && key.startsWith('private/'))).toEqual([]);

    instance.setEnv(s3.env(bucket));
    await instance.start();
    const video = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuids.public}`);
    expect(video.files[0].fileUrl.startsWith(`${s3.endpoint}/${bucket}/web-videos/`)).toBe(true);
    // A torrent written when the file was on the instance now names the bucket as WebSeed.
    const torrent = await parseTorrent(Buffer.from(await (await fetch(video.files[0].torrentUrl!)).arrayBuffer()));
    expect(torrent.urlList).toEqual([video.files[0].fileUrl]);
    await expectFilesPlay();
  });

  it('moves the files back to the storage folder, and the videos play from there', async () => {
    await instance.stop();
    const back = await move('local');
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('storage:move: done, every file is in the storage folder');
    expect(await s3.keys(bucket)).toEqual([]);

    instance.setEnv({ SHOAL_S3_BUCKET: '' });
    await instance.start();
    const video = await instance.api.call<VideoDetails>('get', `/api/v1/videos/${uuids.public}`);
    expect(video.files[0].fileUrl.startsWith(`${instance.url}/static/web-videos/`)).toBe(true);
    await expectFilesPlay();
  });
});
