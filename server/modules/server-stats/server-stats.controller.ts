import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerStats } from '../../../shared/models/server/server-stats.model.js';
import { ServerStatsService } from './server-stats.service.js';

@ApiTags('Stats')
@Controller('api/v1/server/stats')
export class ServerStatsController {
  constructor(private readonly stats: ServerStatsService) {}

  @Get()
  @ApiOperation({
    summary: "The instance's figures (PeerTube's ServerStats)",
    description:
      'Recomputed at most once per `stats.cache_duration`. Comments, playlists, abuses and redundancy count 0 ' +
      'where Shoal does not have the feature yet.',
  })
  get(): Promise<ServerStats> {
    return this.stats.get();
  }
}
