import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

type SegmentsSha256 = Record<string, Record<string, string>>;

/**
 * Checks segments received from peers against the playlist's segments SHA-256 JSON (fragmented file name ->
 * `first-last` byte range -> SHA-256), which comes from the instance over HTTP. Pure JavaScript hashing: WebCrypto is
 * missing outside secure contexts.
 */
export class SegmentValidator {
  private table?: Promise<SegmentsSha256>;

  constructor(private readonly sha256Url: string) {}

  async isValid(
    segmentUrl: string,
    byteRange: { start: number; end: number } | undefined,
    data: ArrayBuffer,
  ): Promise<boolean> {
    if (!byteRange) return false;
    // hls.js hands over absolute URLs.
    const fileName = decodeURIComponent(new URL(segmentUrl).pathname.split('/').pop() ?? '');
    // Without the hashes nothing from peers is trusted; the segment is fetched from the server instead.
    const table = await this.load().catch(() => undefined);
    const expected = table?.[fileName]?.[`${byteRange.start}-${byteRange.end}`];
    return expected !== undefined && bytesToHex(sha256(new Uint8Array(data))) === expected;
  }

  private load(): Promise<SegmentsSha256> {
    this.table ??= fetch(this.sha256Url).then(async (response) => {
      if (!response.ok) throw new Error(`${this.sha256Url} answered ${response.status}`);
      return (await response.json()) as SegmentsSha256;
    });
    // A failed fetch is tried again with the next segment.
    this.table.catch(() => (this.table = undefined));
    return this.table;
  }
}
