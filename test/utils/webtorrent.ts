import WebTorrent, { type Torrent } from 'webtorrent';

/**
 * A Node WebTorrent client that can only reach what a torrent names: no DHT, no local discovery, no UPnP or
 * NAT-PMP, no uTP or peer exchange, and no STUN servers for WebRTC.
 */
export function createOfflineClient(): WebTorrent {
  return new WebTorrent({
    dht: false,
    lsd: false,
    natUpnp: false,
    natPmp: false,
    utp: false,
    utPex: false,
    tracker: { rtcConfig: { iceServers: [] } },
  });
}

export function destroyClient(client: WebTorrent | undefined): Promise<void> {
  if (!client || client.destroyed) return Promise.resolve();
  return new Promise((resolve) => client.destroy(() => resolve()));
}

/** Resolves when the torrent has every piece; rejects on error or after `timeoutMs` with the progress made. */
export function waitForDone(torrent: Torrent, timeoutMs: number): Promise<void> {
  if (torrent.done) return Promise.resolve();
  const warnings: string[] = [];
  torrent.on('warning', (warning) => warnings.push(String(warning)));
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      const progress = `${torrent.downloaded}/${torrent.length || '?'} bytes`;
      reject(new Error(`download not done after ${timeoutMs} ms (${progress}); warnings: ${warnings.join('; ')}`));
    }, timeoutMs);
    torrent.once('done', () => {
      clearTimeout(timer);
      resolve();
    });
    torrent.once('error', (error) => {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(error));
    });
  });
}
