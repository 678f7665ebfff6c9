// The parts of parse-torrent 11 that Shoal uses; the package ships no types.
declare module 'parse-torrent' {
  export interface TorrentFileEntry {
    path: string;
    name: string;
    length: number;
    offset: number;
  }

  /** A decoded .torrent file. */
  export interface ParsedTorrentFile {
    /** Lowercase hex SHA-1 of the bencoded info dictionary. */
    infoHash: string;
    infoHashBuffer: Uint8Array;
    infoBuffer: Uint8Array;
    name: string;
    /** Every tracker of every tier, deduplicated. */
    announce: string[];
    /** BEP 19 WebSeeds. */
    urlList: string[];
    files: TorrentFileEntry[];
    /** Bytes, all files together. */
    length: number;
    pieceLength: number;
    lastPieceLength: number;
    /** Hex SHA-1 of each piece. */
    pieces: string[];
    private?: boolean;
    created?: Date;
    createdBy?: string;
    comment?: string;
  }

  /** Parses a .torrent file's bytes (a magnet URI or bare infohash parses to fewer fields). */
  export default function parseTorrent(torrentId: Uint8Array): Promise<ParsedTorrentFile>;
  export function toTorrentFile(parsed: ParsedTorrentFile): Uint8Array;
}
