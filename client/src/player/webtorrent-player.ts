import WebTorrent, { type Wire } from 'webtorrent/dist/webtorrent.min.js';
import type { VideoFile } from '../../../shared/models/videos/video.model.js';
import { trackerProblem, type Player, type PlayerOptions } from './player.js';

/** Waiting for data longer than this (or never starting within START_TIMEOUT_MS) switches to plain HTTP. */
const STALL_TIMEOUT_MS = 3000;
const START_TIMEOUT_MS = 10_000;

/**
 * An MP4 as a torrent: pieces come from other viewers (WebRTC, found through the instance's tracker) and from the
 * server as WebSeed, and are streamed into the <video> through WebTorrent's service worker. If playback stalls
 * anyway, the element switches to the file's plain HTTP URL; the torrent keeps downloading and seeding.
 */
export async function playWebTorrent(
  video: HTMLVideoElement,
  file: VideoFile,
  options: PlayerOptions,
): Promise<Player> {
  const { stats } = options;
  const registration = await activeServiceWorker();
  const client = new WebTorrent({ tracker: { rtcConfig: { iceServers: options.iceServers } } });
  client.createServer({ controller: registration });
  const torrent = client.add(file.torrentUrl!, { announce: options.trackers });
  stats.mode = 'webtorrent';

  const peerWires = new Set<Wire>();
  torrent.on('wire', (wire) => {
    const fromPeer = wire.type !== 'webSeed';
    if (fromPeer) peerWires.add(wire);
    stats.peers = peerWires.size;
    wire.on('download', (bytes) => stats.downloaded(bytes, fromPeer ? 'peer' : 'http'));
    wire.on('upload', (bytes) => (stats.uploadedBytes += bytes));
    wire.on('close', () => {
      peerWires.delete(wire);
      stats.peers = peerWires.size;
    });
  });
  torrent.on('ready', () => torrent.files[0].streamTo(video));
  torrent.on('warning', (warning) => {
    const message = warning instanceof Error ? warning.message : warning;
    if (/tracker|not served by|connecting to wss?:/i.test(message)) stats.p2pProblem = trackerProblem(message);
  });

  const fallBack = () => {
    if (stats.httpFallback) return;
    stats.httpFallback = true;
    const resumeAt = video.currentTime;
    video.src = file.fileUrl;
    video.currentTime = resumeAt;
    void video.play().catch(() => undefined);
  };
  const stopWatchdog = watchStalls(video, fallBack);
  return {
    destroy: () => {
      stopWatchdog();
      client.destroy();
    },
  };
}

async function activeServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.min.js', { scope: '/' });
  const registration = await navigator.serviceWorker.ready;
  const worker = registration.active!;
  if (worker.state !== 'activated') {
    await new Promise<void>((resolve) =>
      worker.addEventListener('statechange', () => worker.state === 'activated' && resolve()),
    );
  }
  // The worker claims the page once active; streamed URLs only reach it when it controls the page.
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  }
  return registration;
}

/** Calls onStall when the video waits for data too long, or has not started at all after START_TIMEOUT_MS. */
function watchStalls(video: HTMLVideoElement, onStall: () => void): () => void {
  let stallTimer: number | undefined;
  const startTimer = window.setTimeout(() => {
    if (video.readyState < HTMLMediaElement.HAVE_FUTURE_DATA) onStall();
  }, START_TIMEOUT_MS);
  const onWaiting = () => {
    window.clearTimeout(stallTimer);
    stallTimer = window.setTimeout(onStall, STALL_TIMEOUT_MS);
  };
  const onProgressing = () => window.clearTimeout(stallTimer);
  video.addEventListener('waiting', onWaiting);
  video.addEventListener('playing', onProgressing);
  video.addEventListener('timeupdate', onProgressing);
  return () => {
    window.clearTimeout(startTimer);
    window.clearTimeout(stallTimer);
    video.removeEventListener('waiting', onWaiting);
    video.removeEventListener('playing', onProgressing);
    video.removeEventListener('timeupdate', onProgressing);
  };
}
