import { Controller, Get, Headers, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendClientPage } from '../../modules/client/client-pages.controller.js';
import { VideosService } from '../../modules/videos/videos.service.js';
import { acceptsActivityPub, sendActivityJson } from '../activitypub/content-negotiation.js';
import { LocalVideoObjectService } from './local-video-object.service.js';

/** `/videos/watch/{uuid}`: a video's ActivityPub id, the Video object for servers and the watch page for people. */
@ApiExcludeController()
@Controller()
export class ActivityPubVideosController {
  constructor(
    private readonly videos: VideosService,
    private readonly videoObjects: LocalVideoObjectService,
  ) {}

  @Get('videos/watch/:id')
  async video(@Param('id') id: string, @Headers('accept') accept: string | undefined, @Res() response: Response) {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const { video, details } = await this.videos.getFederated(id);
    sendActivityJson(response, await this.videoObjects.build(video, details));
  }

  /** PeerTube's `hasParts` document: the video's chapters. */
  @Get('videos/watch/:id/chapters')
  async chapters(@Param('id') id: string, @Res() response: Response) {
    const { video } = await this.videos.getFederated(id);
    sendActivityJson(response, await this.videoObjects.buildChapters(video));
  }
}
