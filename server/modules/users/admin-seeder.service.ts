import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { UserRole } from '../../../shared/models/users/user-role.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { hashPassword } from '../../core/crypto/passwords.js';
import { AdvisoryLock, withAdvisoryLock } from '../../core/database/advisory-lock.js';
import { randomToken } from '../../core/crypto/keys.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { UserCreationService } from './user-creation.service.js';
import { ROOT_USERNAME } from './users.service.js';
import { UsersRepository } from './users.repository.js';

/**
 * First boot: creates the `root` administrator, with the configured password or a generated one. Under the seeding
 * lock: of processes booting together on an empty database, the first creates it and the others find it.
 */
@Injectable()
export class AdminSeederService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly creation: UserCreationService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return withAdvisoryLock(this.dataSource, AdvisoryLock.Seeding, () => this.createAdministrator());
  }

  private async createAdministrator(): Promise<void> {
    if ((await this.users.countAll()) > 0) return;
    const generated = this.config.admin.password === '';
    const password = generated ? randomToken(12) : this.config.admin.password;
    await this.creation.create({
      username: ROOT_USERNAME,
      email: this.config.admin.email,
      passwordHash: await hashPassword(password),
      role: UserRole.Administrator,
      emailVerified: true,
    });
    if (generated) {
      this.logger.warn(
        { username: ROOT_USERNAME, password },
        'created the administrator with a generated password; it is shown only this once',
      );
    } else {
      this.logger.info({ username: ROOT_USERNAME }, 'created the administrator with the configured password');
    }
  }
}
