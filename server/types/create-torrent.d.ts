// The parts of create-torrent 6 that Shoal uses; the package ships no types.
declare module 'create-torrent' {
  export interface CreateTorrentOptions {
    /** Name of the torrent; for a single file, the file name clients save and stream it as. */
    name?: string;
    creationDate?: Date;
    comment?: string;
    createdBy?: string;
    private?: boolean;
    /** Bytes; create-torrent derives one from the size when omitted. */
    pieceLength?: number;
    maxPieceLength?: number;
    /**
     * Tracker tiers. When both this and `announce` are undefined, create-torrent adds public trackers,
     * so always pass it (an empty array adds none).
     */
    announceList?: string[][];
    /** BEP 19 WebSeed URLs. */
    urlList?: string[];
    onProgress?: (hashedBytes: number, totalBytes: number) => void;
  }

  export type CreateTorrentInput = string | Uint8Array | NodeJS.ReadableStream | (string | Uint8Array)[];

  export default function createTorrent(
    input: CreateTorrentInput,
    options: CreateTorrentOptions,
    callback: (error: Error | null, torrent: Uint8Array) => void,
  ): void;

  /** The public trackers create-torrent adds by default. */
  export const announceList: string[][];
}
