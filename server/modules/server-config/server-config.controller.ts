import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { About, ServerConfig } from '../../../shared/models/server/server-config.model.js';
import { ServerConfigService } from './server-config.service.js';

@ApiTags('Config')
@Controller('api/v1/config')
export class ServerConfigController {
  constructor(private readonly serverConfig: ServerConfigService) {}

  @Get()
  @ApiOperation({ summary: 'Public configuration of the instance' })
  config(): Promise<ServerConfig> {
    return this.serverConfig.getConfig();
  }

  @Get('about')
  @ApiOperation({ summary: 'Description of the instance' })
  about(): About {
    return this.serverConfig.getAbout();
  }
}
