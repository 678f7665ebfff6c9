// The alphabet of the `short-uuid` package's default translator, which PeerTube uses for shortUUID.
const FLICKR_BASE58 = '123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
const BASE = BigInt(FLICKR_BASE58.length);

/** The 22-character shortUUID PeerTube derives from a video's UUID (base58 of its 128 bits). */
export function toShortUuid(uuid: string): string {
  let value = BigInt(`0x${uuid.replace(/-/g, '')}`);
  let result = '';
  while (value > 0n) {
    result = FLICKR_BASE58[Number(value % BASE)] + result;
    value /= BASE;
  }
  return result.padStart(22, FLICKR_BASE58[0]);
}

export function fromShortUuid(shortUuid: string): string | undefined {
  let value = 0n;
  for (const char of shortUuid) {
    const digit = FLICKR_BASE58.indexOf(char);
    if (digit === -1) return undefined;
    value = value * BASE + BigInt(digit);
  }
  const hex = value.toString(16).padStart(32, '0');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
