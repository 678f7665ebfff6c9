import { Controller, Get, Param, ParseIntPipe, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '../../core/errors/domain-error.js';
import { sendActivityJson } from '../activitypub/content-negotiation.js';
import {
  VIDEO_COLLECTION_NAMES,
  VideoCollectionsService,
  type VideoCollectionName,
} from './video-collections.service.js';

const pageOf = new ParseIntPipe({ optional: true });

/** The collections of a local video's ActivityPub object, and the Announces its `shares` collection lists. */
@ApiExcludeController()
@Controller('videos/watch/:id')
export class VideoCollectionsController {
  constructor(private readonly collections: VideoCollectionsService) {}

  @Get(':collection')
  async collection(
    @Param('id') id: string,
    @Param('collection') collection: string,
    @Query('page', pageOf) page: number | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!VIDEO_COLLECTION_NAMES.includes(collection as VideoCollectionName)) throw notFound('Collection');
    const document = await this.collections.collection(
      id,
      collection as VideoCollectionName,
      page && page > 0 ? page : undefined,
    );
    sendActivityJson(response, document);
  }

  @Get('announces/:actorId')
  async announce(
    @Param('id') id: string,
    @Param('actorId', ParseIntPipe) actorId: number,
    @Res() response: Response,
  ): Promise<void> {
    sendActivityJson(response, await this.collections.announce(id, actorId));
  }
}
