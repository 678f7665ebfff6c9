import Hls from 'hls.js';
import { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';
import type { VideoStreamingPlaylist } from '../../../shared/models/videos/video.model.js';
import { trackerProblem, type Player, type PlayerOptions } from './player.js';
import { SegmentValidator } from './segment-validator.js';

/**
 * Segments due within this many seconds of the playhead come from the server if no peer delivered them yet, so a
 * missing or slow peer never stalls playback; later segments are fetched from peers.
 */
const HIGH_DEMAND_SECONDS = 8;
/**
 * hls.js buffers this far ahead (its default is 30 s): segments are fetched from peers well before they are due,
 * and each viewer holds more of the video to share.
 */
const BUFFER_AHEAD_SECONDS = 60;
/** A peer that sends nothing for this long loses the segment to the server. */
const PEER_SILENCE_TIMEOUT_MS = 1500;

/**
 * HLS with hls.js, segments shared between viewers by p2p-media-loader through the instance's tracker. The swarm
 * id is the master playlist's URL on the instance's own route, as the server computes the infohashes its tracker accepts
 * (server/core/media/hls-swarm.ts); segments from peers are checked against the segments SHA-256 file.
 */
export function playHls(video: HTMLVideoElement, playlist: VideoStreamingPlaylist, options: PlayerOptions): Player {
  const { stats } = options;
  const validator = new SegmentValidator(playlist.segmentsSha256Url);
  const HlsWithP2P = HlsJsP2PEngine.injectMixin(Hls);
  const hls = new HlsWithP2P({
    maxBufferLength: BUFFER_AHEAD_SECONDS,
    p2p: {
      core: {
        swarmId: playlist.swarmId,
        announceTrackers: options.trackers,
        rtcConfig: { iceServers: options.iceServers },
        isP2PDisabled: !options.p2p,
        highDemandTimeWindow: HIGH_DEMAND_SECONDS,
        p2pNotReceivingBytesTimeoutMs: PEER_SILENCE_TIMEOUT_MS,
        validateP2PSegment: (url, byteRange, data) => validator.isValid(url, byteRange, data),
      },
      onHlsJsCreated: (instance) => {
        const engine = instance.p2pEngine;
        engine.addEventListener('onChunkDownloaded', (bytes, source) =>
          stats.downloaded(bytes, source === 'p2p' ? 'peer' : 'http'),
        );
        engine.addEventListener('onChunkUploaded', (bytes) => (stats.uploadedBytes += bytes));
        engine.addEventListener('onPeerConnect', () => stats.peers++);
        engine.addEventListener('onPeerClose', () => (stats.peers = Math.max(0, stats.peers - 1)));
        engine.addEventListener('onSegmentError', ({ error }) => {
          if (error.type === 'p2p-segment-validation-failed') stats.rejectedSegments++;
        });
        engine.addEventListener('onTrackerError', ({ error }) => (stats.p2pProblem = trackerProblem(error)));
        engine.addEventListener('onTrackerWarning', ({ warning }) => (stats.p2pProblem = trackerProblem(warning)));
      },
    },
  });
  stats.mode = options.p2p ? 'hls-p2p' : 'http';
  hls.on(Hls.Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    // hls.js's own recoveries: reload after a network error, rebuild the buffer after a decoding one.
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR) hls.startLoad();
    else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) hls.recoverMediaError();
  });
  hls.attachMedia(video);
  hls.loadSource(playlist.playlistUrl);
  return { destroy: () => hls.destroy() };
}
