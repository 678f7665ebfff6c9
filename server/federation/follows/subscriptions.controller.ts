import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../../shared/models/common.js';
import type { Video } from '../../../shared/models/videos/video.model.js';
import { PaginationQueryDto, parseSort, sortValues } from '../../core/http/pagination.js';
import { Authenticated, CurrentUser } from '../../modules/auth/auth.decorators.js';
import type { AuthUser } from '../../modules/auth/auth-user.js';
import { SUBSCRIPTION_SORT_COLUMNS, type SubscriptionSortColumn } from '../../modules/channels/channels.repository.js';
import { ListVideosQueryDto } from '../../modules/videos/dto/video.dto.js';
import { UserSubscriptionsService } from './user-subscriptions.service.js';

class SubscribeDto {
  @ApiProperty({ example: 'my_channel@video.example', description: 'Handle of the channel to follow' })
  @IsString()
  @MaxLength(300)
  uri: string;
}

class ListSubscriptionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: sortValues(SUBSCRIPTION_SORT_COLUMNS), default: '-createdAt' })
  @IsOptional()
  @IsIn(sortValues(SUBSCRIPTION_SORT_COLUMNS))
  sort: string = '-createdAt';

  @ApiPropertyOptional({ description: "Part of the channel's name or display name" })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  search?: string;
}

class SubscriptionsExistQueryDto {
  @ApiProperty({ type: [String], description: 'Channel handles (name@host); the parameter may repeat' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  uris: string[];
}

/** PeerTube's subscriptions API: the channels the current user follows, and their videos. */
@ApiTags('My Subscriptions')
@Controller('api/v1/users/me/subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: UserSubscriptionsService) {}

  @Get('videos')
  @Authenticated()
  @ApiOperation({ summary: 'Videos of the channels (and accounts) I follow' })
  videos(@CurrentUser() user: AuthUser, @Query() query: ListVideosQueryDto): Promise<ResultList<Video>> {
    return this.subscriptions.videosOf(user, query);
  }

  @Get('exist')
  @Authenticated()
  @ApiOperation({ summary: 'Whether I follow each of these channels' })
  exist(@CurrentUser() user: AuthUser, @Query() query: SubscriptionsExistQueryDto): Promise<Record<string, boolean>> {
    return this.subscriptions.exist(user, query.uris);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'The channels I follow (accepted follows)' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListSubscriptionsQueryDto): Promise<ResultList<VideoChannel>> {
    return this.subscriptions.list(user, {
      start: query.start,
      count: query.count,
      sort: parseSort<SubscriptionSortColumn>(query.sort),
      search: query.search,
    });
  }

  @Post()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({ summary: 'Follow a channel (`name@host`); another instance may take a moment to accept' })
  subscribe(@CurrentUser() user: AuthUser, @Body() body: SubscribeDto): Promise<void> {
    return this.subscriptions.subscribe(user, body.uri);
  }

  @Get(':uri')
  @Authenticated()
  @ApiOperation({ summary: 'A channel I follow' })
  get(@CurrentUser() user: AuthUser, @Param('uri') uri: string): Promise<VideoChannel> {
    return this.subscriptions.get(user, uri);
  }

  @Delete(':uri')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({ summary: 'Stop following a channel' })
  unsubscribe(@CurrentUser() user: AuthUser, @Param('uri') uri: string): Promise<void> {
    return this.subscriptions.unsubscribe(user, uri);
  }
}
