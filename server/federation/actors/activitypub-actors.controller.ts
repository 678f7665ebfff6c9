import { Controller, Get, Headers, Inject, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { AccountsService } from '../../modules/accounts/accounts.service.js';
import { ChannelsService } from '../../modules/channels/channels.service.js';
import { sendClientPage } from '../../modules/client/client-pages.controller.js';
import { acceptsActivityPub, sendActivityJson } from '../activitypub/content-negotiation.js';
import { buildAccountActor, buildChannelActor } from '../builders/actor.builder.js';

/**
 * Actors at PeerTube's URLs: ActivityPub JSON for servers (by the Accept header), the web client for people.
 */
@ApiExcludeController()
@Controller()
export class ActivityPubActorsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: AccountsService,
    private readonly channels: ChannelsService,
  ) {}

  @Get('accounts/:name')
  async account(@Param('name') name: string, @Headers('accept') accept: string | undefined, @Res() response: Response) {
    // The same URL is a page or a document: caches must key on Accept.
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const account = await this.accounts.getByHandle(name);
    sendActivityJson(response, buildAccountActor(account, this.config.derived.url));
  }

  @Get('video-channels/:name')
  async channel(@Param('name') name: string, @Headers('accept') accept: string | undefined, @Res() response: Response) {
    response.setHeader('Vary', 'Accept');
    if (!acceptsActivityPub(accept)) return sendClientPage(response);
    const channel = await this.channels.getByHandle(name);
    sendActivityJson(response, buildChannelActor(channel, this.config.derived.url));
  }
}
