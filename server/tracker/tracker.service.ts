import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import Server, { type TrackerScrapeParams } from 'bittorrent-tracker/server';
import type { Logger } from 'pino';
import type { AppConfig } from '../core/config/config.js';
import { APP_CONFIG } from '../core/config/config.module.js';
import { serveAsOrdinaryRequest } from '../core/http/upgrades.js';
import { LOGGER } from '../core/logging/logging.module.js';
import type { SwarmFigures, SwarmStats } from '../core/media/swarm-stats.js';
import { FixedWindowLimiter } from './fixed-window-limiter.js';
import { TrackerAllowList } from './tracker-allow-list.js';

export const TRACKER_SOCKET_PATH = '/tracker/socket';
const SWEEP_INTERVAL_MS = 60_000;

/** Failure reasons the tracker sends back; peers show them in their warnings. */
const REFUSAL = {
  unknown: 'this torrent is not served by this instance',
  rateLimited: 'too many announces, slow down',
  banned: 'too many refused announces, try again later',
  fullScrape: 'a scrape must name the infohashes it asks about',
  largeScrape: 'too many infohashes in one scrape',
} as const;

/**
 * The embedded BitTorrent tracker (server side of bittorrent-tracker) on the instance's own HTTP server:
 * WebSocket announces at /tracker/socket for browsers, HTTP announce and scrape for other clients. Private by
 * default (see TrackerAllowList), rate limited per IP and per IP + infohash; an IP refused too often is dropped
 * for a while, its WebSocket upgrades included.
 */
@Injectable()
export class TrackerService implements OnApplicationBootstrap, OnApplicationShutdown, SwarmStats {
  private readonly server: Server;
  private readonly logger: Logger;
  private readonly perIp: FixedWindowLimiter;
  private readonly perIpInfoHash: FixedWindowLimiter;
  private readonly refusals: FixedWindowLimiter;
  private readonly bannedUntil = new Map<string, number>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly adapterHost: HttpAdapterHost,
    private readonly allowList: TrackerAllowList,
  ) {
    this.logger = logger.child({ component: 'tracker' });
    const limits = config.tracker.rate_limit;
    this.perIp = new FixedWindowLimiter(limits.per_ip.window, limits.per_ip.max);
    this.perIpInfoHash = new FixedWindowLimiter(limits.per_ip_infohash.window, limits.per_ip_infohash.max);
    this.refusals = new FixedWindowLimiter(limits.per_ip.window, limits.ban_after_refusals);
    this.server = new Server({
      http: false,
      udp: false,
      stats: false,
      // The library's default (100 MiB) let one message hold a gigabyte of memory (audit #4).
      ws: { noServer: true, maxPayload: config.tracker.max_message_size },
      interval: config.tracker.announce_interval,
      trustProxy: config.tracker.trust_proxy,
      filter: (infoHash, params, callback) => this.admit(infoHash, params.ip ?? 'unknown', callback),
    });
    const scrape = this.server._onScrape.bind(this.server);
    this.server._onScrape = (params, callback) =>
      this.admitScrape(params, (error) => (error ? callback(error) : scrape(params, callback)));
    // Refused announces and malformed requests are the peers' problem, not the server's.
    this.server.on('warning', (error: Error) => this.logger.debug({ err: error }, 'tracker warning'));
    this.server.on('error', (error: Error) => this.logger.error({ err: error }, 'tracker error'));
  }

  onApplicationBootstrap(): void {
    const httpServer = this.adapterHost.httpAdapter.getHttpServer() as HttpServer;
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) =>
      this.upgrade(httpServer, request, socket, head),
    );
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweepTimer);
    this.server.close();
  }

  handleHttp(request: IncomingMessage, response: ServerResponse, action: 'announce' | 'scrape'): void {
    this.server.onHttpRequest(request, response, { action });
  }

  figures(infoHashes: string[]): Promise<SwarmFigures> {
    let peers = 0;
    let seeders = 0;
    for (const infoHash of infoHashes) {
      const swarm = this.server.torrents[infoHash];
      if (!swarm) continue;
      peers += swarm.complete + swarm.incomplete;
      seeders += swarm.complete;
    }
    return Promise.resolve({ peers, seeders });
  }

  /** The figures of every swarm with peers, by infohash: what SwarmStatsPublisher hands to other processes. */
  *swarms(): Generator<[string, SwarmFigures]> {
    for (const [infoHash, swarm] of Object.entries(this.server.torrents)) {
      if (!swarm) continue;
      const peers = swarm.complete + swarm.incomplete;
      if (peers > 0) yield [infoHash, { peers, seeders: swarm.complete }];
    }
  }

  private upgrade(httpServer: HttpServer, request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = (request.url ?? '/').split('?')[0];
    if (pathname !== TRACKER_SOCKET_PATH) return serveAsOrdinaryRequest(httpServer, request, socket, head);
    if (this.isBanned(this.clientIp(request))) {
      socket.destroy();
      return;
    }
    const ws = this.server.ws!;
    ws.handleUpgrade(request, socket, head, (client) => ws.emit('connection', client, request));
  }

  /**
   * Calls back with nothing when the announce may go on, otherwise with the failure reason sent to the peer.
   * Synchronous unless the allow-list has to ask the database: this runs on every announce.
   */
  private admit(infoHash: string, ip: string, callback: (error?: Error | null) => void): void {
    if (this.isBanned(ip)) return callback(new Error(REFUSAL.banned));
    if (!this.perIp.take(ip) || !this.perIpInfoHash.take(`${ip}|${infoHash}`)) {
      return callback(this.refuse(ip, REFUSAL.rateLimited));
    }
    if (!this.config.tracker.private) return callback(null);
    const known = this.allowList.cached(infoHash);
    if (known !== undefined) return callback(known ? null : this.refuse(ip, REFUSAL.unknown));
    this.allowList.isAllowed(infoHash).then(
      (allowed) => callback(allowed ? null : this.refuse(ip, REFUSAL.unknown)),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /**
   * Scrapes pass the gate of announces (bans, rate limits, allow-list) for each infohash they name, one after
   * the other; the library's filter only sees announces (audit #4). A scrape naming nothing would list every
   * swarm, unlisted videos' included, so it is refused, and so is one naming more than the configured maximum.
   */
  private admitScrape(params: TrackerScrapeParams, callback: (error: Error | null) => void): void {
    const ip = params.ip ?? (params.httpReq ? this.clientIp(params.httpReq) : 'unknown');
    const infoHashes = [...new Set(params.info_hash ?? [])];
    // The library writes the refused infohashes back to the peer; it needs a list.
    params.info_hash = infoHashes;
    if (this.isBanned(ip)) return callback(new Error(REFUSAL.banned));
    if (infoHashes.length === 0) return callback(this.refuse(ip, REFUSAL.fullScrape));
    if (infoHashes.length > this.config.tracker.max_scrape_infohashes) {
      return callback(this.refuse(ip, REFUSAL.largeScrape));
    }
    const admitFrom = (index: number): void => {
      if (index === infoHashes.length) return callback(null);
      this.admit(infoHashes[index], ip, (error) => (error ? callback(error) : admitFrom(index + 1)));
    };
    admitFrom(0);
  }

  /** Counts a refusal; an IP refused too often within a window is dropped for a while. */
  private refuse(ip: string, reason: string): Error {
    if (!this.refusals.take(ip)) {
      this.bannedUntil.set(ip, Date.now() + this.config.tracker.rate_limit.ban_duration);
      this.logger.info({ ip }, 'tracker peer dropped after repeated refusals');
    }
    return new Error(reason);
  }

  private isBanned(ip: string): boolean {
    if (this.bannedUntil.size === 0) return false;
    const until = this.bannedUntil.get(ip);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.bannedUntil.delete(ip);
    return false;
  }

  /** The address the tracker library will see for this request (it reads the same header when trusting proxies). */
  private clientIp(request: IncomingMessage): string {
    const forwarded = request.headers['x-forwarded-for'];
    if (this.config.tracker.trust_proxy && typeof forwarded === 'string') return forwarded.split(',')[0].trim();
    return (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
  }

  private sweep(): void {
    const now = Date.now();
    for (const limiter of [this.perIp, this.perIpInfoHash, this.refusals]) limiter.sweep(now);
    for (const [ip, until] of this.bannedUntil) if (until <= now) this.bannedUntil.delete(ip);
  }
}
