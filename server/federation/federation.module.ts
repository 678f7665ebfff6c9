import { ServerStatsModule } from '../modules/server-stats/server-stats.module.js';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../modules/accounts/accounts.module.js';
import { ActorsModule } from '../modules/actors/actors.module.js';
import { ChannelsModule } from '../modules/channels/channels.module.js';
import { FollowsModule } from '../modules/follows/follows.module.js';
import { ServersModule } from '../modules/servers/servers.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { ActivityPubActorsController } from './actors/activitypub-actors.controller.js';
import { RemoteChannelsService } from './actors/remote-channels.service.js';
import { RemoteActorsService } from './actors/remote-actors.service.js';
import { CollectionsController } from './collections/collections.controller.js';
import { VideoCollectionsController } from './collections/video-collections.controller.js';
import { VideoCollectionsService } from './collections/video-collections.service.js';
import { CollectionsService } from './collections/collections.service.js';
import { DeliveryProcessor } from './delivery/delivery.processor.js';
import { DeliveryService } from './delivery/delivery.service.js';
import { HostCircuitBreaker } from './delivery/host-circuit-breaker.js';
import { DiscoveryController } from './discovery/discovery.controller.js';
import { WebFingerClient } from './discovery/webfinger-client.js';
import { ChannelFollowersController } from './follows/channel-followers.controller.js';
import { ChannelFollowersService } from './follows/channel-followers.service.js';
import { InstanceFollowsService } from './follows/instance-follows.service.js';
import { ServerFollowsController } from './follows/server-follows.controller.js';
import { SubscriptionsController } from './follows/subscriptions.controller.js';
import { UserSubscriptionsService } from './follows/user-subscriptions.service.js';
import { federationHttpClientProvider } from './http/federation-http.provider.js';
import { AcceptHandler } from './inbox/handlers/accept.handler.js';
import { AnnounceHandler } from './inbox/handlers/announce.handler.js';
import { CreateHandler } from './inbox/handlers/create.handler.js';
import { DeleteHandler } from './inbox/handlers/delete.handler.js';
import { DislikeHandler } from './inbox/handlers/dislike.handler.js';
import { FollowHandler } from './inbox/handlers/follow.handler.js';
import { LikeHandler } from './inbox/handlers/like.handler.js';
import { RejectHandler } from './inbox/handlers/reject.handler.js';
import { UndoHandler } from './inbox/handlers/undo.handler.js';
import { UpdateHandler } from './inbox/handlers/update.handler.js';
import { ViewHandler } from './inbox/handlers/view.handler.js';
import { InboxController } from './inbox/inbox.controller.js';
import { InboxProcessor } from './inbox/inbox.processor.js';
import { InboxService } from './inbox/inbox.service.js';
import { RelayedActivitiesService } from './inbox/relayed-activities.service.js';
import { VideoInteractionsSender } from './send/video-interactions.sender.js';
import { LocalSigner } from './signatures/local-signer.service.js';
import { ActivityPubVideosController } from './videos/activitypub-videos.controller.js';
import { OutboxCrawler } from './videos/outbox-crawler.js';
import { RemoteVideosService } from './videos/remote-videos.service.js';
import { VideoFanOutService } from './videos/video-fan-out.service.js';

/** ActivityPub (see server/federation/README.md). */
@Module({
  imports: [
    ActorsModule,
    AccountsModule,
    ChannelsModule,
    UsersModule,
    VideosModule,
    FollowsModule,
    ServersModule,
    ServerStatsModule,
  ],
  controllers: [
    DiscoveryController,
    ActivityPubActorsController,
    ActivityPubVideosController,
    InboxController,
    ServerFollowsController,
    SubscriptionsController,
    ChannelFollowersController,
    CollectionsController,
    VideoCollectionsController,
  ],
  providers: [
    RemoteChannelsService,
    VideoCollectionsService,
    federationHttpClientProvider,
    CollectionsService,
    LocalSigner,
    RemoteActorsService,
    HostCircuitBreaker,
    DeliveryService,
    DeliveryProcessor,
    WebFingerClient,
    InstanceFollowsService,
    UserSubscriptionsService,
    ChannelFollowersService,
    VideoInteractionsSender,
    InboxService,
    InboxProcessor,
    RelayedActivitiesService,
    FollowHandler,
    AcceptHandler,
    RejectHandler,
    UndoHandler,
    CreateHandler,
    UpdateHandler,
    DeleteHandler,
    AnnounceHandler,
    LikeHandler,
    DislikeHandler,
    ViewHandler,
    VideoFanOutService,
    RemoteVideosService,
    OutboxCrawler,
  ],
})
export class FederationModule {}
