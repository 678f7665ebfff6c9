import { ServerStatsModule } from '../modules/server-stats/server-stats.module.js';
import { Module } from '@nestjs/common';
import { AccountsModule } from '../modules/accounts/accounts.module.js';
import { ActorsModule } from '../modules/actors/actors.module.js';
import { ChannelsModule } from '../modules/channels/channels.module.js';
import { CommentsModule } from '../modules/comments/comments.module.js';
import { FollowsModule } from '../modules/follows/follows.module.js';
import { ServersModule } from '../modules/servers/servers.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { PlaylistsModule } from '../modules/playlists/playlists.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { CaptionsModule } from '../modules/captions/captions.module.js';
import { ChaptersModule } from '../modules/chapters/chapters.module.js';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { ActivityPubActorsController } from './actors/activitypub-actors.controller.js';
import { RemoteChannelsService } from './actors/remote-channels.service.js';
import { RemoteActorsService } from './actors/remote-actors.service.js';
import { ActivityPubCommentsController } from './comments/activitypub-comments.controller.js';
import { CommentFanOutService } from './comments/comment-fan-out.service.js';
import { RemoteCommentsService } from './comments/remote-comments.service.js';
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
import { ApproveReplyHandler } from './inbox/handlers/approve-reply.handler.js';
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
import { ActorUpdateSender } from './send/actor-update.sender.js';
import { VideoInteractionsSender } from './send/video-interactions.sender.js';
import { LocalSigner } from './signatures/local-signer.service.js';
import { ActivityPubPlaylistsController } from './playlists/activitypub-playlists.controller.js';
import { PlaylistDocumentsService } from './playlists/playlist-documents.service.js';
import { PlaylistFanOutService } from './playlists/playlist-fan-out.service.js';
import { RemotePlaylistsService } from './playlists/remote-playlists.service.js';
import { ActivityPubVideosController } from './videos/activitypub-videos.controller.js';
import { OutboxCrawler } from './videos/outbox-crawler.js';
import { RemoteVideosService } from './videos/remote-videos.service.js';
import { VideoFanOutService } from './videos/video-fan-out.service.js';
import { LocalVideoObjectService } from './videos/local-video-object.service.js';

/** ActivityPub (see server/federation/README.md). */
@Module({
  imports: [
    ActorsModule,
    AccountsModule,
    ChannelsModule,
    UsersModule,
    VideosModule,
    PlaylistsModule,
    FollowsModule,
    ServersModule,
    CaptionsModule,
    ChaptersModule,
    StoryboardsModule,
    CommentsModule,
    ServerStatsModule,
  ],
  controllers: [
    DiscoveryController,
    ActivityPubActorsController,
    ActivityPubVideosController,
    ActivityPubPlaylistsController,
    InboxController,
    ServerFollowsController,
    SubscriptionsController,
    ChannelFollowersController,
    CollectionsController,
    VideoCollectionsController,
    ActivityPubCommentsController,
  ],
  providers: [
    RemoteChannelsService,
    LocalVideoObjectService,
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
    ActorUpdateSender,
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
    ApproveReplyHandler,
    VideoFanOutService,
    RemoteVideosService,
    OutboxCrawler,
    CommentFanOutService,
    RemoteCommentsService,
    PlaylistDocumentsService,
    PlaylistFanOutService,
    RemotePlaylistsService,
  ],
})
export class FederationModule {}
