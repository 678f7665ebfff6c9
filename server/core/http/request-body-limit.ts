import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, type Readable, type Writable } from 'node:stream';

// What still arrives after the answer to a cut body is dropped for this long, so that the client reads the answer
// (closing a socket with unread input resets the connection, which can lose the answer), then the socket is closed.
const LINGER_MS = 2000;

/** How many bytes a request body may have, and the error that refuses one with more. */
export interface BodyLimit {
  bytes: number;
  error: () => Error;
}

export class BodyLimitExceeded extends Error {
  constructor(readonly limit: number) {
    super(`The body is longer than ${limit} bytes`);
    this.name = 'BodyLimitExceeded';
  }
}

const limits = new WeakMap<IncomingMessage, BodyLimit>();

/** Sets the limit that `feedWithinLimit` applies to this request's body. */
export function setBodyLimit(request: IncomingMessage, limit: BodyLimit): void {
  limits.set(request, limit);
}

export function bodyLimitOf(request: IncomingMessage): BodyLimit | undefined {
  return limits.get(request);
}

/**
 * Yields the body's chunks as they arrive, whatever the transfer encoding. Once more than `limit` bytes came it
 * throws BodyLimitExceeded without yielding the chunk that went past, and leaves the body undestroyed, so the
 * caller can still answer (see `abandonRequestBody`).
 */
export async function* readWithinLimit(body: Readable, limit: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limit) throw new BodyLimitExceeded(limit);
    yield chunk;
  }
}

/**
 * Stops using a request body that will not be stored: what still arrives is dropped while the answer is written,
 * and the connection is closed shortly after the answer unless the body ends first.
 */
export function abandonRequestBody(request: IncomingMessage): void {
  if (request.complete) return;
  request.unpipe();
  request.resume();
  const response = (request as IncomingMessage & { res?: ServerResponse }).res;
  // On a `Connection: close` request Node destroys the socket as soon as the answer is written, with the body's
  // unread bytes still arriving: the reset can reach the client before it reads the answer. Kept alive, the
  // socket stays open for the linger below and is closed by it (or by the client, once its body is sent).
  if (response && !response.headersSent) response.shouldKeepAlive = true;
  const closeSoon = () => {
    if (request.complete) return;
    const timer = setTimeout(() => request.socket.destroy(), LINGER_MS).unref();
    request.once('end', () => clearTimeout(timer));
  };
  if (!response || response.writableFinished) closeSoon();
  else response.once('finish', closeSoon);
}

/**
 * A multer `streamHandler`: feeds the request body to the multipart parser while counting its bytes. Past the
 * request's limit, the excess is never handed to the parser, the body is abandoned and the parser fails with the
 * limit's error (multer then removes what it stored and reports that error).
 */
export function feedWithinLimit(request: IncomingMessage, parser: Writable): void {
  const limit = bodyLimitOf(request);
  if (!limit) {
    request.pipe(parser);
    return;
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received <= limit.bytes) {
        callback(null, chunk);
        return;
      }
      callback();
      request.unpipe(counter);
      counter.unpipe(parser);
      abandonRequestBody(request);
      // multer waits for the end of a readable body before it reports an error; this one is not read any more.
      request.readable = false;
      parser.destroy(limit.error());
    },
  });
  request.pipe(counter).pipe(parser);
}
