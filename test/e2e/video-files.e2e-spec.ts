import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import parseTorrent from 'parse-torrent';
import type WebTorrent from 'webtorrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName } from '../../server/core/jobs/job-catalog.js';
import { VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoCreateResult, VideoDetails, VideoFile } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { queryDatabase, testServices } from '../utils/services.js';
import { uploadVideo } from '../utils/uploads.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';
import { createOfflineClient, destroyClient, waitForDone } from '../utils/webtorrent.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const percentBytes = (hex: string): string => hex.replace(/../g, (byte) => `%${byte}`);

/**
 * The files of a video as PeerTube 8 presents them: the upload kept as a web video with a torrent until transcoding
 * replaces it, a torrent and magnet for every HLS file, and HLS names in PeerTube 8's patterns.
 */
describe('video files as PeerTube 8 presents them', () => {
  let instance: TestInstance;
  let token: string;
  let channelId: number;
  let folder: string;
  let clip: string;
  let client: WebTorrent | undefined;
  let transcodingQueue: Queue;
  /** The video every test looks at, uploaded by the first one. */
  let uuid: string;

  const details = (id: string) => instance.api.call<VideoDetails>('get', `/api/v1/videos/${id}`, { token });
  const bytesOf = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  /** What a BitTorrent client hears from the instance's tracker about an infohash. */
  const announce = async (infoHash: string): Promise<string> => {
    const query = [
      `info_hash=${percentBytes(infoHash)}`,
      `peer_id=${percentBytes(randomBytes(20).toString('hex'))}`,
      'port=6881&uploaded=0&downloaded=0&left=0&compact=1',
    ].join('&');
    const response = await fetch(`${instance.url}/tracker/announce?${query}`);
    return Buffer.from(await response.arrayBuffer()).toString('latin1');
  };
  const parse = async (torrentUrl: string) => parseTorrent((await bytesOf(torrentUrl)).bytes);

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-video-files-'));
    clip = path.join(folder, 'clip.mp4');
    instance = await TestInstance.create();
    await Promise.all([
      generateClip({ path: clip, seconds: 6, width: 640, height: 360, fps: 30, audio: true }),
      instance.start(),
    ]);
    const login = await instance.api.registerAndLogin('files');
    token = login.token;
    channelId = login.user.videoChannels[0].id;
    // The transcoding queue of this instance, paused by the first test to look at a video before its transcoding.
    transcodingQueue = new Queue(QueueName.Transcoding, {
      connection: { url: testServices.redisUrl },
      prefix: `${instance.redisPrefix}:bull`,
    });
  });

  afterAll(async () => {
    await destroyClient(client);
    await transcodingQueue?.close();
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('keeps a resumable upload as a web video with a torrent until transcoding replaces it', async () => {
    await transcodingQueue.pause();
    const bytes = await readFile(clip);
    const init = await instance.api
      .raw('post', '/api/v1/videos/upload-resumable', {
        token,
        json: { channelId, name: 'Files test', filename: 'clip.mp4', waitTranscoding: false },
      })
      .set('X-Upload-Content-Length', String(bytes.length));
    expect(init.status, JSON.stringify(init.body)).toBe(201);
    const location = new URL(init.headers.location);
    const done = await instance.api
      .raw('put', `${location.pathname}${location.search}`, { token })
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes 0-${bytes.length - 1}/${bytes.length}`)
      .send(bytes);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    uuid = (done.body as VideoCreateResult).video.uuid;

    // Right after the upload, before any transcoding.
    const uploaded = await details(uuid);
    expect(uploaded.state.id).toBe(VideoState.ToTranscode);
    expect(uploaded.streamingPlaylists).toEqual([]);
    expect(uploaded.files).toHaveLength(1);
    const [file] = uploaded.files;
    expect(file).toMatchObject({
      resolution: { id: 360, label: '360p' },
      width: 640,
      height: 360,
      fps: 30,
      size: bytes.length,
      fileUrl: expect.stringMatching(new RegExp(`/static/web-videos/${uuid}-360-source\\.mp4$`)),
      torrentUrl: expect.stringMatching(new RegExp(`/lazy-static/torrents/${uuid}-360-source\\.torrent$`)),
    });
    expect(file.fileDownloadUrl).toBe(file.fileUrl);
    expect(file.torrentDownloadUrl).toBe(file.torrentUrl);
    expect(file).toMatchObject({ hasAudio: true, hasVideo: true, storage: 0 });
    expect(file.playlistUrl).toBeUndefined();

    // A real torrent of the uploaded bytes: the file as WebSeed, the instance's trackers.
    const torrent = await parse(file.torrentUrl!);
    expect(torrent.urlList).toEqual([file.fileUrl]);
    expect(torrent.announce).toEqual(uploaded.trackerUrls);
    expect(torrent.length).toBe(bytes.length);
    expect(torrent.name).toBe('Files test 360p.mp4');
    expect(file.magnetUri).toContain(`xt=urn:btih:${torrent.infoHash}`);
    // Listed before transcoding (waitTranscoding false), so its swarm is open.
    expect(await announce(torrent.infoHash)).not.toContain('failure reason');

    // Playable: served whole and by ranges, as a WebSeed and a player read it.
    const whole = await bytesOf(file.fileUrl);
    expect(whole.response.status).toBe(200);
    expect(sha256(whole.bytes)).toBe(sha256(bytes));
    const range = await bytesOf(file.fileUrl, { Range: 'bytes=100-1123' });
    expect(range.response.status).toBe(206);
    expect(range.response.headers.get('content-range')).toBe(`bytes 100-1123/${bytes.length}`);
    expect(range.bytes.equals(bytes.subarray(100, 1124))).toBe(true);

    // Transcoding replaces the uploaded file, its torrent and its row with the ladder.
    await transcodingQueue.resume();
    await waitForJobs(instance);
    const published = await details(uuid);
    expect(published.state.id).toBe(VideoState.Published);
    expect(published.files.map((each) => each.resolution.id)).toEqual([240, 144]);
    expect(published.files.map((each) => each.fileUrl)).not.toContain(file.fileUrl);
    expect((await fetch(file.fileUrl)).status).toBe(404);
    expect((await fetch(file.torrentUrl!)).status).toBe(404);
    const webVideos = await readdir(path.join(instance.storageDir, 'web-videos'));
    expect(webVideos.sort()).toEqual([`${uuid}-144.mp4`, `${uuid}-240.mp4`]);
  });

  it('names HLS files as PeerTube 8 does, variants derivable from the master', async () => {
    const video = await details(uuid);
    const [playlist] = video.streamingPlaylists;
    const hlsFolder = `/static/streaming-playlists/hls/${uuid}/`;
    const master = new RegExp(`${hlsFolder}(${UUID})-master\\.m3u8$`).exec(playlist.playlistUrl);
    expect(master, playlist.playlistUrl).not.toBeNull();
    const id = master![1];
    expect(playlist.segmentsSha256Url).toMatch(new RegExp(`${hlsFolder}${UUID}-segments-sha256\\.json$`));

    const masterText = await (await fetch(playlist.playlistUrl)).text();
    const listed = masterText.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(listed.sort()).toEqual(playlist.files.map((file) => `${id}-${file.resolution.id}.m3u8`).sort());
    const hashes = (await (await fetch(playlist.segmentsSha256Url)).json()) as Record<string, unknown>;
    expect(Object.keys(hashes).sort()).toEqual(
      playlist.files.map((file) => `${id}-${file.resolution.id}-fragmented.mp4`).sort(),
    );

    for (const file of playlist.files) {
      const resolution = String(file.resolution.id);
      // As clients derive them: `master` replaced by the resolution in the master's URL.
      const variant = playlist.playlistUrl.replace('master', resolution);
      const fragmented = playlist.playlistUrl.replace('master.m3u8', `${resolution}-fragmented.mp4`);
      expect(file.playlistUrl).toBe(variant);
      expect(file.fileUrl).toBe(fragmented);
      // As PeerTube derives a file's playlistUrl: the fragmented MP4's URL, `-fragmented.mp4` turned into `.m3u8`.
      expect(file.playlistUrl).toBe(file.fileUrl.replace(/-fragmented\.mp4$/, '.m3u8'));
      const variantResponse = await fetch(variant);
      expect(variantResponse.status, variant).toBe(200);
      expect(await variantResponse.text()).toContain(path.basename(fragmented));
      expect((await fetch(fragmented, { headers: { Range: 'bytes=0-99' } })).status, fragmented).toBe(206);
    }
  });

  it('gives every HLS file a torrent and a magnet of its fragmented MP4', async () => {
    const video = await details(uuid);
    const files = video.streamingPlaylists[0].files;
    expect(files.map((file) => file.resolution.id)).toEqual([240, 144]);
    const infoHashes = new Set<string>();
    for (const file of files) {
      expect(file.torrentUrl).toMatch(new RegExp(`/lazy-static/torrents/${uuid}-${file.resolution.id}-hls\\.torrent$`));
      expect(file.torrentDownloadUrl).toBe(file.torrentUrl);
      expect(file).toMatchObject({ hasAudio: true, hasVideo: true, storage: 0 });
      const torrent = await parse(file.torrentUrl!);
      expect(torrent.urlList).toEqual([file.fileUrl]);
      expect(torrent.announce).toEqual(video.trackerUrls);
      expect(torrent.length).toBe(file.size);
      expect(torrent.name).toBe(`Files test ${file.resolution.id}p.mp4`);
      expect(file.magnetUri).toContain(`xt=urn:btih:${torrent.infoHash}`);
      expect(file.magnetUri).toContain(`ws=${encodeURIComponent(file.fileUrl)}`);
      expect(await announce(torrent.infoHash)).not.toContain('failure reason');
      infoHashes.add(torrent.infoHash);
    }
    // Not the web videos' torrents: each fragmented MP4 has its own.
    for (const file of video.files) expect(infoHashes.has((await parse(file.torrentUrl!)).infoHash)).toBe(false);

    // Federated with them, in the HLS playlist's tags as PeerTube writes them.
    const object = (await (await fetch(video.url, { headers: { Accept: 'application/activity+json' } })).json()) as {
      url: { mediaType: string; href: string; tag?: { mediaType?: string; href?: string }[] }[];
    };
    const hls = object.url.find((link) => link.mediaType === 'application/x-mpegURL');
    expect(hls?.href).toBe(video.streamingPlaylists[0].playlistUrl);
    const tagged = (mediaType: string) => hls!.tag!.filter((tag) => tag.mediaType === mediaType).map((tag) => tag.href);
    expect(tagged('application/x-bittorrent')).toEqual(files.map((file) => file.torrentUrl));
    expect(tagged('application/x-bittorrent;x-scheme-handler/magnet')).toEqual(files.map((file) => file.magnetUri));
  });

  it('lets a WebTorrent client download an HLS fragmented MP4 through its torrent', { timeout: 90_000 }, async () => {
    const file: VideoFile = (await details(uuid)).streamingPlaylists[0].files[1];
    client = createOfflineClient();
    const torrentBytes = (await bytesOf(file.torrentUrl!)).bytes;
    const torrent = client.add(torrentBytes, { path: path.join(folder, 'webtorrent') });
    await waitForDone(torrent, 60_000);
    const downloaded = Buffer.from(await torrent.files[0].arrayBuffer());
    expect(downloaded.length).toBe(file.size);
    expect(sha256(downloaded)).toBe(sha256((await bytesOf(file.fileUrl)).bytes));
  });

  it('removes the HLS torrents with the video', async () => {
    const video = await details(uuid);
    const torrents = video.streamingPlaylists[0].files.map((file) => file.torrentUrl!);
    const infoHash = (await parse(torrents[0])).infoHash;
    await instance.api.call('delete', `/api/v1/videos/${uuid}`, { token, status: 204 });
    for (const url of torrents) expect((await fetch(url)).status, url).toBe(404);
    const left = await readdir(path.join(instance.storageDir, 'torrents')).catch(() => [] as string[]);
    expect(left.filter((name) => name.startsWith(uuid))).toEqual([]);
    // Its infohash leaves the tracker's allow-list with its row.
    expect(await announce(infoHash)).toContain('failure reason');
  });

  describe('a second video', () => {
    let second: string;

    it('keeps the swarm of an upload closed while it waits for transcoding, and serves its file', async () => {
      await transcodingQueue.pause();
      second = await uploadVideo(instance, token, { name: 'Waiting', file: clip });
      const [file] = (await details(second)).files;
      expect(file.fileUrl).toMatch(new RegExp(`/${second}-360-source\\.mp4$`));
      // waitTranscoding (true by default) keeps the video unlisted until it is published: so is its swarm.
      expect(await announce((await parse(file.torrentUrl!)).infoHash)).toContain('failure reason');
      expect((await fetch(file.fileUrl, { headers: { Range: 'bytes=0-9' } })).status).toBe(206);
      await transcodingQueue.resume();
      await waitForJobs(instance);
      expect((await details(second)).state.id).toBe(VideoState.Published);
    });

    it('keeps playing a video transcoded before the PeerTube 8 names (rows hold the names)', async () => {
      // What an instance transcoded before this change left: `master.m3u8`, `segments-sha256.json`, no HLS torrents.
      const [playlist] = (await details(second)).streamingPlaylists;
      const hlsDir = path.join(instance.storageDir, 'streaming-playlists', 'hls', second);
      await rename(path.join(hlsDir, `${second}-master.m3u8`), path.join(hlsDir, 'master.m3u8'));
      await rename(path.join(hlsDir, `${second}-segments-sha256.json`), path.join(hlsDir, 'segments-sha256.json'));
      for (const file of playlist.files)
        await rm(path.join(instance.storageDir, 'torrents', path.basename(file.torrentUrl!)));
      await queryDatabase(
        instance.databaseName,
        `UPDATE video_streaming_playlists SET playlist_filename = 'master.m3u8',
           segments_sha256_filename = 'segments-sha256.json' WHERE id = $1`,
        [playlist.id],
      );
      await queryDatabase(
        instance.databaseName,
        'UPDATE video_files SET torrent_filename = NULL, info_hash = NULL WHERE streaming_playlist_id = $1',
        [playlist.id],
      );

      const legacy = (await details(second)).streamingPlaylists[0];
      expect(legacy.playlistUrl).toMatch(new RegExp(`/hls/${second}/master\\.m3u8$`));
      expect(legacy.segmentsSha256Url).toMatch(new RegExp(`/hls/${second}/segments-sha256\\.json$`));
      for (const url of [legacy.playlistUrl, legacy.segmentsSha256Url])
        expect((await fetch(url)).status, url).toBe(200);
      for (const file of legacy.files) {
        expect(file).toMatchObject({ torrentUrl: null, torrentDownloadUrl: null, magnetUri: null });
        expect((await fetch(file.playlistUrl!)).status).toBe(200);
        expect((await fetch(file.fileUrl, { headers: { Range: 'bytes=0-9' } })).status).toBe(206);
      }
      await instance.api.call('delete', `/api/v1/videos/${second}`, { token, status: 204 });
      expect((await fetch(legacy.playlistUrl)).status).toBe(404);
    });
  });
});
