import { Inject, Injectable } from '@nestjs/common';
import type { ResultList } from '../../../shared/models/common.js';
import type { ActorFollow } from '../../../shared/models/server/follow.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { toResultList } from '../../core/http/pagination.js';
import type { AuthUser } from '../../modules/auth/auth-user.js';
import { ChannelsService } from '../../modules/channels/channels.service.js';
import { FollowsRepository, type FollowListQuery } from '../../modules/follows/follows.repository.js';
import { formatFollow } from './follow.formatter.js';

/** Who follows a local channel (PeerTube's `GET /video-channels/{handle}/followers`), for its owner. */
@Injectable()
export class ChannelFollowersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly channels: ChannelsService,
    private readonly follows: FollowsRepository,
  ) {}

  async list(user: AuthUser, handle: string, query: FollowListQuery): Promise<ResultList<ActorFollow>> {
    const channel = await this.channels.getManaged(user, handle);
    const [rows, total] = await this.follows.list(channel.actorId, 'followers', query);
    return toResultList(
      total,
      rows.map((row) => formatFollow(row, this.config.derived.host)),
    );
  }
}
