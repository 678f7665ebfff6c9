import type { Json } from '../fixtures/peertube/peertube-fixtures.js';

/**
 * Where `actual` differs in shape from `expected` (a PeerTube document, test/fixtures/peertube/): a key of `expected` missing from `actual`
 * (unless listed in `optional`, as `$.playlists`), or a value of another JSON type. A null in `expected` accepts a
 * string too (optional texts). In arrays of objects each expected element must match an actual element of the same
 * `type` (and `mediaType`, `rel` when present); a text or number of an array needs one of that type there, unless the array is empty.
 * Values themselves are not compared.
 */
export function shapeMismatches(actual: unknown, expected: Json, optional: string[] = [], at = '$'): string[] {
  if (expected === null)
    return actual === null || typeof actual === 'string' ? [] : [`${at}: expected null or a string`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${at}: expected an array`];
    return expected.flatMap((item, index) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        const matched = actual.length === 0 || actual.some((candidate) => typeof candidate === typeof item);
        return matched ? [] : [`${at}[${index}]: no ${typeof item} among ${JSON.stringify(actual)}`];
      }
      const match = actual.find((candidate) => sameKind(candidate, item));
      if (match === undefined) return [`${at}: no element like ${JSON.stringify(kindOf(item))}`];
      return shapeMismatches(match, item, optional, `${at}[${index}]`);
    });
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${at}: expected an object`];
    const record = actual as Record<string, unknown>;
    return Object.entries(expected).flatMap(([key, value]) => {
      const keyPath = `${at}.${key}`;
      if (!(key in record)) return optional.includes(keyPath) ? [] : [`${keyPath}: missing`];
      return shapeMismatches(record[key], value, optional, keyPath);
    });
  }
  return typeof actual === typeof expected
    ? []
    : [`${at}: expected a ${typeof expected}, got ${JSON.stringify(actual)}`];
}

function kindOf(item: { [key: string]: Json }): Record<string, Json> {
  const kind: Record<string, Json> = {};
  for (const key of ['type', 'mediaType', 'rel']) if (key in item) kind[key] = item[key];
  return kind;
}

function sameKind(candidate: unknown, item: { [key: string]: Json }): boolean {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const record = candidate as Record<string, unknown>;
  return Object.entries(kindOf(item)).every(([key, value]) => JSON.stringify(record[key]) === JSON.stringify(value));
}
