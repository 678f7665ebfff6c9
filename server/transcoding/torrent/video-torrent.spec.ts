import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoTorrent, readTorrent } from './video-torrent.js';

const announceUrls = ['wss://videos.example/tracker/socket', 'https://videos.example/tracker/announce'];
const webSeedUrl = 'https://videos.example/static/web-videos/3f1c-720.mp4';

describe('createVideoTorrent', () => {
  let folder: string;
  let videoPath: string;
  // 100,000 bytes: six full 16 KiB pieces and a short last one.
  const content = Buffer.from(Array.from({ length: 100_000 }, (_, index) => index % 251));

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-torrent-'));
    videoPath = path.join(folder, 'video.mp4');
    await writeFile(videoPath, content);
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const create = (torrentPath: string, name = 'Clip 720p.mp4') =>
    createVideoTorrent({ filePath: videoPath, torrentPath, name, webSeedUrl, announceUrls, createdBy: 'Shoal' });

  it('writes a .torrent with one tracker per tier, the WebSeed, the name and the size', async () => {
    const torrentPath = path.join(folder, 'nested', 'first.torrent');
    const created = await create(torrentPath);

    expect(created).toEqual({ infoHash: expect.stringMatching(/^[0-9a-f]{40}$/), torrentPath, size: 100_000 });
    expect(await readTorrent(torrentPath)).toEqual({
      infoHash: created.infoHash,
      announce: announceUrls,
      urlList: [webSeedUrl],
      name: 'Clip 720p.mp4',
      length: 100_000,
    });
    expect(await readdir(path.dirname(torrentPath))).toEqual(['first.torrent']);
  });

  it('computes the BitTorrent v1 infohash of a public single-file info dictionary', async () => {
    const { infoHash } = await create(path.join(folder, 'check.torrent'));
    expect(infoHash).toBe(expectedInfoHash(content, 'Clip 720p.mp4', 16_384));
  });

  it('gives the same infohash for the same content and options, another for another name', async () => {
    const first = await create(path.join(folder, 'a.torrent'));
    const second = await create(path.join(folder, 'b.torrent'));
    const renamed = await create(path.join(folder, 'c.torrent'), 'Clip 1080p.mp4');
    expect(second.infoHash).toBe(first.infoHash);
    expect(renamed.infoHash).not.toBe(first.infoHash);
  });

  it('adds no public trackers when the instance has none', async () => {
    const torrentPath = path.join(folder, 'no-trackers.torrent');
    await createVideoTorrent({ filePath: videoPath, torrentPath, name: 'x.mp4', webSeedUrl, announceUrls: [] });
    expect((await readTorrent(torrentPath)).announce).toEqual([]);
  });

  it('refuses a folder, an empty file and a WebSeed that is not http(s)', async () => {
    const emptyPath = path.join(folder, 'empty.mp4');
    await writeFile(emptyPath, '');
    await mkdir(path.join(folder, 'a-folder'), { recursive: true });
    const base = { torrentPath: path.join(folder, 'refused.torrent'), name: 'x.mp4', webSeedUrl, announceUrls };

    await expect(createVideoTorrent({ ...base, filePath: path.join(folder, 'a-folder') })).rejects.toThrow(/not a/);
    await expect(createVideoTorrent({ ...base, filePath: emptyPath })).rejects.toThrow(/not a/);
    await expect(createVideoTorrent({ ...base, filePath: videoPath, webSeedUrl: 'ftp://h/x.mp4' })).rejects.toThrow(
      /webSeedUrl/,
    );
    await expect(createVideoTorrent({ ...base, filePath: videoPath, announceUrls: ['nope'] })).rejects.toThrow(
      /announceUrls/,
    );
  });
});

/** sha1(bencode(info)), written out by hand so the test does not trust the libraries it checks. */
function expectedInfoHash(content: Buffer, name: string, pieceLength: number): string {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < content.length; offset += pieceLength) {
    pieces.push(
      createHash('sha1')
        .update(content.subarray(offset, offset + pieceLength))
        .digest(),
    );
  }
  const piecesBytes = Buffer.concat(pieces);
  const nameBytes = Buffer.from(name, 'utf8');
  const info = Buffer.concat([
    Buffer.from(`d6:lengthi${content.length}e4:name${nameBytes.length}:`),
    nameBytes,
    Buffer.from(`12:piece lengthi${pieceLength}e6:pieces${piecesBytes.length}:`),
    piecesBytes,
    Buffer.from('7:privatei0ee'),
  ]);
  return createHash('sha1').update(info).digest('hex');
}
