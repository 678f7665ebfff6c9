import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { contentTypeOf } from './content-types.js';
import {
  shoalFileUrl,
  type ByteRange,
  type FileStore,
  type FileVisibility,
  type StoredFileInfo,
  type StoredFileRead,
} from './file-store.js';

export interface S3StoreOptions {
  /** Empty: AWS, from the region. */
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
  /** Where public files are fetched (bucket URL or CDN); empty: the bucket's own URL. */
  publicUrl: string;
  /** The instance's URL, for files served through Shoal. */
  baseUrl: string;
}

// DeleteObjects takes at most this many keys per request.
const DELETE_BATCH = 1000;
/**
 * The prefix of private files' keys. Give the public read access (bucket policy, or the CDN's origin) to every key
 * but these: files of private and internal videos, sources and uploads.
 */
export const PRIVATE_PREFIX = 'private/';
// lib-storage's part size: big enough for few parts, small enough to hold a few in memory.
const PART_BYTES = 16 * 1024 * 1024;

/**
 * The store in an S3-compatible bucket, through the AWS SDK: AWS, MinIO, Garage, Ceph RGW and others, in
 * path-style or virtual-host addressing. Keys are the local store's paths, so a file keeps its key when moved
 * between the two (scripts/storage-move.ts).
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly publicBase: string;

  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      forcePathStyle: options.forcePathStyle,
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
      // The SDK's default CRC32 checksums (since 2025) are unknown to many S3-compatible stores, which refuse the
      // request or keep the checksum framing in the object: only send them where the API requires one.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.publicBase = (options.publicUrl || bucketUrl(options)).replace(/\/+$/, '');
  }

  placed(key: string, visibility: FileVisibility): string {
    return visibility === 'private' ? `${PRIVATE_PREFIX}${key}` : key;
  }

  async put(localPath: string, key: string): Promise<void> {
    await this.write(key, createReadStream(localPath));
    await rm(localPath, { force: true });
  }

  /** Stores a stream under `key`, in parts when it is large; readers see the object only once it is complete. */
  private async write(key: string, body: Readable): Promise<void> {
    const upload = new Upload({
      client: this.client,
      partSize: PART_BYTES,
      params: { Bucket: this.options.bucket, Key: key, Body: body, ContentType: contentTypeOf(key) },
    });
    await upload.done();
  }

  /** Copied within the bucket, then the original deleted: S3 has no rename. */
  async move(from: string, to: string): Promise<void> {
    const { bucket } = this.options;
    await this.client.send(
      new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${encodeKey(from)}` }),
    );
    await this.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: from }));
  }

  async read(key: string, range?: ByteRange): Promise<StoredFileRead | undefined> {
    const response = await this.client
      .send(
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      )
      .catch(orNotFound);
    if (!response?.Body) return undefined;
    // With a range, the whole size is the part of Content-Range after the slash.
    const total = response.ContentRange ? Number(response.ContentRange.split('/')[1]) : response.ContentLength;
    return {
      size: total ?? 0,
      etag: response.ETag ?? '""',
      lastModified: response.LastModified ?? new Date(0),
      body: response.Body as Readable,
    };
  }

  async stat(key: string): Promise<StoredFileInfo | undefined> {
    const response = await this.client
      .send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }))
      .catch(orNotFound);
    if (!response) return undefined;
    return {
      size: response.ContentLength ?? 0,
      etag: response.ETag ?? '""',
      lastModified: response.LastModified ?? new Date(0),
    };
  }

  async localCopy(key: string, downloadPath: string): Promise<string> {
    const file = await this.read(key);
    if (!file) throw new Error(`no file ${key} in the bucket`);
    await mkdir(path.dirname(downloadPath), { recursive: true });
    await pipeline(file.body, createWriteStream(downloadPath));
    return downloadPath;
  }

  async remove(key: string): Promise<void> {
    if (!key.endsWith('/')) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return;
    }
    let batch: string[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const Objects = batch.map((Key) => ({ Key }));
      batch = [];
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects } }));
    };
    for await (const { key: found } of this.list(key)) {
      batch.push(found);
      if (batch.length === DELETE_BATCH) await flush();
    }
    await flush();
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    const pages = paginateListObjectsV2({ client: this.client }, { Bucket: this.options.bucket, Prefix: prefix });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key, size: object.Size ?? 0 };
      }
    }
  }

  url(key: string, visibility: FileVisibility = 'public'): string {
    if (visibility === 'private') return shoalFileUrl(this.options.baseUrl, key);
    return `${this.publicBase}/${encodeKey(key)}`;
  }

  signedUrl(key: string, seconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
      expiresIn: seconds,
    });
  }
}

/** The bucket's own URL in the configured addressing style. */
export function bucketUrl(options: Pick<S3StoreOptions, 'endpoint' | 'region' | 'bucket' | 'forcePathStyle'>): string {
  const endpoint = new URL(options.endpoint || `https://s3.${options.region}.amazonaws.com`);
  const base = endpoint.href.replace(/\/+$/, '');
  if (options.forcePathStyle) return `${base}/${options.bucket}`;
  return `${endpoint.protocol}//${options.bucket}.${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}`;
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

function orNotFound(error: unknown): undefined {
  if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return undefined;
  throw error;
}
