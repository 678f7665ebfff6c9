// The parts of webtorrent 2 that Shoal's tests use; the package ships no types. Import it only in tests: its
// dependency graph has a top-level await and opens sockets.
declare module 'webtorrent' {
  import { EventEmitter } from 'node:events';
  import type { ParsedTorrentFile } from 'parse-torrent';

  export interface TrackerClientOptions {
    /** Pass `{ iceServers: [] }`: the defaults name public STUN servers. */
    rtcConfig?: { iceServers: { urls: string | string[] }[] };
    announce?: string[];
  }

  export interface WebTorrentOptions {
    /** `false` is required in Shoal: the default joins the public DHT. */
    dht?: boolean;
    lsd?: boolean;
    natUpnp?: boolean;
    natPmp?: boolean;
    utp?: boolean;
    utPex?: boolean;
    webSeeds?: boolean;
    /** `false` announces to no tracker at all. */
    tracker?: false | TrackerClientOptions;
    torrentPort?: number;
  }

  export interface AddTorrentOptions {
    /** Folder the downloaded files are stored in (defaults to a shared folder under the OS temp dir). */
    path?: string;
    announce?: string[];
    destroyStoreOnDestroy?: boolean;
  }

  export interface TorrentFile extends EventEmitter {
    readonly name: string;
    readonly path: string;
    readonly length: number;
    readonly downloaded: number;
    arrayBuffer(options?: { start?: number; end?: number }): Promise<ArrayBuffer>;
  }

  export interface Wire {
    /** `webSeed`, `tcpIncoming`, `tcpOutgoing`, `utpIncoming`, `utpOutgoing`, `webrtc`. */
    readonly type: string;
    readonly downloaded: number;
  }

  export interface Torrent extends EventEmitter {
    readonly infoHash: string;
    readonly name: string;
    readonly length: number;
    readonly downloaded: number;
    readonly received: number;
    readonly done: boolean;
    readonly files: TorrentFile[];
    readonly announce: string[];
    readonly urlList: string[];
    readonly wires: Wire[];
    on(event: 'metadata' | 'ready' | 'done' | 'close', listener: () => void): this;
    on(event: 'warning' | 'error', listener: (error: Error | string) => void): this;
    once(event: 'metadata' | 'ready' | 'done' | 'close', listener: () => void): this;
    once(event: 'warning' | 'error', listener: (error: Error | string) => void): this;
    destroy(options?: { destroyStore?: boolean }, callback?: (error: Error | null) => void): void;
  }

  export default class WebTorrent extends EventEmitter {
    constructor(options?: WebTorrentOptions);
    readonly torrents: Torrent[];
    readonly destroyed: boolean;
    /** A magnet URI, .torrent bytes, or a parsed torrent (to change its announce list or WebSeeds first). */
    add(
      torrentId: string | Uint8Array | ParsedTorrentFile,
      options?: AddTorrentOptions,
      onTorrent?: (torrent: Torrent) => void,
    ): Torrent;
    destroy(callback?: (error: Error | null) => void): void;
  }
}
