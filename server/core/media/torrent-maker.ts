/**
 * Creates the .torrent of a published file. Implemented in server/transcoding/torrent (which knows the instance's
 * trackers) and injected into modules through TORRENT_MAKER, as the upload keeps its file as a web video with a
 * torrent before any transcoding.
 */
export interface TorrentMaker {
  /** Hashes `filePath` into `torrentPath`, with the instance's trackers and `webSeedUrl` as WebSeed. */
  create(input: {
    filePath: string;
    torrentPath: string;
    /** The file name clients save it as; keep the extension (WebTorrent picks the media type from it). */
    name: string;
    webSeedUrl: string;
  }): Promise<{ infoHash: string }>;
}

export const TORRENT_MAKER = Symbol('TORRENT_MAKER');
