import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '../../core/errors/domain-error.js';
import { BoundedIntPipe, DATABASE_INT_MAX } from '../../core/http/integers.js';
import { sendActivityJson } from '../activitypub/content-negotiation.js';
import {
  VIDEO_COLLECTION_NAMES,
  VideoCollectionsService,
  type VideoCollectionName,
} from './video-collections.service.js';
import { collectionPagePipe } from './ordered-collection.js';

/** The collections of a local video's ActivityPub object, and the Announces its `shares` collection lists. */
@ApiExcludeController()
@Controller('videos/watch/:id')
export class VideoCollectionsController {
  constructor(private readonly collections: VideoCollectionsService) {}

  @Get(':collection')
  async collection(
    @Param('id') id: string,
    @Param('collection') collection: string,
    @Query('page', collectionPagePipe) page: number | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!VIDEO_COLLECTION_NAMES.includes(collection as VideoCollectionName)) throw notFound('Collection');
    const document = await this.collections.collection(id, collection as VideoCollectionName, page);
    sendActivityJson(response, document);
  }

  @Get('announces/:actorId')
  async announce(
    @Param('id') id: string,
    @Param('actorId', new BoundedIntPipe(1, DATABASE_INT_MAX)) actorId: number,
    @Res() response: Response,
  ): Promise<void> {
    sendActivityJson(response, await this.collections.announce(id, actorId));
  }
}
