import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource, MigrationExecutor, type EntitySchema } from 'typeorm';
import { AdvisoryLock, withAdvisoryLock } from './advisory-lock.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

// TypeORM's own typing of entity lists.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityTarget = Function | EntitySchema;

export function createDataSource(url: string, entities: EntityTarget[], poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsTableName: 'migrations',
    extra: { max: poolSize },
  });
}

/**
 * Runs pending migrations under a Postgres advisory lock, so processes booting together (API and workers)
 * never apply the same migration twice. Returns the names of the migrations applied.
 */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  return withAdvisoryLock(dataSource, AdvisoryLock.Migrations, async (runner) => {
    // On the connection that holds the lock: a second connection could wait forever on a small pool.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  });
}

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** Provides a DataSource that is already initialized and migrated by the bootstrap. */
  static forRoot(dataSource: DataSource): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DataSource, useValue: dataSource }],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
