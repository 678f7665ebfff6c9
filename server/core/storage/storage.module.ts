import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FILE_STORE, LocalFileStore, type FileStore } from './file-store.js';
import { S3FileStore } from './s3-file-store.js';
import { StoragePaths } from './storage-paths.js';

/** The configured store: a bucket when one is named, else the storage folder. */
export function createFileStore(config: AppConfig): FileStore {
  const s3 = config.storage.s3;
  if (!s3.bucket) return new LocalFileStore(config.derived.storageDir, config.derived.url);
  return new S3FileStore({
    endpoint: s3.endpoint,
    region: s3.region,
    bucket: s3.bucket,
    accessKeyId: s3.access_key_id,
    secretAccessKey: s3.secret_access_key,
    forcePathStyle: s3.force_path_style,
    publicUrl: s3.public_url,
    baseUrl: config.derived.url,
  });
}

@Global()
@Module({
  providers: [
    {
      provide: StoragePaths,
      useFactory: (config: AppConfig) => new StoragePaths(config.derived.storageDir),
      inject: [APP_CONFIG],
    },
    { provide: FILE_STORE, useFactory: createFileStore, inject: [APP_CONFIG] },
  ],
  exports: [StoragePaths, FILE_STORE],
})
export class StorageModule {}
