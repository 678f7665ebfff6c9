import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import serveStatic from 'serve-static';
import { CLIENT_DIST_DIR, CLIENT_URL_PREFIX } from './client-files.js';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

/**
 * The built client's files under /client/ (content-hashed assets are cached for good), and WebTorrent's service
 * worker at /sw.min.js: a worker's scope is the folder it is served from, and it must control the whole site.
 */
@Injectable()
export class ClientFilesMiddleware implements NestMiddleware {
  private readonly serve = serveStatic(CLIENT_DIST_DIR, {
    index: false,
    fallthrough: false,
    setHeaders: (response: ServerResponse, filePath: string) => {
      const immutable = filePath.startsWith(path.join(CLIENT_DIST_DIR, 'assets'));
      response.setHeader('Cache-Control', immutable ? `public, max-age=${ONE_YEAR_SECONDS}, immutable` : 'no-cache');
      if (path.basename(filePath) === 'sw.min.js') response.setHeader('Service-Worker-Allowed', '/');
    },
  });

  /** serve-static's errors (404 included) go to the problem+json filter. */
  use(request: Request, response: Response, next: NextFunction): void {
    const { pathname } = new URL(request.originalUrl, 'http://client');
    if (pathname === '/sw.min.js') request.url = '/sw.min.js';
    else if (pathname.startsWith(`${CLIENT_URL_PREFIX}/`))
      request.url = request.originalUrl.slice(CLIENT_URL_PREFIX.length);
    else return next();
    this.serve(request, response, next);
  }
}
