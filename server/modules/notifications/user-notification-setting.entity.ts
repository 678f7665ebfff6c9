import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UserNotificationSetting } from '../../../shared/models/users/user-notification.model.js';

/** The notification settings a user chose; a user without a row has the defaults. */
@Entity('user_notification_settings')
export class UserNotificationSettingEntity {
  @PrimaryColumn({ type: 'integer' })
  userId: number;

  @Column({ type: 'jsonb' })
  settings: UserNotificationSetting;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
