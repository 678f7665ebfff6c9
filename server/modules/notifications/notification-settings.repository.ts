import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { UserNotificationSetting } from '../../../shared/models/users/user-notification.model.js';
import { DEFAULT_NOTIFICATION_SETTINGS } from './notification-settings.js';
import { UserNotificationSettingEntity } from './user-notification-setting.entity.js';

/** Users' notification settings, the defaults filling in what a user never set. */
@Injectable()
export class NotificationSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async get(userId: number): Promise<UserNotificationSetting> {
    const row = await this.dataSource.manager.getRepository(UserNotificationSettingEntity).findOneBy({ userId });
    return { ...DEFAULT_NOTIFICATION_SETTINGS, ...row?.settings };
  }

  /** Replaces the given settings, keeping the others as they were. */
  async update(userId: number, changes: Partial<UserNotificationSetting>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO user_notification_settings (user_id, settings) VALUES ($1, $2::jsonb)
       ON CONFLICT (user_id) DO UPDATE
         SET settings = user_notification_settings.settings || EXCLUDED.settings, updated_at = now()`,
      [userId, JSON.stringify(changes)],
    );
  }
}
