import type { ServerConfig } from '../../../shared/models/server/server-config.model.js';
import type { VideoDetails, VideoFile } from '../../../shared/models/videos/video.model.js';
import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { P2pStats } from '../player/p2p-stats.js';
import {
  hlsIsSupported,
  webSocketTrackers,
  webTorrentIsSupported,
  type Player,
  type PlayerOptions,
} from '../player/player.js';
import { renderNotFound } from './not-found.js';

const STATS_REFRESH_MS = 500;
/** The WebTorrent player streams one MP4: the largest up to this height. */
const PREFERRED_MAX_HEIGHT = 720;

/**
 * The watch page (/w/{shortUUID}, /videos/watch/{uuid}) and the embed (/videos/embed/{uuid}). Query parameters:
 * `p2p=0` plays from the server only, `mode=webtorrent` plays the MP4 over WebTorrent instead of HLS.
 */
export async function renderWatch(root: HTMLElement, id: string, { embed }: { embed: boolean }): Promise<void> {
  let video: VideoDetails;
  let config: ServerConfig;
  try {
    [video, config] = await Promise.all([api.video(id), api.config()]);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400))
      return renderNotFound(root, 'This video does not exist.');
    if (error instanceof ApiError && (error.status === 401 || error.status === 403))
      return renderNotFound(root, 'This video is private.');
    throw error;
  }
  document.title = `${video.name} - ${config.instance.name}`;

  const element = h('video', {
    controls: true,
    playsinline: true,
    preload: 'auto',
    poster: video.previewPath ?? undefined,
  });
  const stats = new P2pStats();
  const playback = h('div', { class: 'player', 'data-playback': 'loading' }, element);
  trackPlayback(element, playback);

  root.replaceChildren(
    embed ? h('main', { class: 'embed' }, playback, stats.element) : watchLayout(video, playback, stats),
  );

  const params = new URLSearchParams(location.search);
  const options: PlayerOptions = {
    p2p: params.get('p2p') !== '0' && (embed ? config.defaults.p2p.embed.enabled : config.defaults.p2p.webapp.enabled),
    trackers: webSocketTrackers(video.trackerUrls),
    iceServers: config.webrtc.iceServers,
    stats,
  };
  const player = await startPlayer(element, video, options, params.get('mode'));
  const refresh = window.setInterval(() => stats.render(), STATS_REFRESH_MS);
  stats.render();
  window.addEventListener('pagehide', () => {
    window.clearInterval(refresh);
    player.destroy();
  });
  await element.play().catch(() => {
    // Autoplay with sound refused: start muted instead.
    element.muted = true;
    return element.play().catch(() => undefined);
  });
}

/**
 * HLS + P2P by default; the MP4 over WebTorrent when asked for or when HLS cannot play; plain HTTP otherwise.
 * The players are loaded on demand: they are most of the client's code.
 */
async function startPlayer(
  element: HTMLVideoElement,
  video: VideoDetails,
  options: PlayerOptions,
  mode: string | null,
): Promise<Player> {
  const playlist = video.streamingPlaylists[0];
  const mp4 = pickMp4(video.files);
  const webTorrentUsable = options.p2p && mp4?.torrentUrl && webTorrentIsSupported();
  if (webTorrentUsable && (mode === 'webtorrent' || !playlist || !hlsIsSupported())) {
    const { playWebTorrent } = await import('../player/webtorrent-player.js');
    return playWebTorrent(element, mp4, options);
  }
  if (playlist && hlsIsSupported()) {
    const { playHls } = await import('../player/hls-player.js');
    return playHls(element, playlist, options);
  }
  element.src = mp4?.fileUrl ?? playlist?.playlistUrl ?? '';
  return { destroy: () => element.removeAttribute('src') };
}

function pickMp4(files: VideoFile[]): VideoFile | undefined {
  const byHeight = [...files].sort((a, b) => b.resolution.id - a.resolution.id);
  return byHeight.find((file) => file.resolution.id <= PREFERRED_MAX_HEIGHT) ?? byHeight.at(-1);
}

/** `data-playback` on the player: loading, playing, waiting, paused, ended or error. */
function trackPlayback(element: HTMLVideoElement, container: HTMLElement): void {
  for (const state of ['playing', 'waiting', 'pause', 'ended', 'error'] as const) {
    element.addEventListener(state, () => (container.dataset.playback = state === 'pause' ? 'paused' : state));
  }
}

function watchLayout(video: VideoDetails, playback: HTMLElement, stats: P2pStats): HTMLElement {
  return h(
    'main',
    { class: 'page watch' },
    h('a', { href: '/', class: 'home-link' }, 'All videos'),
    playback,
    h('h1', {}, video.name),
    h('p', { class: 'channel' }, `${video.channel.displayName} · ${video.views} views`),
    stats.element,
    h('p', { class: 'description' }, video.description ?? ''),
  );
}
