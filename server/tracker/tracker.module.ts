import { Global, Module, type DynamicModule } from '@nestjs/common';
import { SWARM_STATS } from '../core/media/swarm-stats.js';
import { VideosModule } from '../modules/videos/videos.module.js';
import { TrackerAllowList } from './tracker-allow-list.js';
import { TrackerController } from './tracker.controller.js';
import { TrackerService } from './tracker.service.js';

/** The embedded tracker, when `tracker.enabled`; it also provides swarm figures to modules through SWARM_STATS. */
@Global()
@Module({})
export class TrackerModule {
  static forRoot(enabled: boolean): DynamicModule {
    if (!enabled) return { module: TrackerModule };
    return {
      module: TrackerModule,
      imports: [VideosModule],
      controllers: [TrackerController],
      providers: [TrackerAllowList, TrackerService, { provide: SWARM_STATS, useExisting: TrackerService }],
      exports: [SWARM_STATS],
    };
  }
}
