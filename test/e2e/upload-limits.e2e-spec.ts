import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoCreateResult } from '../../shared/models/videos/video.model.js';
import { generateClip } from '../fixtures/media.js';
import { TestInstance } from '../utils/instance.js';
import { queryDatabase } from '../utils/services.js';

// Small enough for the tests to be quick, large enough that the sample clips fall on both sides of it.
const MAX_UPLOAD_SIZE = 1024 * 1024;
const MiB = 1024 * 1024;

interface StreamedAnswer {
  status: number;
  body: { code?: string; detail?: string } | undefined;
  /** Body bytes written when the answer arrived. */
  sentWhenAnswered: number;
}

/**
 * Sends `preamble` and then up to `fillerBytes` zero bytes (chunked unless a Content-Length header is given),
 * stopping as soon as an answer arrives, as a well-behaved client does.
 */
function streamRequest(
  url: URL,
  options: { method: 'PUT' | 'POST'; headers: Record<string, string | number>; preamble?: Buffer; fillerBytes: number },
): Promise<StreamedAnswer> {
  return new Promise((resolve) => {
    let sent = 0;
    let answer: StreamedAnswer | undefined;
    // Sending stops as soon as the answer begins: the server closes the connection a moment after answering, and a
    // client still writing then would see it reset before it had read the answer.
    let answered = false;
    // A connection of its own: one left in the middle of a body it announced must not be reused.
    const request = http.request(url, { method: options.method, headers: options.headers, agent: false });
    const finish = (result: StreamedAnswer) => {
      answer ??= result;
      resolve(answer);
    };
    request.on('error', () => finish({ status: 0, body: undefined, sentWhenAnswered: sent }));
    request.on('response', (response) => {
      answered = true;
      const sentWhenAnswered = sent;
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        request.destroy();
        finish({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, sentWhenAnswered });
      });
      response.on('error', () => finish({ status: response.statusCode ?? 0, body: undefined, sentWhenAnswered }));
    });
    const chunk = Buffer.alloc(64 * 1024);
    const pump = async () => {
      if (options.preamble) {
        request.write(options.preamble);
        sent += options.preamble.length;
      }
      let left = options.fillerBytes;
      while (left > 0 && !answered && !request.destroyed) {
        const piece = chunk.subarray(0, Math.min(left, chunk.length));
        left -= piece.length;
        sent += piece.length;
        if (!request.write(piece)) await new Promise((drained) => request.once('drain', drained));
      }
      if (!answered && !request.destroyed) request.end();
    };
    request.flushHeaders();
    void pump();
  });
}

/**
 * Like a hostile client: sends `preamble`, then 64 KiB every 5 ms whatever the answer, until the server closes the
 * connection (or 30 s pass). Resolves with the answer's status and how long the connection stayed open after it.
 */
function sendIgnoringAnswer(
  url: URL,
  headers: Record<string, string>,
  preamble: Buffer,
): Promise<{ status: number; openAfterAnswerMs: number }> {
  return new Promise((resolve) => {
    let status = 0;
    let answeredAt = 0;
    const request = http.request(url, { method: 'POST', headers, agent: false });
    const timer = setInterval(() => request.write(Buffer.alloc(64 * 1024)), 5);
    const giveUp = setTimeout(() => request.destroy(), 30_000);
    request.on('response', (response) => {
      status = response.statusCode ?? 0;
      answeredAt = Date.now();
      response.resume();
    });
    request.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve({ status, openAfterAnswerMs: answeredAt === 0 ? Infinity : Date.now() - answeredAt });
    });
    request.on('error', () => undefined);
    request.write(preamble);
  });
}

const BOUNDARY = 'shoal-limits-boundary';

/** The start of a multipart upload: the metadata fields and the header of the file part. */
function multipartPreamble(channelId: number): Buffer {
  const field = (name: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return Buffer.from(
    field('channelId', String(channelId)) +
      field('name', 'Streamed') +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="videofile"; filename="big.mp4"\r\n` +
      'Content-Type: video/mp4\r\n\r\n',
  );
}

describe('upload limits: sizes and quotas hold whatever the client announces', () => {
  let instance: TestInstance;
  let admin: string;
  let folder: string;
  /** About 0.5 MB: under the size limit. */
  let clip: string;
  let clipSize: number;
  /** About 3 MB: over the size limit. */
  let bigClip: string;
  let users = 0;

  const uploadFiles = () => readdir(path.join(instance.storageDir, 'tmp', 'uploads')).catch(() => [] as string[]);
  const quotaUsed = async (token: string) =>
    (await instance.api.call<{ videoQuotaUsed: number }>('get', '/api/v1/users/me/video-quota-used', { token }))
      .videoQuotaUsed;
  const videosOf = async (userId: number) =>
    Number(
      (
        await queryDatabase<{ count: string }>(
          instance.databaseName,
          `SELECT count(*) FROM videos v JOIN video_channels c ON c.id = v.channel_id
           JOIN accounts a ON a.id = c.account_id WHERE a.user_id = ${userId}`,
        )
      )[0].count,
    );

  /** A fresh uploader, with a quota when given. */
  const newUploader = async (videoQuota?: number) => {
    const login = await instance.api.registerAndLogin(`limits_${++users}`);
    if (videoQuota !== undefined) await instance.api.updateUser(admin, login.user.id, { videoQuota });
    return { token: login.token, userId: login.user.id, channelId: login.user.videoChannels[0].id };
  };

  /** A multipart upload streamed chunked (no Content-Length), its file `fillerBytes` long. */
  const streamMultipartUpload = (uploader: { token: string; channelId: number }, fillerBytes: number) =>
    streamRequest(new URL('/api/v1/videos/upload', instance.url), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${uploader.token}`,
        'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      preamble: multipartPreamble(uploader.channelId),
      fillerBytes,
    });

  const initResumable = (token: string, channelId: number, size: number) =>
    instance.api
      .raw('post', '/api/v1/videos/upload-resumable', {
        token,
        json: { channelId, name: 'Resumable', filename: 'clip.mp4' },
      })
      .set('X-Upload-Content-Length', String(size));

  const sessionFileSize = async (location: URL) => {
    const id = location.searchParams.get('upload_id')!;
    return (await stat(path.join(instance.storageDir, 'tmp', 'uploads', id))).size;
  };

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'shoal-limits-'));
    const config = path.join(folder, 'limits.yaml');
    await writeFile(config, `videos:\n  max_upload_size: ${MAX_UPLOAD_SIZE}\n`);
    instance = await TestInstance.create({ env: { SHOAL_CONFIG: config } });
    [clip, bigClip] = await Promise.all([
      generateClip({ path: path.join(folder, 'clip.mp4'), seconds: 2 }),
      generateClip({ path: path.join(folder, 'big.mp4'), seconds: 12 }),
      instance.start(),
    ]);
    clipSize = (await stat(clip)).size;
    expect(clipSize).toBeLessThan(MAX_UPLOAD_SIZE);
    expect((await stat(bigClip)).size).toBeGreaterThan(2 * MAX_UPLOAD_SIZE);
    admin = await instance.adminToken();
  });

  afterAll(async () => {
    await instance?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('audit #3: a PUT longer than its Content-Range is refused and nothing is written', async () => {
    const uploader = await newUploader();
    const init = await initResumable(uploader.token, uploader.channelId, 1);
    expect(init.status, JSON.stringify(init.body)).toBe(201);
    const location = new URL(init.headers.location);

    // A real video, larger than max_upload_size, sent as the single byte of a 1-byte session.
    const answer = await streamRequest(location, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${uploader.token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Range': 'bytes 0-0/1',
        'Content-Length': (await stat(bigClip)).size,
      },
      preamble: await readFile(bigClip),
      fillerBytes: 0,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body?.code).toBe('invalid_content_range');
    expect(await videosOf(uploader.userId)).toBe(0);
    expect(await quotaUsed(uploader.token)).toBe(0);
    expect(await sessionFileSize(location)).toBe(0);
  });

  it('audit #3: a PUT announcing more bytes than its range is refused before its body is read', async () => {
    const uploader = await newUploader();
    const init = await initResumable(uploader.token, uploader.channelId, 1);
    const location = new URL(init.headers.location);
    const answer = await Promise.race([
      streamRequest(location, {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${uploader.token}`,
          'Content-Type': 'application/octet-stream',
          'Content-Range': 'bytes 0-0/1',
          'Content-Length': 300 * MiB,
        },
        fillerBytes: 0,
      }),
      new Promise<StreamedAnswer>((resolve) =>
        setTimeout(() => resolve({ status: 0, body: undefined, sentWhenAnswered: 0 }), 5000),
      ),
    ]);
    expect(answer.status, 'answered without waiting for the body').toBe(400);
    expect(answer.body?.code).toBe('invalid_content_range');
    expect(await sessionFileSize(location)).toBe(0);
  });

  it('audit #3 #8: a chunked PUT is cut at its range and nothing past the announced length reaches the disk', async () => {
    const uploader = await newUploader();
    const init = await initResumable(uploader.token, uploader.channelId, 1000);
    const location = new URL(init.headers.location);
    const answer = await streamRequest(location, {
      method: 'PUT',
      headers: {
        Authorization: `Bearer ${uploader.token}`,
        'Content-Type': 'application/octet-stream',
        'Content-Range': 'bytes 0-999/1000',
      },
      fillerBytes: 64 * MiB,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body?.code).toBe('invalid_content_range');
    // Answered long before the body's 64 MiB: loopback buffers hold a few MiB, and what the server drops while it
    // answers goes at loopback speed.
    expect(answer.sentWhenAnswered).toBeLessThan(32 * MiB);
    // The bytes of a refused chunk are not kept: the session is where it was.
    expect(await sessionFileSize(location)).toBe(0);
    const status = await instance.api
      .raw('put', `${location.pathname}${location.search}`, { token: uploader.token })
      .set('Content-Range', 'bytes */1000')
      .send(Buffer.alloc(0));
    expect(status.status).toBe(308);
    expect(status.headers.range).toBeUndefined();
  });

  it('audit #3: a completed resumable upload counts the bytes received', async () => {
    const uploader = await newUploader();
    const init = await initResumable(uploader.token, uploader.channelId, clipSize);
    const location = new URL(init.headers.location);
    const put = await instance.api
      .raw('put', `${location.pathname}${location.search}`, { token: uploader.token })
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes 0-${clipSize - 1}/${clipSize}`)
      .send(await readFile(clip));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await quotaUsed(uploader.token)).toBe(clipSize);
  });

  it('audit #7: four concurrent multipart uploads cannot exceed the quota', async () => {
    const quota = Math.floor(clipSize * 1.5);
    const uploader = await newUploader(quota);
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        instance.api
          .raw('post', '/api/v1/videos/upload', { token: uploader.token })
          .field('channelId', String(uploader.channelId))
          .field('name', `Concurrent ${index}`)
          .attach('videofile', clip),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses, JSON.stringify(responses.map((response): unknown => response.body))).toEqual([200, 413, 413, 413]);
    for (const refused of responses.filter((response) => response.status === 413)) {
      expect(refused.body.code).toBe('quota_reached');
    }
    expect(await quotaUsed(uploader.token)).toBeLessThanOrEqual(quota);
    expect(await videosOf(uploader.userId)).toBe(1);
  });

  it('audit #7: concurrent resumable sessions cannot reserve more than the quota', async () => {
    const quota = Math.floor(clipSize * 1.5);
    const uploader = await newUploader(quota);
    const inits = await Promise.all(
      Array.from({ length: 4 }, () => initResumable(uploader.token, uploader.channelId, clipSize)),
    );
    expect(inits.map((response) => response.status).sort()).toEqual([201, 413, 413, 413]);
    // While that session is open, a multipart upload cannot take its bytes either.
    const multipart = await instance.api
      .raw('post', '/api/v1/videos/upload', { token: uploader.token })
      .field('channelId', String(uploader.channelId))
      .field('name', 'Meanwhile')
      .attach('videofile', clip);
    expect(multipart.status).toBe(413);

    const location = new URL(inits.find((response) => response.status === 201)!.headers.location);
    const put = await instance.api
      .raw('put', `${location.pathname}${location.search}`, { token: uploader.token })
      .set('Content-Type', 'application/octet-stream')
      .set('Content-Range', `bytes 0-${clipSize - 1}/${clipSize}`)
      .send(await readFile(clip));
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(await quotaUsed(uploader.token)).toBe(clipSize);
    // Once done, the session no longer holds any quota besides the video.
    const next = await initResumable(uploader.token, uploader.channelId, quota - clipSize);
    expect(next.status).toBe(201);
  });

  it('audit #8: a chunked multipart upload is cut at the quota', async () => {
    const uploader = await newUploader(200_000);
    const before = await uploadFiles();
    const answer = await streamMultipartUpload(uploader, 64 * MiB);
    expect(answer.status, JSON.stringify(answer.body)).toBe(413);
    expect(answer.body?.code).toBe('quota_reached');
    // Answered long before the body's 64 MiB: loopback buffers hold a few MiB, and what the server drops while it
    // answers goes at loopback speed.
    expect(answer.sentWhenAnswered).toBeLessThan(32 * MiB);
    expect(await videosOf(uploader.userId)).toBe(0);
    await expect.poll(uploadFiles).toEqual(before);
  });

  it('audit #8: a client that keeps sending after the refusal is disconnected', async () => {
    const uploader = await newUploader(200_000);
    const result = await sendIgnoringAnswer(
      new URL('/api/v1/videos/upload', instance.url),
      { Authorization: `Bearer ${uploader.token}`, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
      multipartPreamble(uploader.channelId),
    );
    expect(result.status).toBe(413);
    expect(result.openAfterAnswerMs).toBeLessThan(10_000);
  });

  it('audit #8: a chunked multipart upload is cut at max_upload_size', async () => {
    const uploader = await newUploader();
    const answer = await streamMultipartUpload(uploader, 64 * MiB);
    expect(answer.status, JSON.stringify(answer.body)).toBe(413);
    expect(answer.body?.code).toBe('max_file_size_reached');
    // Answered long before the body's 64 MiB: loopback buffers hold a few MiB, and what the server drops while it
    // answers goes at loopback speed.
    expect(answer.sentWhenAnswered).toBeLessThan(32 * MiB);
  });

  it('audit #8: a chunked multipart upload within the limits is accepted and counted', async () => {
    const uploader = await newUploader(Math.floor(clipSize * 1.5));
    const response = await new Promise<{ status: number; body: VideoCreateResult }>((resolve, reject) => {
      const request = http.request(new URL('/api/v1/videos/upload', instance.url), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${uploader.token}`,
          'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`,
        },
      });
      request.on('error', reject);
      request.on('response', (answer) => {
        let text = '';
        answer.setEncoding('utf8');
        answer.on('data', (chunk: string) => (text += chunk));
        answer.on('end', () =>
          resolve({ status: answer.statusCode ?? 0, body: JSON.parse(text) as VideoCreateResult }),
        );
      });
      void readFile(clip).then((bytes) => {
        request.write(multipartPreamble(uploader.channelId));
        request.write(bytes);
        request.end(`\r\n--${BOUNDARY}--\r\n`);
      });
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(await quotaUsed(uploader.token)).toBe(clipSize);
  });
});
