/** The Content-Type of each kind of file the store holds, by extension; what players and clients expect. */
const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.torrent': 'application/x-bittorrent',
  '.json': 'application/json',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.vtt': 'text/vtt; charset=utf-8',
};

export function contentTypeOf(name: string): string | undefined {
  const extension = /\.[a-z0-9]+$/.exec(name)?.[0];
  return extension ? CONTENT_TYPES[extension] : undefined;
}
