import createTorrent from 'create-torrent';
import parseTorrent from 'parse-torrent';
import { describe, expect, it } from 'vitest';
import { webSeedKeyOf, withCurrentWebSeeds } from './served-torrent.js';

const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('webSeedKeyOf', () => {
  it.each([
    [`https://videos.example/static/web-videos/${uuid}-720.mp4`, `web-videos/${uuid}-720.mp4`],
    [`http://127.0.0.1:9000/media/web-videos/${uuid}-720.mp4`, `web-videos/${uuid}-720.mp4`],
    [`https://cdn.example/web-videos/${uuid}-720.mp4`, `web-videos/${uuid}-720.mp4`],
    [`https://web-videos.example/web-videos/web-videos/${uuid}-720.mp4`, `web-videos/${uuid}-720.mp4`],
    [
      `https://videos.example/static/streaming-playlists/hls/${uuid}/${uuid}-720-fragmented.mp4`,
      `streaming-playlists/hls/${uuid}/${uuid}-720-fragmented.mp4`,
    ],
  ])('finds the key in %s', (url, key) => {
    expect(webSeedKeyOf(url)).toBe(key);
  });

  it.each(['https://elsewhere.example/file.mp4', 'not a url'])('finds none in %s', (url) => {
    expect(webSeedKeyOf(url)).toBeUndefined();
  });
});

describe('withCurrentWebSeeds', () => {
  it('points the WebSeed at the current URL of its file and keeps the infohash', async () => {
    const file = Object.assign(Buffer.from('some video bytes'), { name: `${uuid}-720.mp4` });
    const original = await new Promise<Uint8Array>((resolve, reject) =>
      createTorrent(
        file,
        {
          name: 'clip 720p.mp4',
          urlList: [`https://old.example/static/web-videos/${uuid}-720.mp4`],
          announceList: [['wss://videos.example/tracker/socket'], ['https://videos.example/tracker/announce']],
        },
        (error, torrent) => (error ? reject(error) : resolve(torrent)),
      ),
    );
    const rewritten = await parseTorrent(await withCurrentWebSeeds(original, (key) => `https://cdn.example/${key}`));
    const before = await parseTorrent(original);
    expect(rewritten.urlList).toEqual([`https://cdn.example/web-videos/${uuid}-720.mp4`]);
    expect(rewritten.infoHash).toBe(before.infoHash);
    expect(rewritten.announce).toEqual(before.announce);
  });
});
