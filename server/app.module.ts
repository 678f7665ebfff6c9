import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './core/config/config.js';
import { ConfigModule } from './core/config/config.module.js';
import { DatabaseModule } from './core/database/database.module.js';
import { EventsModule } from './core/events/events.module.js';
import { JobsModule } from './core/jobs/jobs.module.js';
import { LoggingModule } from './core/logging/logging.module.js';
import { RedisModule, type RedisConnectionOptions } from './core/redis/redis.module.js';
import { StorageModule } from './core/storage/storage.module.js';
import { roleModules } from './roles/role-modules.js';

/** What the bootstrap has prepared before Nest starts: configuration, logger, migrated database, Redis. */
export interface AppRuntime {
  config: AppConfig;
  logger: Logger;
  dataSource: DataSource;
  redisOptions: RedisConnectionOptions;
}

@Module({})
export class AppModule {
  /** The core plumbing every process has, then the modules of its roles (server/roles/role-modules.ts). */
  static forRoot(runtime: AppRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        LoggingModule.forRoot(runtime.logger),
        DatabaseModule.forRoot(runtime.dataSource),
        RedisModule.forRoot(runtime.redisOptions),
        StorageModule,
        EventsModule,
        JobsModule,
        ...roleModules(runtime.config),
      ],
    };
  }
}
