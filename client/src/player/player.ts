import type { IceServer } from '../../../shared/models/server/server-config.model.js';
import type { P2pStats } from './p2p-stats.js';

/** A running playback; destroy() stops it and leaves every swarm. */
export interface Player {
  destroy(): void;
}

export interface PlayerOptions {
  /** Whether to exchange video with other viewers at all. */
  p2p: boolean;
  /** WebSocket trackers (the embedded one); browsers cannot use HTTP trackers. */
  trackers: string[];
  iceServers: IceServer[];
  stats: P2pStats;
}

/** Browsers can only announce to WebSocket trackers. */
export function webSocketTrackers(trackerUrls: string[]): string[] {
  return trackerUrls.filter((url) => url.startsWith('ws://') || url.startsWith('wss://'));
}

/** hls.js needs Media Source Extensions with H.264/AAC, what Shoal's HLS renditions are. */
export function hlsIsSupported(): boolean {
  const source = window.ManagedMediaSource ?? window.MediaSource;
  return source?.isTypeSupported('video/mp4; codecs="avc1.42E01E,mp4a.40.2"') ?? false;
}

/** Progressive WebTorrent playback needs its service worker, which browsers only run in secure contexts. */
export function webTorrentIsSupported(): boolean {
  return window.isSecureContext && 'serviceWorker' in navigator;
}

/** The tracker's refusal, or the usual cause of an unreachable one (a reverse proxy not passing WebSockets). */
export function trackerProblem(reason: unknown): string {
  const message = reason instanceof Error ? reason.message : String(reason);
  if (/not served by this instance|too many/.test(message)) return `the tracker refused: ${message}`;
  return `cannot reach the tracker (${message}); a reverse proxy must pass WebSocket upgrades of /tracker/socket`;
}
