import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommonErrorCode, DomainError } from '../../core/errors/domain-error.js';
import { CLIENT_INDEX_HTML, clientIsBuilt } from './client-files.js';

/**
 * The web client's page: every client route answers it (the client reads the route from its location). Also sent
 * by server/federation for the URLs that are ActivityPub documents to servers and pages to people.
 */
export function sendClientPage(response: Response): void {
  if (!clientIsBuilt()) {
    throw new DomainError(
      CommonErrorCode.ServiceUnavailable,
      HttpStatus.SERVICE_UNAVAILABLE,
      'The web client is not built: run `npm run build`.',
    );
  }
  response.sendFile(CLIENT_INDEX_HTML, { headers: { 'Cache-Control': 'no-cache' } });
}

/**
 * The client's own routes (client/src/main.ts): home, short watch URLs, embed, account and channel pages. The
 * ActivityPub URLs (`/videos/watch/{uuid}`, `/accounts/{name}`, `/video-channels/{name}`) are server/federation's.
 */
@ApiExcludeController()
@Controller()
export class ClientPagesController {
  @Get(['/', 'w/:id', 'videos/embed/:id', 'a/:name', 'c/:name'])
  page(@Res() response: Response): void {
    sendClientPage(response);
  }
}
