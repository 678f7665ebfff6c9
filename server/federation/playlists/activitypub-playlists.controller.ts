import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ParseIdPipe } from '../../core/http/integers.js';
import { sendClientPage } from '../../modules/client/client-pages.controller.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { acceptsActivityPub, sendActivityJson } from '../activitypub/content-negotiation.js';
import { collectionPagePipe } from '../collections/ordered-collection.js';
import { PlaylistDocumentsService } from './playlist-documents.service.js';

/**
 * `/video-playlists/{uuid}`: a playlist's ActivityPub id, the Playlist object (paged with `?page=`) for servers and
 * the web page for people; `/video-playlists/{uuid}/videos/{id}` are its elements' ids.
 */
@ApiExcludeController()
@Controller()
export class ActivityPubPlaylistsController {
  constructor(private readonly documents: PlaylistDocumentsService) {}

  @Get('video-playlists/:id')
  async playlist(
    @Param('id') id: string,
    @Query('page', collectionPagePipe) page: number | undefined,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ) {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const object = await this.documents.playlistObject(id, page);
    sendActivityJson(response, { '@context': ACTIVITY_PUB_CONTEXT, ...object });
  }

  @Get('video-playlists/:id/videos/:elementId')
  async element(
    @Param('id') id: string,
    @Param('elementId', ParseIdPipe) elementId: number,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ) {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const object = await this.documents.elementObject(id, elementId);
    sendActivityJson(response, { '@context': ACTIVITY_PUB_CONTEXT, ...object });
  }
}
