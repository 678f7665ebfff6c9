import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { VideoChannel } from '../../../shared/models/actors/actor.model.js';
import type { ResultList } from '../../../shared/models/common.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ChannelsService } from './channels.service.js';
import { CreateChannelDto, ListChannelsQueryDto, SearchChannelsQueryDto, UpdateChannelDto } from './dto/channel.dto.js';

@ApiTags('Video channels')
@Controller('api/v1/video-channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({ summary: 'List video channels' })
  list(@Query() query: ListChannelsQueryDto): Promise<ResultList<VideoChannel>> {
    return this.channels.list(query);
  }

  @Post()
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Create a video channel owned by the authenticated user' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChannelDto): Promise<{ videoChannel: { id: number } }> {
    return this.channels.create(user, dto);
  }

  @Get(':handle')
  @ApiOperation({ summary: 'Get a video channel by handle (name or name@host)' })
  get(@Param('handle') handle: string): Promise<VideoChannel> {
    return this.channels.get(handle);
  }

  @Put(':handle')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Update a video channel' })
  update(@CurrentUser() user: AuthUser, @Param('handle') handle: string, @Body() dto: UpdateChannelDto): Promise<void> {
    return this.channels.update(user, handle, dto);
  }

  @Delete(':handle')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a video channel (not the last one of its owner)' })
  delete(@CurrentUser() user: AuthUser, @Param('handle') handle: string): Promise<void> {
    return this.channels.delete(user, handle);
  }
}

@ApiTags('Accounts')
@Controller('api/v1/accounts')
export class AccountChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get(':name/video-channels')
  @ApiOperation({ summary: "List an account's video channels" })
  list(@Param('name') name: string, @Query() query: ListChannelsQueryDto): Promise<ResultList<VideoChannel>> {
    return this.channels.list(query, name);
  }
}

@ApiTags('Search')
@Controller('api/v1/search')
export class SearchChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get('video-channels')
  @ApiOperation({
    summary: 'Search video channels, of this instance and of others it knows, by name, display name or handle',
  })
  search(@Query() query: SearchChannelsQueryDto): Promise<ResultList<VideoChannel>> {
    return this.channels.search(query);
  }
}
