import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '../core/config/config.js';
import type { ProcessRole } from '../core/config/process-roles.js';
import { AccountsModule } from '../modules/accounts/accounts.module.js';
import { ActorImagesModule } from '../modules/actor-images/actor-images.module.js';
import { AuthModule } from '../modules/auth/auth.module.js';
import { CaptionsModule } from '../modules/captions/captions.module.js';
import { ChannelsModule } from '../modules/channels/channels.module.js';
import { ChaptersModule } from '../modules/chapters/chapters.module.js';
import { ClientModule } from '../modules/client/client.module.js';
import { CommentsModule } from '../modules/comments/comments.module.js';
import { HealthModule } from '../modules/health/health.module.js';
import { JobsAdminModule } from '../modules/jobs-admin/jobs-admin.module.js';
import { NotificationsModule } from '../modules/notifications/notifications.module.js';
import { PlaylistsModule } from '../modules/playlists/playlists.module.js';
import { ServerConfigModule } from '../modules/server-config/server-config.module.js';
import { ServerStatsModule } from '../modules/server-stats/server-stats.module.js';
import { ServersModule } from '../modules/servers/servers.module.js';
import { StaticFilesModule } from '../modules/static-files/static-files.module.js';
import { StoryboardsModule } from '../modules/storyboards/storyboards.module.js';
import { UsersModule } from '../modules/users/users.module.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { FederationModule } from '../federation/federation.module.js';
import { TrackerModule } from '../tracker/tracker.module.js';
import { MediaToolsModule } from '../transcoding/media-tools.module.js';
import { TranscodingModule } from '../transcoding/transcoding.module.js';

type ModuleImport = Type | DynamicModule;

/** Serves HTTP: the REST API, ActivityPub, client pages and static files. Enqueues jobs, consumes none. */
const API: readonly ProcessRole[] = ['api'];
/**
 * The domain: api processes answer requests with it; worker processes run its jobs (every queue, QUEUE_CONSUMERS)
 * and the listeners of the events those jobs emit (a transcoded video's publication is federated and notified by
 * the worker that published it).
 */
const DOMAIN: readonly ProcessRole[] = ['api', 'worker'];
/** Only the jobs that no request needs: transcoding. */
const WORKER: readonly ProcessRole[] = ['worker'];
/** Probes for supervisors and load balancers, on every process with an HTTP port. */
const HTTP: readonly ProcessRole[] = ['api', 'tracker'];

/**
 * The feature modules of the instance, in the order their routes are matched, each with the roles whose processes
 * run it. A process imports the modules of its roles (`server.roles`); one with every role is a whole instance.
 * The `live` role runs no module yet: live ingest comes with the next issue.
 */
function moduleTable(config: AppConfig): [ModuleImport, readonly ProcessRole[]][] {
  return [
    // Before the modules that import VideosModule: its `GET /videos/comments` must not be taken for a video id.
    [CommentsModule, DOMAIN],
    [HealthModule, HTTP],
    [ServerConfigModule, API],
    [ServerStatsModule, DOMAIN],
    [AccountsModule, DOMAIN],
    [ChannelsModule, DOMAIN],
    [UsersModule, DOMAIN],
    [NotificationsModule, DOMAIN],
    [AuthModule, DOMAIN],
    [VideosModule, DOMAIN],
    [ActorImagesModule, DOMAIN],
    [CaptionsModule, DOMAIN],
    [ChaptersModule, DOMAIN],
    [StoryboardsModule, DOMAIN],
    [PlaylistsModule, DOMAIN],
    [StaticFilesModule, API],
    [JobsAdminModule, API],
    [ServersModule, DOMAIN],
    [MediaToolsModule, DOMAIN],
    [TranscodingModule, WORKER],
    // The tracker (/tracker/*) in tracker processes; in api processes without it, its swarm figures read from Redis.
    [TrackerModule.forRoot(config), ['api', 'tracker']],
    [FederationModule, DOMAIN],
    // Last: its routes are the site's pages.
    [ClientModule, API],
  ];
}

/** The feature modules a process with the configured roles imports. */
export function roleModules(config: AppConfig): ModuleImport[] {
  return moduleTable(config)
    .filter(([, roles]) => roles.some((role) => config.server.roles.includes(role)))
    .map(([module]) => module);
}
