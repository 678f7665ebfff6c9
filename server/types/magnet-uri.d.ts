// The parts of magnet-uri 7 that Shoal uses; the package ships no types.
declare module 'magnet-uri' {
  /** Convenience names for the spec's keys: infoHash (xt), name (dn), announce (tr), urlList (ws). */
  export interface MagnetUriInput {
    infoHash?: string;
    name?: string;
    announce?: string[];
    urlList?: string[];
    /** Exact source: the URL of the .torrent file. */
    xs?: string | string[];
  }

  export interface DecodedMagnetUri {
    xt?: string | string[];
    dn?: string | string[];
    tr?: string | string[];
    ws?: string | string[];
    xs?: string | string[];
    infoHash?: string;
    infoHashBuffer?: Uint8Array;
    name?: string | string[];
    /** Every `tr`, deduplicated. */
    announce: string[];
    /** Every `ws` and `as`, deduplicated. */
    urlList: string[];
    peerAddresses: string[];
  }

  export function decode(uri: string): DecodedMagnetUri;
  export function encode(input: MagnetUriInput): string;
  export default decode;
}
