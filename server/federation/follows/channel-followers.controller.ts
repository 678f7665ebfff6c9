import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { ResultList } from '../../../shared/models/common.js';
import type { ActorFollow } from '../../../shared/models/server/follow.model.js';
import { PaginationQueryDto } from '../../core/http/pagination.js';
import { Authenticated, CurrentUser } from '../../modules/auth/auth.decorators.js';
import type { AuthUser } from '../../modules/auth/auth-user.js';
import { ChannelFollowersService } from './channel-followers.service.js';

class ListChannelFollowersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['createdAt', '-createdAt'], default: '-createdAt' })
  @IsOptional()
  @IsIn(['createdAt', '-createdAt'])
  sort: string = '-createdAt';
}

@ApiTags('Video Channels')
@Controller('api/v1/video-channels')
export class ChannelFollowersController {
  constructor(private readonly followers: ChannelFollowersService) {}

  @Get(':handle/followers')
  @Authenticated()
  @ApiOperation({ summary: "A channel's followers (its owner, or a moderator)" })
  list(
    @CurrentUser() user: AuthUser,
    @Param('handle') handle: string,
    @Query() query: ListChannelFollowersQueryDto,
  ): Promise<ResultList<ActorFollow>> {
    return this.followers.list(user, handle, {
      start: query.start,
      count: query.count,
      descending: query.sort.startsWith('-'),
    });
  }
}
