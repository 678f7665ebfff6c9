import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { runWithContext } from '../logging/request-context.js';

export const CORRELATION_HEADER = 'X-Request-Id';
// Accept a caller's id (a reverse proxy's) only when it cannot pollute the logs.
const ACCEPTED_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives each request a correlation id (the caller's X-Request-Id if sane), returns it in the response header,
 * binds it to every log line written while handling the request, and logs one line per response.
 */
export function correlationMiddleware(logger: Logger) {
  const log = logger.child({ component: 'http' });
  return (request: Request, response: Response, next: NextFunction): void => {
    const incoming = request.header(CORRELATION_HEADER);
    const correlationId = incoming && ACCEPTED_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader(CORRELATION_HEADER, correlationId);
    const started = process.hrtime.bigint();
    runWithContext({ correlationId }, () => {
      response.on('finish', () => {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        log.info(
          { method: request.method, url: request.originalUrl, status: response.statusCode, durationMs, ip: request.ip },
          'request',
        );
      });
      next();
    });
  };
}
