import { formatBytes, h } from '../dom.js';

export type PlaybackMode = 'hls-p2p' | 'webtorrent' | 'http';
export type ByteSource = 'peer' | 'http';

/**
 * What the player got from whom, shown under the video and exposed as data attributes of `.p2p-stats` (the
 * browser end-to-end test reads them).
 */
export class P2pStats {
  mode: PlaybackMode = 'http';
  peerBytes = 0;
  httpBytes = 0;
  uploadedBytes = 0;
  peers = 0;
  /** Segments from peers that failed their SHA-256 check and were fetched again. */
  rejectedSegments = 0;
  /** True once the player gave up on peers and plays straight from the server. */
  httpFallback = false;
  /** Why peers cannot be reached (the tracker refused or is unreachable), shown instead of failing silently. */
  p2pProblem: string | undefined;
  readonly element = h('dl', { class: 'p2p-stats' });

  downloaded(bytes: number, source: ByteSource): void {
    if (source === 'peer') this.peerBytes += bytes;
    else this.httpBytes += bytes;
  }

  render(): void {
    const total = this.peerBytes + this.httpBytes;
    const share = total === 0 ? 0 : Math.round((this.peerBytes / total) * 100);
    const rows: [string, string][] = [
      ['Delivery', this.describeMode()],
      ['Peers', String(this.peers)],
      ['From peers', `${formatBytes(this.peerBytes)} (${share}%)`],
      ['From the server', formatBytes(this.httpBytes)],
      ['Shared with others', formatBytes(this.uploadedBytes)],
    ];
    if (this.rejectedSegments > 0) rows.push(['Rejected from peers', `${this.rejectedSegments} segments`]);
    if (this.p2pProblem) rows.push(['Peer-to-peer unavailable', this.p2pProblem]);
    this.element.replaceChildren(...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
    const data = this.element.dataset;
    data.mode = this.mode;
    data.peerBytes = String(this.peerBytes);
    data.httpBytes = String(this.httpBytes);
    data.uploadedBytes = String(this.uploadedBytes);
    data.peers = String(this.peers);
    data.rejectedSegments = String(this.rejectedSegments);
    data.httpFallback = String(this.httpFallback);
    if (this.p2pProblem) data.p2pProblem = this.p2pProblem;
    else delete data.p2pProblem;
  }

  private describeMode(): string {
    if (this.httpFallback) return 'from the server (peers too slow)';
    if (this.mode === 'hls-p2p') return 'HLS, peer-to-peer';
    if (this.mode === 'webtorrent') return 'WebTorrent, peer-to-peer';
    return 'from the server';
  }
}
