// The server side of bittorrent-tracker that Shoal uses; the package ships no types.
declare module 'bittorrent-tracker/server' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { WebSocket, WebSocketServer } from 'ws';

  /** What the tracker parsed from an announce or scrape, as passed to the filter. */
  export interface TrackerRequestParams {
    type: 'http' | 'ws' | 'udp';
    action: number;
    info_hash: string;
    /** The peer's address as the tracker saw it (the proxy's client when trustProxy is set). */
    ip?: string;
  }

  /** A scrape as parsed by the library: infohashes in hex, none for a "full scrape". */
  export interface TrackerScrapeParams {
    type: 'http' | 'ws' | 'udp';
    action: number;
    info_hash?: string[];
    /** Set for WebSocket requests only. */
    ip?: string;
    /** Set for HTTP requests only. */
    httpReq?: IncomingMessage;
  }

  export interface TrackerSwarm {
    complete: number;
    incomplete: number;
  }

  export interface TrackerServerOptions {
    /** Announce interval given to clients, in ms. */
    interval?: number;
    trustProxy?: boolean;
    http?: boolean;
    udp?: boolean;
    ws?: boolean | { noServer: true; maxPayload?: number };
    stats?: boolean;
    /** Calls back with an Error to refuse the announce (the message becomes the failure reason). */
    filter?: (infoHash: string, params: TrackerRequestParams, callback: (error?: Error | null) => void) => void;
  }

  export default class Server extends EventEmitter {
    constructor(options?: TrackerServerOptions);
    ws: WebSocketServer | null;
    torrents: Record<string, TrackerSwarm | undefined>;
    onHttpRequest(
      request: IncomingMessage,
      response: ServerResponse,
      options?: { action?: 'announce' | 'scrape'; trustProxy?: boolean },
    ): void;
    onWebSocketConnection(socket: WebSocket, options?: { trustProxy?: boolean }): void;
    close(callback?: () => void): void;
    /**
     * Internal (no filter applies to scrapes); Shoal wraps it to put scrapes through its own gate. Calls back with
     * an Error to refuse, whose message becomes the failure reason.
     */
    _onScrape(params: TrackerScrapeParams, callback: (error: Error | null, response?: unknown) => void): void;
  }
}
