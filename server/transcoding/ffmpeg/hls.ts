import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HlsVariantSignature } from '../../core/media/hls-swarm.js';

export interface MasterPlaylistEntry {
  /** URI of the media playlist, relative to the master playlist. */
  playlistUri: string;
  /** Peak segment bit rate, bits/s. */
  bandwidth: number;
  /** Bit rate over the whole variant, bits/s. */
  averageBandwidth?: number;
  /** 0 for an audio-only variant, like fps. */
  width: number;
  height: number;
  fps: number;
  /** RFC 6381 codecs, e.g. `avc1.64001f,mp4a.40.2`. */
  codecs: string;
}

/** A media segment of a single-file HLS playlist: a byte range of the fragmented MP4 named by `uri`. */
export interface ByteRangeSegment {
  uri: string;
  durationSeconds: number;
  offset: number;
  length: number;
}

export interface VariantFiles {
  playlistPath: string;
  fragmentedPath: string;
}

/** PeerTube's segments-sha256 JSON: fragmented file base name -> `${first}-${last}` byte -> SHA-256 hex. */
export type SegmentsSha256 = Record<string, Record<string, string>>;

/** The master playlist listing each variant. Clients start with the first entry. */
export function buildMasterPlaylist(entries: MasterPlaylistEntry[]): string {
  // Every segment starts with an IDR frame (closed GOPs, one per segment), hence INDEPENDENT-SEGMENTS.
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const entry of entries) {
    const attributes = [`BANDWIDTH=${Math.round(entry.bandwidth)}`];
    if (entry.averageBandwidth) attributes.push(`AVERAGE-BANDWIDTH=${Math.round(entry.averageBandwidth)}`);
    if (entry.width > 0 && entry.height > 0) attributes.push(`RESOLUTION=${entry.width}x${entry.height}`);
    if (entry.fps > 0) attributes.push(`FRAME-RATE=${entry.fps.toFixed(3)}`);
    attributes.push(`CODECS="${entry.codecs}"`);
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, entry.playlistUri);
  }
  return `${lines.join('\n')}\n`;
}

/** The variants of a master playlist, as a player reads their `#EXT-X-STREAM-INF` attributes. */
export function parseMasterPlaylist(playlist: string): HlsVariantSignature[] {
  return playlist
    .split(/\r?\n/)
    .filter((line) => line.startsWith('#EXT-X-STREAM-INF:'))
    .map((line) => {
      const attributes = parseAttributes(line.slice('#EXT-X-STREAM-INF:'.length));
      const [width, height] = (attributes.get('RESOLUTION') ?? '0x0').split('x').map(Number);
      return {
        bandwidth: Number(attributes.get('BANDWIDTH') ?? 0),
        codecs: attributes.get('CODECS') ?? '',
        width,
        height,
        frameRate: attributes.get('FRAME-RATE'),
      };
    });
}

/** `KEY=value,KEY="quoted, value"` attribute lists (RFC 8216 section 4.2). */
function parseAttributes(list: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, key, quoted, plain] of list.matchAll(/([A-Z0-9-]+)=(?:"([^"]*)"|([^,]*))/g)) {
    attributes.set(key, quoted ?? plain);
  }
  return attributes;
}

/** Reads the segments of a media playlist whose segments are all byte ranges (`-hls_flags single_file`). */
export function parseByteRangeSegments(playlist: string): ByteRangeSegment[] {
  const segments: ByteRangeSegment[] = [];
  let durationSeconds = 0;
  let range: { offset: number; length: number } | undefined;
  let nextOffset = 0;
  for (const line of playlist.split(/\r?\n/).map((text) => text.trim())) {
    if (line.startsWith('#EXTINF:')) {
      durationSeconds = Number.parseFloat(line.slice('#EXTINF:'.length));
    } else if (line.startsWith('#EXT-X-BYTERANGE:')) {
      // `length[@offset]`; without an offset the range follows the previous segment's.
      const [length, offset] = line.slice('#EXT-X-BYTERANGE:'.length).split('@');
      range = { length: parseByteCount(length), offset: offset === undefined ? nextOffset : parseByteCount(offset) };
      if (range.length === 0) throw new Error('empty EXT-X-BYTERANGE');
    } else if (line !== '' && !line.startsWith('#')) {
      if (!range) throw new Error(`HLS segment ${line} has no EXT-X-BYTERANGE`);
      segments.push({ uri: line, durationSeconds, ...range });
      nextOffset = range.offset + range.length;
      range = undefined;
    }
  }
  return segments;
}

/** The peak segment bit rate (BANDWIDTH) and the average one (AVERAGE-BANDWIDTH), bits/s. */
export function measureBandwidth(segments: ByteRangeSegment[]): { peak: number; average: number } {
  const timed = segments.filter((segment) => segment.durationSeconds > 0);
  const target = Math.max(0, ...timed.map((segment) => segment.durationSeconds));
  // A short last segment is mostly one keyframe; its rate would overstate the stream's peak.
  const measured = timed.filter((segment, index) => index < timed.length - 1 || segment.durationSeconds >= target / 2);
  const bytes = timed.reduce((sum, segment) => sum + segment.length, 0);
  const seconds = timed.reduce((sum, segment) => sum + segment.durationSeconds, 0);
  return {
    peak: Math.round(Math.max(0, ...measured.map((segment) => (segment.length * 8) / segment.durationSeconds))),
    average: seconds > 0 ? Math.round((bytes * 8) / seconds) : 0,
  };
}

/**
 * Hashes every segment of each variant, as PeerTube's player checks them when it fetches segments from peers.
 * Segments are streamed from disk, never read whole.
 */
export async function computeSegmentsSha256(variants: VariantFiles[]): Promise<SegmentsSha256> {
  const result: SegmentsSha256 = {};
  for (const { playlistPath, fragmentedPath } of variants) {
    const name = path.basename(fragmentedPath);
    const segments = parseByteRangeSegments(await readFile(playlistPath, 'utf8'));
    const foreign = segments.find((segment) => segment.uri !== name);
    if (foreign) throw new Error(`${playlistPath} refers to ${foreign.uri}, not ${name}`);
    result[name] = await hashRanges(fragmentedPath, segments);
  }
  return result;
}

async function hashRanges(filePath: string, segments: ByteRangeSegment[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const { offset, length } of segments) {
    const last = offset + length - 1;
    const hash = createHash('sha256');
    let read = 0;
    // One stream per segment: streams over a shared FileHandle each leave a listener on it.
    for await (const chunk of createReadStream(filePath, { start: offset, end: last })) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
    }
    if (read !== length) throw new Error(`${filePath} ends inside the byte range ${offset}-${last}`);
    hashes[`${offset}-${last}`] = hash.digest('hex');
  }
  return hashes;
}

function parseByteCount(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new Error(`invalid EXT-X-BYTERANGE value ${text}`);
  return value;
}
