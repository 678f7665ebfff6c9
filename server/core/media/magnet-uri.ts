import { encode as encodeMagnetUri } from 'magnet-uri';

export interface MagnetInput {
  infoHash: string;
  name: string;
  announceUrls: string[];
  /** BEP 19 WebSeed: the file's HTTP URL, so a client with no peers still gets it. */
  webSeedUrl: string;
  /** Exact source (`xs=`): where the .torrent can be fetched, so clients get the metadata without a peer. */
  torrentUrl: string;
}

const INFO_HASH = /^[0-9a-f]{40}$/i;

/** A magnet URI carrying the trackers, the WebSeed (`ws=`) and the torrent URL (`xs=`), as PeerTube builds them. */
export function buildMagnetUri(input: MagnetInput): string {
  if (!INFO_HASH.test(input.infoHash)) throw new Error(`invalid infohash: ${input.infoHash}`);
  return encodeMagnetUri({
    infoHash: input.infoHash.toLowerCase(),
    name: input.name,
    announce: input.announceUrls,
    urlList: [input.webSeedUrl],
    xs: input.torrentUrl,
  });
}
