import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { sendClientPage } from '../../modules/client/client-pages.controller.js';
import { VideosService } from '../../modules/videos/videos.service.js';
import { acceptsActivityPub, sendActivityJson } from '../activitypub/content-negotiation.js';
import { buildLocalVideoObject } from '../builders/video-object.builder.js';

/** `/videos/watch/{uuid}`: a video's ActivityPub id, the Video object for servers and the watch page for people. */
@ApiExcludeController()
@Controller()
export class ActivityPubVideosController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly videos: VideosService,
  ) {}

  @Get('videos/watch/:id')
  async video(@Param('id') id: string, @Headers('accept') accept: string | undefined, @Res() response: Response) {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const { video, details } = await this.videos.getFederated(id);
    sendActivityJson(response, buildLocalVideoObject(video, details, this.config.derived.url));
  }
}
