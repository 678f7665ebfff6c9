import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { TrackerService } from './tracker.service.js';

/** HTTP announce and scrape (BitTorrent, bencoded); browsers use the WebSocket at /tracker/socket. */
@ApiExcludeController()
@Controller('tracker')
export class TrackerController {
  constructor(private readonly tracker: TrackerService) {}

  @Get('announce')
  announce(@Req() request: Request, @Res() response: Response): void {
    this.tracker.handleHttp(request, response, 'announce');
  }

  @Get('scrape')
  scrape(@Req() request: Request, @Res() response: Response): void {
    this.tracker.handleHttp(request, response, 'scrape');
  }
}
