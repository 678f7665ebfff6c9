import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './core/config/config.js';
import { ConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { EventsModule } from './core/events/events.module.js';
import { JobsModule } from './core/jobs/jobs.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { RedisModule, type RedisConnectionOptions } from './core/redis/redis.module.js';
import { StorageModule } from './core/storage/storage.module.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ChannelsModule } from './modules/channels/channels.module.js';
import { CommentsModule } from './modules/comments/comments.module.js';
import { ClientModule } from './modules/client/client.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { PlaylistsModule } from './modules/playlists/playlists.module.js';
import { JobsAdminModule } from './modules/jobs-admin/jobs-admin.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { ServerConfigModule } from './modules/server-config/server-config.module.js';
import { ServerStatsModule } from './modules/server-stats/server-stats.module.js';
import { ServersModule } from './modules/servers/servers.module.js';
import { ActorImagesModule } from './modules/actor-images/actor-images.module.js';
import { StaticFilesModule } from './modules/static-files/static-files.module.js';
import { UsersModule } from './modules/users/users.module.js';
import { VideosModule } from './modules/videos/videos.module.js';
import { CaptionsModule } from './modules/captions/captions.module.js';
import { ChaptersModule } from './modules/chapters/chapters.module.js';
import { StoryboardsModule } from './modules/storyboards/storyboards.module.js';
import { FederationModule } from './federation/federation.module.js';
import { TrackerModule } from './tracker/tracker.module.js';
import { TranscodingModule } from './transcoding/transcoding.module.js';

/** What the bootstrap has prepared before Nest starts: configuration, logger, migrated database, Redis. */
export interface AppRuntime {
  config: AppConfig;
  logger: Logger;
  dataSource: DataSource;
  redisOptions: RedisConnectionOptions;
}

@Module({})
export class AppModule {
  static forRoot(runtime: AppRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        LoggingModule.forRoot(runtime.logger),
        DatabaseModule.forRoot(runtime.dataSource),
        RedisModule.forRoot(runtime.redisOptions),
        StorageModule,
        EventsModule,
        JobsModule,
        // Before the modules that import VideosModule: its `GET /videos/comments` must not be taken for a video id.
        CommentsModule,
        HealthModule,
        ServerConfigModule,
        ServerStatsModule,
        AccountsModule,
        ChannelsModule,
        UsersModule,
        NotificationsModule,
        AuthModule,
        VideosModule,
        ActorImagesModule,
        CaptionsModule,
        ChaptersModule,
        StoryboardsModule,
        PlaylistsModule,
        StaticFilesModule,
        JobsAdminModule,
        ServersModule,
        TranscodingModule,
        TrackerModule.forRoot(runtime.config.tracker.enabled),
        FederationModule,
        // Last: its routes are the site's pages.
        ClientModule,
      ],
    };
  }
}
