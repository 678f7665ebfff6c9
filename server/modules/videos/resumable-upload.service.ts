import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { open } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { VideoCreateResult } from '../../../shared/models/videos/video.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { abandonRequestBody, BodyLimitExceeded, readWithinLimit } from '../../core/http/request-body-limit.js';
import { JobName, JobStatus } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { REDIS } from '../../core/redis/redis.module.js';
import type { AuthUser } from '../auth/auth-user.js';
import type { ResumableUploadInitDto } from './dto/video.dto.js';
import { UploadBytes } from './upload-bytes.js';
import { UploadQuotaService } from './upload-quota.service.js';
import type { VideoUploadEntity } from './video-upload.entity.js';
import { VideoUploadService } from './video-upload.service.js';
import { VideoUploadsRepository } from './video-uploads.repository.js';
import { videoErrors } from './videos.errors.js';
import { VideosRepository } from './videos.repository.js';

// Released when the chunk ends, and renewed while it is received however slowly: the expiry only matters if the
// process dies while receiving one, and is short so that the client soon goes on through another process.
const UPLOAD_LOCK_MS = 10_000;
const UPLOAD_LOCK_RENEW_MS = 3_000;

export type ChunkOutcome = { complete: false; received: number } | { complete: true; result: VideoCreateResult };

interface ContentRange {
  /** Undefined for a status query (`bytes *\/total`). */
  start?: number;
  end?: number;
  total: number;
}

export function parseContentRange(header: string | undefined): ContentRange {
  const match = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/.exec(header?.trim() ?? '');
  if (!match)
    throw videoErrors.invalidContentRange(`expected 'bytes start-end/total' or 'bytes */total', got '${header ?? ''}'`);
  const total = Number(match[3]);
  if (match[1] === undefined) return { total };
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (end < start || end >= total)
    throw videoErrors.invalidContentRange(`range ${start}-${end} does not fit in ${total} bytes`);
  return { start, end, total };
}

/**
 * PeerTube's resumable upload protocol: an init creates a session, PUT chunks with Content-Range append to its
 * file (308 + Range until complete), and a client that lost its connection asks with `bytes *\/total` where to go on.
 * The bytes on disk are the truth: what was written before a drop is kept.
 */
@Injectable()
export class ResumableUploadService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly bytes: UploadBytes,
    private readonly uploads: VideoUploadsRepository,
    private readonly uploadService: VideoUploadService,
    private readonly quota: UploadQuotaService,
    private readonly videos: VideosRepository,
  ) {
    this.logger = logger.child({ component: 'resumable-upload' });
  }

  async init(
    user: AuthUser,
    dto: ResumableUploadInitDto,
    sizeHeader: string | undefined,
  ): Promise<{ uploadId: string; location: string }> {
    if (!sizeHeader || !/^\d+$/.test(sizeHeader) || Number(sizeHeader) === 0) {
      throw new DomainError(
        'missing_upload_length',
        HttpStatus.BAD_REQUEST,
        'X-Upload-Content-Length must give the file size in bytes',
        {
          invalidParams: [{ name: 'X-Upload-Content-Length', reason: 'required positive integer' }],
        },
      );
    }
    const size = Number(sizeHeader);
    await this.uploadService.assertOwnsChannel(user, dto.channelId);

    const id = this.uploadService.newUploadId();
    await this.bytes.create(id);
    const { filename, ...metadata } = dto;
    // The session holds its announced size against the quota until it becomes a video or is deleted.
    await this.quota
      .openSession(user, size, (manager) =>
        this.uploads.create(manager, { id, userId: user.id, channelId: dto.channelId, filename, size, metadata }),
      )
      .catch(async (error: unknown) => {
        await this.bytes.remove(id);
        throw error;
      });
    return { uploadId: id, location: `${this.config.derived.url}/api/v1/videos/upload-resumable?upload_id=${id}` };
  }

  async receive(
    user: AuthUser,
    uploadId: string,
    contentRange: string | undefined,
    body: IncomingMessage,
  ): Promise<ChunkOutcome> {
    try {
      return await this.receiveChunk(user, uploadId, contentRange, body);
    } catch (error) {
      // A refused chunk is not stored; a client that keeps sending it is cut off shortly after the answer.
      abandonRequestBody(body);
      throw error;
    }
  }

  private async receiveChunk(
    user: AuthUser,
    uploadId: string,
    contentRange: string | undefined,
    body: IncomingMessage,
  ): Promise<ChunkOutcome> {
    const session = await this.uploads.getForUser(uploadId, user.id);
    if (!session) throw videoErrors.uploadNotFound();
    if (session.videoId !== null) return { complete: true, result: await this.resultOf(session.videoId) };
    // One chunk at a time per session: two writers could both see the file complete and create two videos.
    const lock = `${this.config.redis.key_prefix}:upload-lock:${uploadId}`;
    if ((await this.redis.set(lock, '1', 'PX', UPLOAD_LOCK_MS, 'NX')) !== 'OK') throw videoErrors.uploadBusy();
    const renewal = setInterval(
      () => void this.redis.pexpire(lock, UPLOAD_LOCK_MS).catch(() => undefined),
      UPLOAD_LOCK_RENEW_MS,
    );
    try {
      return await this.receiveLocked(user, session, contentRange, body);
    } finally {
      clearInterval(renewal);
      await this.redis.del(lock);
    }
  }

  private async receiveLocked(
    user: AuthUser,
    session: VideoUploadEntity,
    contentRange: string | undefined,
    body: IncomingMessage,
  ): Promise<ChunkOutcome> {
    const uploadId = session.id;
    const range = parseContentRange(contentRange);
    if (range.total !== session.size)
      throw videoErrors.invalidContentRange(`total ${range.total} differs from the announced ${session.size}`);
    const received = await this.bytes.received(uploadId);
    if (range.start !== undefined && range.start > received)
      throw videoErrors.invalidContentRange(`offset ${range.start} is past the ${received} bytes received`);
    // A status query (`bytes */total`) carries no body; a chunk carries exactly its range.
    const length = range.start === undefined ? 0 : range.end! - range.start + 1;
    const declared = body.headers['content-length'];
    if (declared !== undefined && Number(declared) !== length)
      throw videoErrors.invalidContentRange(`the body has ${declared} bytes, the range ${length}`);

    const completed = await this.writeChunk(uploadId, body, range.start ?? received, length, received);
    if (length > 0) await this.uploads.touch(uploadId);
    const now = await this.bytes.received(uploadId);
    if (!completed || now < session.size) return { complete: false, received: now };
    return { complete: true, result: await this.finish(user, session, now) };
  }

  /**
   * Writes the body, which must not be longer than `length`, at `start`. The upload never grows past the range, so
   * never past the session's announced size. Bytes before `received` are kept already and are not rewritten;
   * a body longer than its range is refused and what it added is removed. Answers false when the connection
   * dropped: what arrived is kept, as the protocol wants.
   */
  private async writeChunk(
    uploadId: string,
    body: IncomingMessage,
    start: number,
    length: number,
    received: number,
  ): Promise<boolean> {
    const target = await this.bytes.chunkTarget(uploadId, received);
    // The target's `position` is where the byte at `received` goes.
    const shift = target.position - received;
    const file = await open(target.path, 'r+');
    try {
      let offset = start;
      for await (const chunk of readWithinLimit(body, length)) {
        const skip = Math.min(Math.max(received - offset, 0), chunk.length);
        if (skip < chunk.length) await file.write(chunk, skip, chunk.length - skip, offset + skip + shift);
        offset += chunk.length;
      }
    } catch (error) {
      await file.close();
      if (error instanceof BodyLimitExceeded) {
        await this.bytes.discardChunk(target, received);
        throw videoErrors.invalidContentRange(`the body is longer than the ${length} bytes of its range`);
      }
      // What was written is in its place, whatever stopped the writing.
      await target.keep();
      // A dropped connection is the case this protocol exists for: keep what arrived.
      if (!body.destroyed) throw error;
      this.logger.info({ uploadId }, 'upload chunk interrupted');
      return false;
    }
    await file.close();
    await target.keep();
    return true;
  }

  async cancel(user: AuthUser, uploadId: string): Promise<void> {
    const session = await this.uploads.getForUser(uploadId, user.id);
    if (!session) throw videoErrors.uploadNotFound();
    await this.uploads.delete(uploadId);
    await this.bytes.remove(uploadId);
  }

  @OnJob(JobName.PurgeStaleUploads)
  async handlePurgeStaleUploads(): Promise<JobStatus> {
    const stale = await this.uploads.deleteStale(new Date(Date.now() - this.config.videos.upload_session_lifetime));
    const reservations = await this.quota.purgeExpired();
    await Promise.all(stale.map((id) => this.bytes.remove(id)));
    const orphans = await this.uploadService.removeOrphanUploadFiles(await this.uploads.listIds());
    const purged = stale.length + orphans + reservations;
    if (purged > 0) this.logger.info({ sessions: stale.length, orphans, reservations }, 'purged stale uploads');
    return purged > 0 ? JobStatus.Success : JobStatus.Skipped;
  }

  /** `size` is what is on disk: the quota counts the bytes received, not the announced ones. */
  private async finish(user: AuthUser, session: VideoUploadEntity, size: number): Promise<VideoCreateResult> {
    const source = { path: await this.bytes.assemble(session.id), filename: session.filename, size };
    try {
      // The session's hold on the quota passes to the video in the transaction that stores it.
      return await this.uploadService.createVideo(user, session.metadata, source, {
        hold: { kind: 'session', id: session.id },
      });
    } catch (error) {
      // The bytes were consumed by the refusal; the session has nothing left to resume.
      await this.uploads.delete(session.id);
      throw error;
    } finally {
      // The local file was consumed; parts in an object store are not needed any more either.
      await this.bytes.remove(session.id);
    }
  }

  private async resultOf(videoId: number): Promise<VideoCreateResult> {
    const video = await this.videos.getForTranscoding(videoId);
    if (!video) throw videoErrors.notFound();
    return { video: { id: video.id, uuid: video.uuid, shortUUID: video.shortUuid } };
  }
}
