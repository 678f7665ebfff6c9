import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { ActorsModule } from '../actors/actors.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AdminSeederService } from './admin-seeder.service.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsRepository } from './registrations.repository.js';
import { RegistrationsService } from './registrations.service.js';
import { UserCreationService } from './user-creation.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [ActorsModule, AccountsModule, ChannelsModule, NotificationsModule],
  // The registration routes come first: `registrations` must not be taken for a user id.
  controllers: [RegistrationsController, UsersController],
  providers: [
    UsersRepository,
    RegistrationsRepository,
    UserCreationService,
    UsersService,
    RegistrationsService,
    AdminSeederService,
  ],
  exports: [UsersRepository, RegistrationsRepository],
})
export class UsersModule {}
