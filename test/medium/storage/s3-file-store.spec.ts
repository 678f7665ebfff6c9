import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketUrl, S3FileStore } from '../../../server/core/storage/s3-file-store.js';
import { TestS3Server } from '../../utils/s3-server.js';

describe('S3FileStore against an S3 server', () => {
  let s3: TestS3Server;
  let store: S3FileStore;
  let folder: string;
  const bucket = 'files';

  /** A local file with `content`, for put (which consumes it). */
  const local = async (content: string | Buffer) => {
    const file = path.join(folder, randomBytes(8).toString('hex'));
    await writeFile(file, content);
    return file;
  };

  beforeAll(async () => {
    s3 = await TestS3Server.start();
    await s3.createBucket(bucket);
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-s3-store-'));
    const env = s3.env(bucket);
    store = new S3FileStore({
      endpoint: env.SHOAL_S3_ENDPOINT,
      region: env.SHOAL_S3_REGION,
      bucket,
      accessKeyId: env.SHOAL_S3_ACCESS_KEY_ID,
      secretAccessKey: env.SHOAL_S3_SECRET_ACCESS_KEY,
      forcePathStyle: true,
      publicUrl: '',
      baseUrl: 'http://shoal.test',
    });
  });

  afterAll(async () => {
    await s3?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it('stores a file, consumes the local one, and reads it whole or by range', async () => {
    const file = await local('0123456789');
    await store.put(file, 'web-videos/a.mp4');
    await expect(readFile(file)).rejects.toThrow();
    expect(await s3.keys(bucket)).toContain('web-videos/a.mp4');
    const whole = await store.read('web-videos/a.mp4');
    expect(whole && { size: whole.size, body: await text(whole.body) }).toEqual({ size: 10, body: '0123456789' });
    const part = await store.read('web-videos/a.mp4', { start: 2, end: 4 });
    expect(part && { size: part.size, body: await text(part.body) }).toEqual({ size: 10, body: '234' });
    const info = await store.stat('web-videos/a.mp4');
    expect(info).toMatchObject({ size: 10, etag: whole!.etag });
    expect(await store.read('web-videos/missing.mp4')).toBeUndefined();
    expect(await store.stat('web-videos/missing.mp4')).toBeUndefined();
  });

  it('stores a file larger than one part in parts', async () => {
    const bytes = randomBytes(17 * 1024 * 1024);
    await store.put(await local(bytes), 'sources/big.mp4');
    const copy = await store.localCopy('sources/big.mp4', path.join(folder, 'copy', 'big.mp4'));
    expect((await readFile(copy)).equals(bytes)).toBe(true);
  });

  it('lists and removes a folder, and removes a single file', async () => {
    for (const name of ['x/1.ts', 'x/2.ts', 'y.m3u8'])
      await store.put(await local(name), `streaming-playlists/hls/v/${name}`);
    const listed: string[] = [];
    for await (const { key } of store.list('streaming-playlists/hls/v/x/')) listed.push(key);
    expect(listed.sort()).toEqual(['streaming-playlists/hls/v/x/1.ts', 'streaming-playlists/hls/v/x/2.ts']);
    await store.remove('streaming-playlists/hls/v/x/');
    expect(await s3.keys(bucket, 'streaming-playlists/')).toEqual(['streaming-playlists/hls/v/y.m3u8']);
    await store.remove('streaming-playlists/hls/v/y.m3u8');
    await store.remove('streaming-playlists/hls/v/never-there');
    expect(await s3.keys(bucket, 'streaming-playlists/')).toEqual([]);
  });

  it("gives public files' URLs on the bucket, private ones' on Shoal, and signed ones that read without credentials", async () => {
    await store.put(await local('public bytes'), 'web-videos/b.mp4');
    const direct = store.url('web-videos/b.mp4');
    expect(direct).toBe(`${s3.endpoint}/${bucket}/web-videos/b.mp4`);
    expect(store.url('web-videos/b.mp4', 'private')).toBe('http://shoal.test/static/web-videos/b.mp4');
    const signed = await store.signedUrl('web-videos/b.mp4', 60);
    expect(signed).toContain('X-Amz-Signature=');
    expect(await (await fetch(signed)).text()).toBe('public bytes');
  });
});

describe('bucketUrl', () => {
  const options = {
    endpoint: 'https://s3.example.net:9000',
    region: 'eu-west-3',
    bucket: 'media',
    forcePathStyle: false,
  };

  it('puts the bucket in the host name for virtual-host addressing, in the path for path-style', () => {
    expect(bucketUrl(options)).toBe('https://media.s3.example.net:9000');
    expect(bucketUrl({ ...options, forcePathStyle: true })).toBe('https://s3.example.net:9000/media');
  });

  it("uses AWS's regional endpoint when none is given", () => {
    expect(bucketUrl({ ...options, endpoint: '' })).toBe('https://media.s3.eu-west-3.amazonaws.com');
  });
});
