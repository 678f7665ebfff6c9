import { Module } from '@nestjs/common';
import { NotificationRecipientsRepository } from './notification-recipients.repository.js';
import { NotificationSettingsRepository } from './notification-settings.repository.js';
import { NotificationTriggersService } from './notification-triggers.service.js';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

/** Users' notifications: made from domain events, listed and marked read through PeerTube's REST API. */
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    NotificationSettingsRepository,
    NotificationRecipientsRepository,
    NotificationsService,
    NotificationTriggersService,
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
