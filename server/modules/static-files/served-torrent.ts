import parseTorrent, { toTorrentFile } from 'parse-torrent';

/** The store's top-level folders of the files torrents describe. */
const WEB_SEED_FOLDERS = ['web-videos/', 'streaming-playlists/'];

/**
 * The store key of the file a WebSeed URL names, whatever base it was written with: Shoal's routes
 * (`/static/web-videos/<name>`), a bucket's (`/<bucket>/web-videos/<name>`) or a CDN's (`/web-videos/<name>`).
 */
export function webSeedKeyOf(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const starts = WEB_SEED_FOLDERS.map((folder) => pathname.lastIndexOf(`/${folder}`)).filter((at) => at >= 0);
  if (starts.length === 0) return undefined;
  return pathname.slice(Math.max(...starts) + 1);
}

/**
 * A stored torrent with its WebSeeds pointing where the files are now. Torrents are written once, with the URL of
 * their file at that time; the public URL of the store (bucket, CDN) or a file's place (a privacy change) may move
 * since. The url-list is outside the info dictionary: the infohash does not change.
 */
export async function withCurrentWebSeeds(torrent: Uint8Array, urlOf: (key: string) => string): Promise<Uint8Array> {
  const parsed = await parseTorrent(torrent);
  const urlList = parsed.urlList.map((url) => {
    const key = webSeedKeyOf(url);
    return key ? urlOf(key) : url;
  });
  return toTorrentFile({ ...parsed, urlList });
}
