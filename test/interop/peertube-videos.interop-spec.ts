import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorFollow as Follow } from '../../shared/models/server/follow.model.js';
import type { ResultList } from '../../shared/models/common.js';
import { VideoPrivacy, VideoState } from '../../shared/models/videos/video-enums.js';
import type { VideoDetails } from '../../shared/models/videos/video.model.js';
import { TestInstance } from '../utils/instance.js';
import { uploadVideo } from '../utils/uploads.js';
import { createOfflineClient, destroyClient, waitForDone } from '../utils/webtorrent.js';
import { ensurePeer, PEER_HOST, type PeerVideo, stopPeer, waitUntil } from './utils/peertube-peer.js';
import { InteropSession } from './utils/interop-session.js';

/**
 * Shoal and an unmodified PeerTube 8 (../shared/peertube-peer) federating videos, both ways: follows, the outbox crawl,
 * new videos, playback of the other side's copy, edits, privacy, deletes, blocks, and a deletion missed while down.
 */

const run = promisify(execFile);
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const session = new InteropSession('videos');
const { peer } = session;
let shoal: TestInstance;
let shoalToken: string;
let peerToken: string;
let clip: string;

/** A title no other test (or earlier run against the same peer) uses. */
const title = (what: string): string => session.title(what);

async function shoalVideo(uuid: string): Promise<VideoDetails | undefined> {
  const response = await shoal.api.raw('get', `/api/v1/videos/${uuid}`);
  return response.status === 200 ? (response.body as VideoDetails) : undefined;
}

async function shoalFollows(kind: 'following' | 'followers'): Promise<Follow[]> {
  const list = await shoal.api.call<ResultList<Follow>>('get', `/api/v1/server/${kind}`, { token: shoalToken });
  return list.data;
}

async function shoalFollowsPeer(): Promise<void> {
  await shoal.api.call('post', '/api/v1/server/following', {
    token: shoalToken,
    json: { hosts: [PEER_HOST] },
    status: 204,
  });
  await waitUntil('Shoal follows PeerTube', async () =>
    (await shoalFollows('following')).some((f) => f.following.host === PEER_HOST && f.state === 'accepted'),
  );
}

async function shoalUnfollowsPeer(): Promise<void> {
  await shoal.api.call('delete', `/api/v1/server/following/${PEER_HOST}`, { token: shoalToken, status: 204 });
}

async function peerFollowsShoal(): Promise<void> {
  await peer.follow(shoal.host);
  await waitUntil('PeerTube follows Shoal', async () => (await peer.followingState(shoal.host)) === 'accepted');
}

/** Each side follows the other (what every video test starts from, whatever the tests before it left). */
async function ensureMutualFollows(): Promise<void> {
  const following = await shoalFollows('following');
  if (!following.some((f) => f.following.host === PEER_HOST && f.state === 'accepted')) await shoalFollowsPeer();
  if ((await peer.followingState(shoal.host)) !== 'accepted') await peerFollowsShoal();
}

async function uploadOnShoal(name: string): Promise<string> {
  const uuid = await uploadVideo(shoal, shoalToken, { name, file: clip });
  await waitUntil(
    `${name} published on Shoal`,
    async () => (await shoalVideo(uuid))?.state.id === VideoState.Published,
  );
  return uuid;
}

/** PeerTube shows a remote video to anonymous visitors only when an actor it follows shared it. */
async function peerShows(uuid: string): Promise<PeerVideo | undefined> {
  return peer.video(uuid, null);
}

/** Whether PeerTube's list of remote videos (anonymous, newest first) holds the video. */
async function peerLists(uuid: string): Promise<boolean> {
  const { body } = await peer.request('GET', '/api/v1/videos?isLocal=false&count=100&sort=-publishedAt', {
    token: null,
  });
  return (body as { data: { uuid: string }[] }).data.some((video) => video.uuid === uuid);
}

async function ffprobeStreams(url: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'json', url], {
    timeout: 30_000,
  });
  return (JSON.parse(stdout) as { streams: { codec_type: string }[] }).streams.map((stream) => stream.codec_type);
}

/** Downloads a torrent with a Node WebTorrent client (the torrent's own trackers and WebSeed only). */
async function downloadTorrent(torrentUrl: string): Promise<number> {
  const client = createOfflineClient();
  try {
    const response = await fetch(torrentUrl);
    expect(response.status, torrentUrl).toBe(200);
    const torrent = client.add(Buffer.from(await response.arrayBuffer()), { path: session.scratch });
    await waitForDone(torrent, 60_000);
    return torrent.downloaded;
  } finally {
    await destroyClient(client);
  }
}

beforeAll(async () => {
  ({ shoal, shoalToken, peerToken, clip } = await session.begin());
}, 600_000);

afterAll(() => session.end());

describe('instance follows', () => {
  it('Shoal follows PeerTube: accepted on both sides; unfollowing removes it from PeerTube', async () => {
    await shoalFollowsPeer();
    expect(await peer.followerState(shoal.host)).toBe('accepted');
    await shoalUnfollowsPeer();
    await waitUntil('PeerTube drops the follower', async () => (await peer.followerState(shoal.host)) === undefined);
    expect((await shoalFollows('following')).map((f) => f.following.host)).not.toContain(PEER_HOST);
  });

  it('PeerTube follows Shoal: accepted on both sides; unfollowing removes it from Shoal', async () => {
    await peerFollowsShoal();
    const followers = await shoalFollows('followers');
    expect(followers.find((f) => f.follower.host === PEER_HOST)?.state).toBe('accepted');
    await peer.unfollow(shoal.host);
    await waitUntil('Shoal drops the follower', async () =>
      (await shoalFollows('followers')).every((f) => f.follower.host !== PEER_HOST),
    );
  });
});

describe('videos', () => {
  it('PeerTube → Shoal: a video published before the follow arrives through the outbox crawl', async () => {
    const uuid = await peer.upload(peerToken, clip, { name: title('PeerTube before the follow') });
    await shoalFollowsPeer();
    await waitUntil('Shoal lists the earlier PeerTube video', async () => (await shoalVideo(uuid))?.isLocal === false);
  });

  it('Shoal → PeerTube: a video published before the follow arrives through the outbox crawl', async () => {
    const uuid = await uploadOnShoal(title('Shoal before the follow'));
    await peerFollowsShoal();
    await waitUntil('PeerTube shows the earlier Shoal video', async () => (await peerShows(uuid))?.isLocal === false);
  });

  it('PeerTube → Shoal: a new video arrives at once', async () => {
    await ensureMutualFollows();
    const name = title('PeerTube after the follow');
    const uuid = await peer.upload(peerToken, clip, { name, tags: ['interop'] });
    await waitUntil('Shoal lists the new PeerTube video', async () => (await shoalVideo(uuid))?.name === name);
    const listed = await shoal.api.call<ResultList<VideoDetails>>('get', '/api/v1/videos', {
      query: { isLocal: false, count: 100 },
    });
    expect(listed.data.map((video) => video.uuid)).toContain(uuid);
  });

  it('Shoal → PeerTube: a new video arrives at once and PeerTube lists it', async () => {
    await ensureMutualFollows();
    const name = title('Shoal after the follow');
    const uuid = await uploadOnShoal(name);
    await waitUntil('PeerTube shows the new Shoal video', async () => (await peerShows(uuid))?.name === name);
    expect(await peerLists(uuid)).toBe(true);
  });

  it("Shoal's copy of a PeerTube video plays: ffprobe reads its HLS master and MP4, WebTorrent downloads it", async () => {
    await ensureMutualFollows();
    const uuid = await peer.upload(peerToken, clip, { name: title('PeerTube to play') });
    await waitUntil('Shoal lists it', async () => (await shoalVideo(uuid)) !== undefined);
    const copy = (await shoalVideo(uuid))!;
    const playlist = copy.streamingPlaylists[0];
    expect(playlist.playlistUrl.startsWith(`http://${PEER_HOST}/`)).toBe(true);
    expect(await ffprobeStreams(playlist.playlistUrl)).toEqual(expect.arrayContaining(['video', 'audio']));
    const file = copy.files[0];
    expect(await ffprobeStreams(file.fileUrl)).toEqual(expect.arrayContaining(['video', 'audio']));
    expect(await downloadTorrent(file.torrentUrl!)).toBe(file.size);
    // PeerTube 8 gives every HLS file a torrent and a magnet; Shoal's copy keeps them, and they download.
    expect(playlist.files.every((hlsFile) => hlsFile.torrentUrl && hlsFile.magnetUri)).toBe(true);
    expect(await downloadTorrent(playlist.files[0].torrentUrl!)).toBe(playlist.files[0].size);
    // PeerTube 8's names, the patterns Shoal's own follow (with one id per file there, the video's UUID in Shoal).
    const original = (await peer.video(uuid))!.streamingPlaylists[0];
    expect(original.playlistUrl).toMatch(new RegExp(`/hls/${uuid}/${UUID}-master\\.m3u8$`));
    expect(original.segmentsSha256Url).toMatch(new RegExp(`/hls/${uuid}/${UUID}-segments-sha256\\.json$`));
    for (const hlsFile of original.files) {
      expect(hlsFile.fileUrl).toMatch(new RegExp(`/hls/${uuid}/${UUID}-\\d+-fragmented\\.mp4$`));
      expect(hlsFile.playlistUrl).toBe(hlsFile.fileUrl.replace(/-fragmented\.mp4$/, '.m3u8'));
      expect(hlsFile.torrentUrl).toMatch(new RegExp(`/lazy-static/torrents/${UUID}-\\d+-hls\\.torrent$`));
    }
  });

  it("PeerTube's copy of a Shoal video plays: ffprobe reads its HLS master and MP4, WebTorrent downloads it", async () => {
    await ensureMutualFollows();
    const uuid = await uploadOnShoal(title('Shoal to play'));
    await waitUntil('PeerTube shows it', async () => (await peerShows(uuid)) !== undefined);
    const copy = (await peerShows(uuid))!;
    const playlist = copy.streamingPlaylists[0];
    expect(playlist.playlistUrl.startsWith(shoal.url)).toBe(true);
    expect(await ffprobeStreams(playlist.playlistUrl)).toEqual(expect.arrayContaining(['video', 'audio']));
    const file = copy.files[0];
    expect(await ffprobeStreams(file.fileUrl)).toEqual(expect.arrayContaining(['video', 'audio']));
    expect(await downloadTorrent(file.torrentUrl)).toBeGreaterThan(0);
    // Shoal's HLS files federate with their torrents and magnets, which PeerTube takes and serves.
    const hlsFiles = playlist.files;
    expect(hlsFiles.every((hlsFile) => hlsFile.torrentUrl && hlsFile.magnetUri)).toBe(true);
    expect(await downloadTorrent(hlsFiles[0].torrentUrl!)).toBeGreaterThan(0);
  });
});

describe('edits and deletes', () => {
  it('PeerTube → Shoal: title, description, tags and privacy (public → unlisted → private → public), then deletion', async () => {
    await ensureMutualFollows();
    const uuid = await peer.upload(peerToken, clip, { name: title('PeerTube to edit') });
    await waitUntil('Shoal lists it', async () => (await shoalVideo(uuid)) !== undefined);

    const name = title('PeerTube edited');
    await peer.updateVideo(peerToken, uuid, { name, description: 'Edited on PeerTube', tags: ['edited', 'twice'] });
    await waitUntil('Shoal shows the edit', async () => (await shoalVideo(uuid))?.name === name);
    expect(await shoalVideo(uuid)).toMatchObject({ description: 'Edited on PeerTube' });
    expect([...(await shoalVideo(uuid))!.tags].sort()).toEqual(['edited', 'twice']);

    await peer.updateVideo(peerToken, uuid, { privacy: 2 });
    await waitUntil(
      'Shoal shows it unlisted',
      async () => (await shoalVideo(uuid))?.privacy.id === VideoPrivacy.Unlisted,
    );
    await peer.updateVideo(peerToken, uuid, { privacy: 3 });
    await waitUntil('Shoal drops it once private', async () => (await shoalVideo(uuid)) === undefined);
    await peer.updateVideo(peerToken, uuid, { privacy: 1 });
    await waitUntil(
      'Shoal lists it public again',
      async () => (await shoalVideo(uuid))?.privacy.id === VideoPrivacy.Public,
    );

    await peer.deleteVideo(peerToken, uuid);
    await waitUntil('Shoal drops the deleted video', async () => (await shoalVideo(uuid)) === undefined);
  });

  it('Shoal → PeerTube: title, description, tags and privacy (public → unlisted → private → public), then deletion', async () => {
    await ensureMutualFollows();
    const uuid = await uploadOnShoal(title('Shoal to edit'));
    await waitUntil('PeerTube shows it', async () => (await peerShows(uuid)) !== undefined);
    const edit = (json: object) =>
      shoal.api.call('put', `/api/v1/videos/${uuid}`, { token: shoalToken, json, status: 204 });

    const name = title('Shoal edited');
    await edit({ name, description: 'Edited on Shoal', tags: ['edited', 'twice'] });
    await waitUntil('PeerTube shows the edit', async () => (await peerShows(uuid))?.name === name);
    const edited = (await peer.video(uuid, null))!;
    expect(edited.description).toBe('Edited on Shoal');
    expect([...edited.tags].sort()).toEqual(['edited', 'twice']);

    await edit({ privacy: 2 });
    await waitUntil('PeerTube shows it unlisted', async () => (await peerShows(uuid))?.privacy.id === 2);
    await edit({ privacy: 3 });
    await waitUntil('PeerTube drops it once private', async () => (await peer.video(uuid, peerToken)) === undefined);
    await edit({ privacy: 1 });
    await waitUntil('PeerTube shows it public again', async () => (await peerShows(uuid))?.privacy.id === 1);

    await shoal.api.call('delete', `/api/v1/videos/${uuid}`, { token: shoalToken, status: 204 });
    await waitUntil('PeerTube drops the deleted video', async () => (await peer.video(uuid, peerToken)) === undefined);
  });
});

describe('blocks', () => {
  it('Shoal blocking PeerTube hides its videos and stops deliveries to it; unblocking and following again restores', async () => {
    await ensureMutualFollows();
    const known = await peer.upload(peerToken, clip, { name: title('PeerTube before the block') });
    await waitUntil('Shoal lists it', async () => (await shoalVideo(known)) !== undefined);

    await shoal.api.call('post', '/api/v1/server/blocklist/servers', {
      token: shoalToken,
      json: { host: PEER_HOST },
      status: 204,
    });
    expect(await shoalVideo(known)).toBeUndefined();
    const hidden = await uploadOnShoal(title('Shoal while blocking'));
    await shoal.api.call('delete', `/api/v1/server/blocklist/servers/${PEER_HOST}`, { token: shoalToken, status: 204 });
    // Nothing was delivered to PeerTube while the block held (the follow itself was removed with the block).
    expect(await peer.video(hidden, peerToken)).toBeUndefined();
    expect(await shoalVideo(known)).toBeDefined();

    await shoalFollowsPeer();
    await peer.unfollow(shoal.host);
    await peerFollowsShoal();
    await waitUntil(
      'PeerTube gets the video once following again',
      async () => (await peerShows(hidden)) !== undefined,
    );
  });

  // PeerTube's server block mutes a host: its videos are hidden, but PeerTube goes on delivering to it.
  it('PeerTube blocking Shoal hides its videos, those sent while blocked too; unblocking shows them again', async () => {
    await ensureMutualFollows();
    const known = await uploadOnShoal(title('Shoal before the block'));
    await waitUntil('PeerTube lists it', () => peerLists(known));

    await peer.blockServer(shoal.host);
    await waitUntil('PeerTube hides it from its lists', async () => !(await peerLists(known)));
    const sentWhileBlocked = await uploadOnShoal(title('Shoal while blocked'));
    // Shoal delivered it (PeerTube follows Shoal); PeerTube keeps it out of its lists.
    await waitUntil(
      'PeerTube knows the video',
      async () => (await peer.video(sentWhileBlocked, peerToken)) !== undefined,
    );
    expect(await peerLists(sentWhileBlocked)).toBe(false);
    expect(await peerLists(known)).toBe(false);

    await peer.unblockServer(shoal.host);
    await waitUntil(
      'PeerTube lists both again',
      async () => (await peerLists(known)) && (await peerLists(sentWhileBlocked)),
    );
  });
});

describe('a deletion missed while down', () => {
  it('PeerTube deletes a video while Shoal is down: Shoal drops it once it refreshes the video', async () => {
    await ensureMutualFollows();
    const uuid = await peer.upload(peerToken, clip, { name: title('PeerTube deleted while Shoal is down') });
    await waitUntil('Shoal lists it', async () => (await shoalVideo(uuid)) !== undefined);
    await shoal.stop();
    await peer.deleteVideo(peerToken, uuid);
    await shoal.start();
    // Shown after federation.remote_video_refresh (10 s here), the video is read again from PeerTube: 404.
    await waitUntil('Shoal drops it', async () => (await shoalVideo(uuid)) === undefined, 120_000);
  });

  it('Shoal deletes a video while PeerTube is down: PeerTube drops it once it refreshes the video', async () => {
    await ensureMutualFollows();
    const uuid = await uploadOnShoal(title('Shoal deleted while PeerTube is down'));
    await waitUntil('PeerTube shows it', async () => (await peerShows(uuid)) !== undefined);
    await stopPeer();
    try {
      await shoal.api.call('delete', `/api/v1/videos/${uuid}`, { token: shoalToken, status: 204 });
    } finally {
      await ensurePeer();
    }
    await waitUntil('PeerTube drops it', async () => (await peer.video(uuid, peerToken)) === undefined, 180_000);
  });
});
