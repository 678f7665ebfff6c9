import type { Response } from 'express';

/** What Shoal answers ActivityPub documents with. */
export const ACTIVITY_JSON_CONTENT_TYPE = 'application/activity+json; charset=utf-8';

/**
 * Whether a request asks for ActivityPub JSON (`application/activity+json`, or `application/ld+json` with the
 * ActivityStreams profile, or any `application/ld+json`) rather than a web page.
 */
export function acceptsActivityPub(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept
    .split(',')
    .map((range) => range.split(';')[0].trim().toLowerCase())
    .some((type) => type === 'application/activity+json' || type === 'application/ld+json');
}

/** Sends an ActivityPub document with its content type. */
export function sendActivityJson(response: Response, document: object): void {
  response.setHeader('Content-Type', ACTIVITY_JSON_CONTENT_TYPE);
  response.send(JSON.stringify(document));
}
