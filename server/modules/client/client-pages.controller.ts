import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CommonErrorCode, DomainError } from '../../core/errors/domain-error.js';
import { CLIENT_INDEX_HTML, clientIsBuilt } from './client-files.js';

/**
 * The web client's routes (client/src/main.ts): the home page, the watch page at PeerTube's URLs and the embed.
 * Each answers the same page, which reads the route from its location.
 */
@ApiExcludeController()
@Controller()
export class ClientPagesController {
  @Get(['/', 'w/:id', 'videos/watch/:id', 'videos/embed/:id'])
  page(@Res() response: Response): void {
    if (!clientIsBuilt()) {
      throw new DomainError(
        CommonErrorCode.ServiceUnavailable,
        HttpStatus.SERVICE_UNAVAILABLE,
        'The web client is not built: run `npm run build`.',
      );
    }
    response.sendFile(CLIENT_INDEX_HTML, { headers: { 'Cache-Control': 'no-cache' } });
  }
}
