import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';

/**
 * Refuses, in one place, the two kinds of text no handler can use: percent-encoding that does not decode to
 * UTF-8 (decodeURIComponent throws deep inside a handler) and NUL characters (PostgreSQL refuses them in text,
 * failing the query). Both used to surface as 500s (audit #12); they are 400 malformed_request here.
 */

const malformed = (detail: string): DomainError =>
  new DomainError(CommonErrorCode.MalformedRequest, HttpStatus.BAD_REQUEST, detail);

/** decodeURIComponent, with undefined instead of a URIError for sequences that are not UTF-8. */
export const decodePercentEncoded = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/** Paths whose query strings carry raw bytes by protocol (BitTorrent infohashes and peer ids). */
const BINARY_QUERY_PATHS = ['/tracker/'];

/** Express middleware: the request line's path and query must decode to text without NUL. */
export function refuseHostileUrls() {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const url = request.url;
    const queryStart = url.indexOf('?');
    const path = queryStart === -1 ? url : url.slice(0, queryStart);
    const decodedPath = decodePercentEncoded(path);
    if (decodedPath === undefined) return next(malformed('The path has a malformed percent-encoded sequence.'));
    if (decodedPath.includes('\0')) return next(malformed('The path contains a NUL character.'));
    if (queryStart === -1 || BINARY_QUERY_PATHS.some((prefix) => path.startsWith(prefix))) return next();
    for (const part of url.slice(queryStart + 1).split('&')) {
      const decoded = decodePercentEncoded(part.replace(/\+/g, ' '));
      if (decoded === undefined) return next(malformed('The query has a malformed percent-encoded sequence.'));
      if (decoded.includes('\0')) return next(malformed('The query contains a NUL character.'));
    }
    next();
  };
}

/** The dotted path of the first string (value or key) in `value` that holds a NUL character, if any. */
export function findNulCharacter(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path || 'value' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes('\0')) return itemPath;
    const found = findNulCharacter(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

export const nulCharacterIn = (name: string): DomainError =>
  malformed(`The request contains a NUL character (in ${name}).`);
