import { Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InboxService, type RawBodyRequest } from './inbox.service.js';

/** The shared inbox and the per-actor ones; all answer 202 once the activity is checked and queued. */
@ApiExcludeController()
@Controller()
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Post(['inbox', 'accounts/:name/inbox', 'video-channels/:name/inbox'])
  @HttpCode(HttpStatus.ACCEPTED)
  receive(@Req() request: RawBodyRequest): Promise<void> {
    return this.inbox.receive(request);
  }
}
