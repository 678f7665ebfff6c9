import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import type { User, UserCreateResult } from '../../../shared/models/users/user.model.js';
import { Authenticated, CurrentUser, RequireRight } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { BlockUserDto, CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';
import { ParseIdPipe } from '../../core/http/integers.js';

@ApiTags('Users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The authenticated user, with its account and channels' })
  me(@CurrentUser() user: AuthUser): Promise<User> {
    return this.users.me(user);
  }

  @Get()
  @RequireRight(UserRight.ManageUsers)
  @ApiOperation({ summary: 'List users' })
  list(@Query() query: ListUsersQueryDto): Promise<ResultList<User>> {
    return this.users.list(query);
  }

  @Post()
  @HttpCode(200)
  @RequireRight(UserRight.ManageUsers)
  @ApiOperation({ summary: 'Create a user (moderators may only create users with the User role)' })
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto): Promise<UserCreateResult> {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  @RequireRight(UserRight.ManageUsers)
  @ApiOperation({ summary: 'Get a user' })
  get(@Param('id', ParseIdPipe) id: number): Promise<User> {
    return this.users.get(id);
  }

  @Put(':id')
  @HttpCode(204)
  @RequireRight(UserRight.ManageUsers)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Update a user' })
  update(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateUserDto,
  ): Promise<void> {
    return this.users.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRight(UserRight.ManageUsers)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a user with its account and channels' })
  delete(@CurrentUser() actor: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.users.delete(actor, id);
  }

  @Post(':id/block')
  @HttpCode(204)
  @RequireRight(UserRight.ManageUsers)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Block a user: its sessions end and it can no longer log in' })
  block(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: BlockUserDto,
  ): Promise<void> {
    return this.users.setBlocked(actor, id, true, dto);
  }

  @Post(':id/unblock')
  @HttpCode(204)
  @RequireRight(UserRight.ManageUsers)
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Unblock a user' })
  unblock(@CurrentUser() actor: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.users.setBlocked(actor, id, false);
  }
}
