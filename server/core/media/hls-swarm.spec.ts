import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../paths.js';
import { hlsSwarmInfoHashes, type HlsVariantSignature } from './hls-swarm.js';

interface P2pmlStreamUtils {
  generateStreamShortId(stream: {
    bitrate: number;
    codecs?: string;
    width?: number;
    height?: number;
    frameRate?: string;
  }): string;
  getStreamSwarmId(swarmId: string, stream: { type: 'main'; index: string }): string;
}
interface P2pmlPeerUtils {
  getStreamHash(streamSwarmId: string): string;
}

// The browser player's own functions (its package entry point only loads in a browser).
const library = path.join(PROJECT_ROOT, 'node_modules/p2p-media-loader-core/lib/utils');
const streams = (await import(path.join(library, 'stream.js'))) as P2pmlStreamUtils;
const peers = (await import(path.join(library, 'peer.js'))) as P2pmlPeerUtils;

/** The infohash the tracker receives from p2p-media-loader for a variant, as hls.js describes it to the library. */
function announcedInfoHash(swarmId: string, variant: HlsVariantSignature, videoCodec: string): string {
  const index = streams.generateStreamShortId({
    bitrate: variant.bandwidth,
    codecs: videoCodec,
    width: variant.width,
    height: variant.height,
    frameRate: variant.frameRate,
  });
  const announced = peers.getStreamHash(streams.getStreamSwarmId(swarmId, { type: 'main', index }));
  return Buffer.from(announced, 'latin1').toString('hex');
}

describe('hlsSwarmInfoHashes', () => {
  const swarmId = 'http://video.example:9000/static/streaming-playlists/hls/0b7a/master.m3u8';
  const variants: HlsVariantSignature[] = [
    { bandwidth: 412_345, codecs: 'avc1.64001e,mp4a.40.2', width: 426, height: 240, frameRate: '30.000' },
    { bandwidth: 2_845_001, codecs: 'avc1.640028,mp4a.40.2', width: 1280, height: 720, frameRate: '29.970' },
  ];

  it('matches what p2p-media-loader announces for each variant', () => {
    expect(hlsSwarmInfoHashes(swarmId, variants)).toEqual([
      announcedInfoHash(swarmId, variants[0], 'avc1.64001e'),
      announcedInfoHash(swarmId, variants[1], 'avc1.640028'),
    ]);
  });

  it('gives 40 hex digits per variant, different per variant and per swarm', () => {
    const [low, high] = hlsSwarmInfoHashes(swarmId, variants);
    expect(low).toMatch(/^[0-9a-f]{40}$/);
    expect(high).not.toBe(low);
    expect(hlsSwarmInfoHashes(`${swarmId}?other`, variants)[0]).not.toBe(low);
  });
});
