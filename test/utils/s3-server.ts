import { CreateBucketCommand, ListObjectsV2Command, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from '@20minutes/s3rver';

const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
const REGION = 'us-east-1';

/**
 * A real S3-speaking server for tests (`@20minutes/s3rver`, which refuses what it cannot store faithfully), on its own
 * port and folder.
 * Shoal and the tests speak to it only through the AWS SDK and plain HTTP, as to any S3-compatible store.
 */
export class TestS3Server {
  private constructor(
    private readonly server: S3rver,
    private readonly directory: string,
    /** e.g. http://127.0.0.1:40123 */
    readonly endpoint: string,
  ) {}

  static async start(): Promise<TestS3Server> {
    const directory = await mkdtemp(path.join(tmpdir(), 'shoal-s3-'));
    // Its V4 signature check disagrees with the SDK's current signing (SignatureDoesNotMatch on every request).
    const server = new S3rver({
      ...{ address: '127.0.0.1', port: 0, silent: true, directory, vhostBuckets: false },
      allowMismatchedSignatures: true,
    });
    const address = await server.run();
    return new TestS3Server(server, directory, `http://127.0.0.1:${address.port}`);
  }

  /** A client of this server, as Shoal configures its own. */
  client(): S3Client {
    return new S3Client({
      region: REGION,
      endpoint: this.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async createBucket(name: string): Promise<void> {
    await this.client().send(new CreateBucketCommand({ Bucket: name }));
  }

  /** The port of its endpoint. */
  get port(): number {
    return Number(new URL(this.endpoint).port);
  }

  /**
   * Lets pages of any origin read the bucket's objects, as an instance's bucket must for its players (HLS playlists
   * and segments, with Range, fetched by the watch page of the instance's own origin).
   */
  async allowBrowsers(bucket: string): Promise<void> {
    await this.client().send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['*'],
              AllowedMethods: ['GET', 'HEAD'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['Content-Length', 'Content-Range', 'ETag'],
              MaxAgeSeconds: 3600,
            },
          ],
        },
      }),
    );
  }

  /** Every key in a bucket, sorted. */
  async keys(bucket: string, prefix = ''): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client().send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
      token = page.NextContinuationToken;
    } while (token);
    return keys.sort();
  }

  /** The SHOAL_* variables of an instance storing its files in `bucket` (path-style, public URL the bucket's). */
  env(bucket: string, extra: { publicUrl?: string } = {}): Record<string, string> {
    return {
      SHOAL_S3_ENDPOINT: this.endpoint,
      SHOAL_S3_REGION: REGION,
      SHOAL_S3_BUCKET: bucket,
      SHOAL_S3_ACCESS_KEY_ID: ACCESS_KEY_ID,
      SHOAL_S3_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      SHOAL_S3_FORCE_PATH_STYLE: 'true',
      SHOAL_S3_PUBLIC_URL: extra.publicUrl ?? '',
    };
  }

  async stop(): Promise<void> {
    await this.server.close();
    await rm(this.directory, { recursive: true, force: true });
  }
}
