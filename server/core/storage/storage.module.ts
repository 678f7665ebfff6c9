import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FILE_STORE, LocalFileStore } from './file-store.js';
import { StoragePaths } from './storage-paths.js';

@Global()
@Module({
  providers: [
    {
      provide: StoragePaths,
      useFactory: (config: AppConfig) => new StoragePaths(config.derived.storageDir),
      inject: [APP_CONFIG],
    },
    {
      provide: LocalFileStore,
      useFactory: (config: AppConfig) => new LocalFileStore(config.derived.storageDir, config.derived.url),
      inject: [APP_CONFIG],
    },
    { provide: FILE_STORE, useExisting: LocalFileStore },
  ],
  exports: [StoragePaths, LocalFileStore, FILE_STORE],
})
export class StorageModule {}
