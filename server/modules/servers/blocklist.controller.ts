import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import type { ResultList } from '../../../shared/models/common.js';
import type { ServerBlock } from '../../../shared/models/server/server-blocklist.model.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { PaginationQueryDto } from '../../core/http/pagination.js';
import { RequireRight } from '../auth/auth.decorators.js';
import { BlocklistService } from './blocklist.service.js';

class BlockServerDto {
  @ApiProperty({ example: 'video.example' })
  @IsString()
  host: string;
}

class ListBlocklistQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['createdAt', '-createdAt'], default: '-createdAt' })
  @IsOptional()
  @IsIn(['createdAt', '-createdAt'])
  sort: string = '-createdAt';
}

@ApiTags('Instance Blocklist')
@Controller('api/v1/server/blocklist/servers')
export class BlocklistController {
  constructor(private readonly blocklist: BlocklistService) {}

  @Get()
  @RequireRight(UserRight.ManageServerBlocklist)
  @ApiOperation({ summary: 'List the servers this instance blocks' })
  list(@Query() query: ListBlocklistQueryDto): Promise<ResultList<ServerBlock>> {
    return this.blocklist.list(query.start, query.count, query.sort);
  }

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerBlocklist)
  @ApiOperation({ summary: 'Block a server: its activities are refused, follows with it removed' })
  block(@Body() body: BlockServerDto): Promise<void> {
    return this.blocklist.block(body.host);
  }

  @Delete(':host')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerBlocklist)
  @ApiOperation({ summary: 'Unblock a server' })
  unblock(@Param('host') host: string): Promise<void> {
    return this.blocklist.unblock(host);
  }
}
