// The parts of WebTorrent's browser bundle (webtorrent/dist/webtorrent.min.js, an ES module) the player uses.
declare module 'webtorrent/dist/webtorrent.min.js' {
  interface EventSource {
    on(event: string, listener: (...args: never[]) => void): this;
  }

  export interface Wire extends EventSource {
    /** `webSeed` for the HTTP WebSeed, `webrtc` for other browsers. */
    readonly type: string;
    on(event: 'download' | 'upload', listener: (bytes: number) => void): this;
    on(event: 'close', listener: () => void): this;
  }

  export interface TorrentFile {
    readonly name: string;
    readonly length: number;
    /** Points the element at the service worker's URL for this file (needs createServer first). */
    streamTo(element: HTMLMediaElement): HTMLMediaElement;
  }

  export interface Torrent extends EventSource {
    readonly files: TorrentFile[];
    readonly wires: Wire[];
    readonly done: boolean;
    on(event: 'ready' | 'done', listener: () => void): this;
    on(event: 'wire', listener: (wire: Wire) => void): this;
    on(event: 'warning' | 'error', listener: (error: Error | string) => void): this;
  }

  export interface WebTorrentOptions {
    tracker?: { rtcConfig?: RTCConfiguration };
  }

  export default class WebTorrent {
    constructor(options?: WebTorrentOptions);
    /** A magnet URI or the URL of a .torrent file. */
    add(torrentId: string, options?: { announce?: string[] }): Torrent;
    createServer(options: { controller: ServiceWorkerRegistration }): unknown;
    destroy(): void;
  }
}
