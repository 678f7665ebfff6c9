import { Module } from '@nestjs/common';
import { AccountsModule } from '../modules/accounts/accounts.module.js';
import { ActorsModule } from '../modules/actors/actors.module.js';
import { ChannelsModule } from '../modules/channels/channels.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { ActivityPubActorsController } from './actors/activitypub-actors.controller.js';
import { DiscoveryController } from './discovery/discovery.controller.js';
import { ActivityPubVideosController } from './videos/activitypub-videos.controller.js';

/** ActivityPub: discovery, actors and videos so far (see server/federation/README.md). */
@Module({
  imports: [ActorsModule, AccountsModule, ChannelsModule, UsersModule, VideosModule],
  controllers: [DiscoveryController, ActivityPubActorsController, ActivityPubVideosController],
})
export class FederationModule {}
