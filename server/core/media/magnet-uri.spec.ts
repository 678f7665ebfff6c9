import { decode } from 'magnet-uri';
import { describe, expect, it } from 'vitest';
import { buildMagnetUri } from './magnet-uri.js';

const announceUrls = ['wss://videos.example/tracker/socket', 'https://videos.example/tracker/announce'];
const webSeedUrl = 'https://videos.example/static/web-videos/3f1c-720.mp4';

describe('buildMagnetUri', () => {
  const infoHash = 'a'.repeat(8) + '0123456789abcdef0123456789abcdef';
  const magnet = buildMagnetUri({
    infoHash: infoHash.toUpperCase(),
    name: 'Été à Paris & co 720p.mp4',
    announceUrls,
    webSeedUrl,
    torrentUrl: 'https://videos.example/lazy-static/torrents/3f1c-720.torrent',
  });

  it('decodes back to the same infohash, name, trackers, WebSeed and .torrent URL', () => {
    const decoded = decode(magnet);
    expect(decoded.infoHash).toBe(infoHash);
    expect(decoded.xt).toBe(`urn:btih:${infoHash}`);
    expect(decoded.name).toBe('Été à Paris & co 720p.mp4');
    expect(decoded.announce).toEqual(announceUrls);
    expect(decoded.urlList).toEqual([webSeedUrl]);
    expect(decoded.xs).toBe('https://videos.example/lazy-static/torrents/3f1c-720.torrent');
  });

  it('writes a lowercase hex infohash and percent-encodes every URL and the name', () => {
    expect(magnet.startsWith('magnet:?')).toBe(true);
    expect(magnet).toContain(`xt=urn:btih:${infoHash}`);
    expect(magnet).toContain(`tr=${encodeURIComponent(announceUrls[0])}`);
    expect(magnet).toContain(`tr=${encodeURIComponent(announceUrls[1])}`);
    expect(magnet).toContain(`ws=${encodeURIComponent(webSeedUrl)}`);
    expect(magnet).toContain('xs=https%3A%2F%2Fvideos.example%2Flazy-static%2Ftorrents%2F3f1c-720.torrent');
    expect(magnet).toContain('dn=%C3%89t%C3%A9+%C3%A0+Paris+%26+co+720p.mp4');
    // Only the separators between parameters are raw `&`.
    expect(magnet.slice('magnet:?'.length).split('&')).toHaveLength(6);
  });

  it('refuses something that is not a hex infohash', () => {
    expect(() =>
      buildMagnetUri({ infoHash: 'abc', name: 'x', announceUrls, webSeedUrl, torrentUrl: webSeedUrl }),
    ).toThrow(/invalid infohash/);
  });
});
