import { Inject, Injectable } from '@nestjs/common';
import type { ResultList } from '../../../shared/models/common.js';
import type {
  UserNotification,
  UserNotificationSetting,
} from '../../../shared/models/users/user-notification.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ListNotificationsQueryDto, UpdateNotificationSettingsDto } from './dto/notification.dto.js';
import { formatNotification } from './notification.formatter.js';
import { NotificationSettingsRepository } from './notification-settings.repository.js';
import { NotificationsRepository, type NotificationSortColumn } from './notifications.repository.js';

/** PeerTube's "My Notifications": a user's notifications, marking them read, and the settings of each kind. */
@Injectable()
export class NotificationsService {
  private readonly host: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly notifications: NotificationsRepository,
    private readonly settings: NotificationSettingsRepository,
  ) {
    this.host = config.derived.host;
  }

  /** With `unread=true&count=0`, the unread count (PeerTube's clients ask it so). */
  async list(user: AuthUser, query: ListNotificationsQueryDto): Promise<ResultList<UserNotification>> {
    const [rows, total] = await this.notifications.list(user.id, {
      start: query.start,
      count: query.count,
      sort: parseSort<NotificationSortColumn>(query.sort),
      unread: query.unread,
      typeOneOf: query.typeOneOf,
    });
    return toResultList(
      total,
      rows.map((row) => formatNotification(row, this.host)),
    );
  }

  markRead(user: AuthUser, ids: number[]): Promise<void> {
    return this.notifications.markRead(user.id, ids);
  }

  markAllRead(user: AuthUser): Promise<void> {
    return this.notifications.markAllRead(user.id);
  }

  getSettings(userId: number): Promise<UserNotificationSetting> {
    return this.settings.get(userId);
  }

  async updateSettings(user: AuthUser, dto: UpdateNotificationSettingsDto): Promise<void> {
    // Fields left out of the body stay as they were.
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined));
    await this.settings.update(user.id, changes);
  }
}
