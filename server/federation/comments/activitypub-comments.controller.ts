import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { BoundedIntPipe, DATABASE_INT_MAX } from '../../core/http/integers.js';
import { sendClientPage } from '../../modules/client/client-pages.controller.js';
import { acceptsActivityPub, sendActivityJson } from '../activitypub/content-negotiation.js';
import { CommentFanOutService } from './comment-fan-out.service.js';

/** `/videos/watch/{uuid}/comments/{id}`: a comment written here, as a Note (a Tombstone once deleted). */
@ApiExcludeController()
@Controller()
export class ActivityPubCommentsController {
  constructor(private readonly comments: CommentFanOutService) {}

  @Get('videos/watch/:id/comments/:commentId')
  async comment(
    @Param('id') id: string,
    @Param('commentId', new BoundedIntPipe(1, DATABASE_INT_MAX)) commentId: number,
    @Headers('accept') accept: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    sendActivityJson(response, await this.comments.localObject(id, commentId));
  }
}
