import type { ByteRange } from '../storage/file-store.js';

/**
 * The one range a `Range` header asks of a file of `size` bytes (RFC 9110 14.1.2): `bytes=a-b`, `bytes=a-` or
 * `bytes=-n`, clipped to the file. `undefined`: no header, or one this server ignores (other units, several
 * ranges), so the whole file is sent, as the RFC allows. `unsatisfiable`: no byte of the file is in the range.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}
