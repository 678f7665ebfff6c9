import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';
import type { ResultList } from '../../../shared/models/common.js';
import type { ActorFollow } from '../../../shared/models/server/follow.model.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { validationFailed } from '../../core/errors/domain-error.js';
import { PaginationQueryDto } from '../../core/http/pagination.js';
import { RequireRight } from '../../modules/auth/auth.decorators.js';
import { InstanceFollowsService } from './instance-follows.service.js';

class FollowHostsDto {
  @ApiPropertyOptional({ type: [String], example: ['video.example'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  hosts?: string[];
}

class ListFollowsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['createdAt', '-createdAt'], default: '-createdAt' })
  @IsOptional()
  @IsIn(['createdAt', '-createdAt'])
  sort: string = '-createdAt';

  @ApiPropertyOptional({ enum: ['pending', 'accepted'] })
  @IsOptional()
  @IsIn(['pending', 'accepted'])
  state?: 'pending' | 'accepted';
}

/** PeerTube's instance follow API: whom this instance follows, who follows it, and moderators' decisions. */
@ApiTags('Instance Follows')
@Controller('api/v1/server')
export class ServerFollowsController {
  constructor(private readonly follows: InstanceFollowsService) {}

  @Get('following')
  @ApiOperation({ summary: 'List the instances this instance follows' })
  following(@Query() query: ListFollowsQueryDto): Promise<ResultList<ActorFollow>> {
    return this.follows.list('following', this.listQuery(query));
  }

  @Post('following')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerFollow)
  @ApiOperation({ summary: 'Follow instances (by host); each follow is pending until the instance accepts it' })
  async follow(@Body() body: FollowHostsDto): Promise<void> {
    if (!body.hosts?.length) throw validationFailed([{ name: 'hosts', reason: 'give at least one host' }]);
    for (const host of body.hosts) await this.follows.follow(host);
  }

  @Delete('following/:host')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerFollow)
  @ApiOperation({ summary: 'Stop following an instance' })
  unfollow(@Param('host') host: string): Promise<void> {
    return this.follows.unfollow(host);
  }

  @Get('followers')
  @ApiOperation({ summary: 'List the instances that follow this instance' })
  followers(@Query() query: ListFollowsQueryDto): Promise<ResultList<ActorFollow>> {
    return this.follows.list('followers', this.listQuery(query));
  }

  @Post('followers/:handle/accept')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerFollow)
  @ApiOperation({ summary: 'Accept a pending follower (`peertube@host`)' })
  accept(@Param('handle') handle: string): Promise<void> {
    return this.follows.decide(handle, 'accept');
  }

  @Post('followers/:handle/reject')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerFollow)
  @ApiOperation({ summary: 'Reject a pending follower' })
  reject(@Param('handle') handle: string): Promise<void> {
    return this.follows.decide(handle, 'reject');
  }

  @Delete('followers/:handle')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequireRight(UserRight.ManageServerFollow)
  @ApiOperation({ summary: 'Remove a follower' })
  remove(@Param('handle') handle: string): Promise<void> {
    return this.follows.decide(handle, 'remove');
  }

  private listQuery(query: ListFollowsQueryDto) {
    return { start: query.start, count: query.count, descending: query.sort.startsWith('-'), state: query.state };
  }
}
