import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { About, ServerConfig } from '../../../shared/models/server/server-config.model.js';
import { ServerConfigService } from './server-config.service.js';

@ApiTags('Config')
@Controller('api/v1/config')
export class ServerConfigController {
  constructor(private readonly serverConfig: ServerConfigService) {}

  @Get()
  @ApiOperation({
    summary: 'Public configuration of the instance',
    description:
      '`serverVersion` is the PeerTube version whose API Shoal implements (PeerTube clients choose features by it); ' +
      "`shoal.version` is Shoal's own release, as NodeInfo's `software.version` also gives it.",
  })
  @ApiOkResponse({
    description: 'PeerTube 8 ServerConfig (the subset Shoal implements), plus `shoal`',
    schema: {
      type: 'object',
      properties: {
        serverVersion: { type: 'string', example: '8.0.1', description: 'PeerTube API version implemented' },
        shoal: {
          type: 'object',
          properties: { version: { type: 'string', example: '0.1.0', description: "Shoal's own version" } },
        },
      },
    },
  })
  config(): Promise<ServerConfig> {
    return this.serverConfig.getConfig();
  }

  @Get('about')
  @ApiOperation({ summary: 'Description of the instance' })
  about(): About {
    return this.serverConfig.getAbout();
  }
}
