import { Body, Controller, Get, HttpCode, HttpStatus, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResultList } from '../../../shared/models/common.js';
import type { UserNotification } from '../../../shared/models/users/user-notification.model.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import {
  ListNotificationsQueryDto,
  MarkNotificationsReadDto,
  UpdateNotificationSettingsDto,
} from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

/** PeerTube's "My Notifications". */
@ApiTags('My Notifications')
@Controller('api/v1/users/me')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Authenticated()
  @ApiOperation({ summary: 'List my notifications (`unread=true&count=0`: how many are unread)' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListNotificationsQueryDto,
  ): Promise<ResultList<UserNotification>> {
    return this.notifications.list(user, query);
  }

  @Post('notifications/read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({ summary: 'Mark some of my notifications as read' })
  markRead(@CurrentUser() user: AuthUser, @Body() body: MarkNotificationsReadDto): Promise<void> {
    return this.notifications.markRead(user, body.ids);
  }

  @Post('notifications/read-all')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({ summary: 'Mark all my notifications as read' })
  markAllRead(@CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markAllRead(user);
  }

  @Put('notification-settings')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authenticated()
  @ApiOperation({ summary: 'Update my notification settings (bit flags: 1 web, 2 email)' })
  updateSettings(@CurrentUser() user: AuthUser, @Body() body: UpdateNotificationSettingsDto): Promise<void> {
    return this.notifications.updateSettings(user, body);
  }
}
