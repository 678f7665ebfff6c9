import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../core/config/config.js';
import { hasRole } from '../core/config/process-roles.js';
import { SWARM_STATS } from '../core/media/swarm-stats.js';
import { ActorsModule } from '../modules/actors/actors.module.js';
import { VideosRepository } from '../modules/videos/videos.repository.js';
import { RedisSwarmStats, SwarmStatsPublisher } from './published-swarm-stats.js';
import { TrackerAllowList } from './tracker-allow-list.js';
import { TrackerController } from './tracker.controller.js';
import { TrackerService } from './tracker.service.js';

/**
 * The embedded tracker, when `tracker.enabled`, and the swarm figures modules read through SWARM_STATS.
 * A process with the tracker role serves /tracker/* and publishes its figures in Redis; one without it (an api
 * process) reads them there.
 */
@Global()
@Module({})
export class TrackerModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.tracker.enabled) return { module: TrackerModule };
    if (!hasRole(config, 'tracker')) {
      return {
        module: TrackerModule,
        providers: [RedisSwarmStats, { provide: SWARM_STATS, useExisting: RedisSwarmStats }],
        exports: [SWARM_STATS],
      };
    }
    return {
      module: TrackerModule,
      // The allow-list reads video rows through the repository alone: a tracker process serves no video API.
      imports: [ActorsModule],
      controllers: [TrackerController],
      providers: [
        VideosRepository,
        TrackerAllowList,
        TrackerService,
        { provide: SWARM_STATS, useExisting: TrackerService },
        // The managed redis-server serves one process with every role: no other process could read the figures.
        ...(config.derived.managedRedis ? [] : [SwarmStatsPublisher]),
      ],
      exports: [SWARM_STATS],
    };
  }
}
