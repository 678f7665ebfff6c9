import { createHash } from 'node:crypto';

/** What a player reads of one `#EXT-X-STREAM-INF` variant of a master playlist. */
export interface HlsVariantSignature {
  /** BANDWIDTH, bits/s. */
  bandwidth: number;
  /** CODECS as written, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs: string;
  /** RESOLUTION; 0 when absent (audio-only variants). */
  width: number;
  height: number;
  /** FRAME-RATE as written, e.g. `30.000`; undefined when absent. */
  frameRate?: string;
}

// p2p-media-loader 2.x (the browser player's P2P engine) names each variant's swarm
// `v2-${swarmId}-main-${streamShortId}` and announces the first 15 bytes of its SHA-1, base64-encoded: 20 ASCII
// characters the tracker reads as the infohash. The tracker can only check such infohashes against a list computed
// here the same way; server/core/media/hls-swarm.spec.ts checks this against the library's own functions.
const PEER_PROTOCOL_VERSION = 'v2';

/** The tracker infohashes (hex) of the P2P swarms of an HLS master playlist, one per variant. */
export function hlsSwarmInfoHashes(swarmId: string, variants: HlsVariantSignature[]): string[] {
  return variants.map((variant) => {
    const streamSwarmId = `${PEER_PROTOCOL_VERSION}-${swarmId}-main-${streamShortId(variant)}`;
    const announced = sha1(streamSwarmId).subarray(0, 15).toString('base64');
    return Buffer.from(announced, 'latin1').toString('hex');
  });
}

function streamShortId(variant: HlsVariantSignature): string {
  // hls.js reports the video codec of CODECS; the library joins the lowercased codecs, in sorted order.
  const videoCodec = variant.codecs
    .split(',')
    .map((codec) => codec.trim().toLowerCase())
    .filter((codec) => /^(avc[1-4]|hvc1|hev1|av01|vp0?9|vp08)/.test(codec))
    .sort()
    .join(',');
  const frameRate =
    variant.frameRate && !Number.isNaN(Number(variant.frameRate)) ? String(Number(variant.frameRate)) : '';
  // bitrate-codecs-width-height-language-channels-name-frameRate-videoRange
  const [width, height] = variant.width > 0 ? [variant.width, variant.height] : ['', ''];
  const signature = `${variant.bandwidth}-${videoCodec}-${width}-${height}----${frameRate}-`;
  return sha1(signature).toString('base64');
}

function sha1(text: string): Buffer {
  return createHash('sha1').update(text, 'utf8').digest();
}
