import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendActivityJson } from '../activitypub/content-negotiation.js';
import { notFound } from '../../core/errors/domain-error.js';
import { COLLECTION_NAMES, CollectionsService, type CollectionName } from './collections.service.js';
import { collectionPagePipe } from './ordered-collection.js';

/** The outbox, followers and following collections the actor documents point to. */
@ApiExcludeController()
@Controller()
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get('accounts/:name/:collection')
  account(
    @Param('name') name: string,
    @Param('collection') collection: string,
    @Query('page', collectionPagePipe) page: number | undefined,
    @Res() response: Response,
  ): Promise<void> {
    return this.send(response, 'accounts', name, collection, page);
  }

  @Get('video-channels/:name/:collection')
  channel(
    @Param('name') name: string,
    @Param('collection') collection: string,
    @Query('page', collectionPagePipe) page: number | undefined,
    @Res() response: Response,
  ): Promise<void> {
    return this.send(response, 'video-channels', name, collection, page);
  }

  private async send(
    response: Response,
    kind: 'accounts' | 'video-channels',
    name: string,
    collection: string,
    page: number | undefined,
  ): Promise<void> {
    if (!COLLECTION_NAMES.includes(collection as CollectionName)) throw notFound('Collection');
    const document = await this.collections.get(kind, name, collection as CollectionName, page);
    sendActivityJson(response, document);
  }
}
