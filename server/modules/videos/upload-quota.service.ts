import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import type { DomainError } from '../../core/errors/domain-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { UploadQuotaRepository, type QuotaHold } from './upload-quota.repository.js';
import { videoErrors } from './videos.errors.js';

// A multipart reservation outlives its request by this much if the process dies; while the request runs it is
// extended every RESERVATION_REFRESH_MS.
const RESERVATION_TTL_MS = 5 * 60_000;
export const RESERVATION_REFRESH_MS = 60_000;

/** Quota held for a multipart body, and the error that refuses a body going past it. */
export interface RequestReservation {
  hold: QuotaHold & { kind: 'reservation' };
  bytes: number;
  exceeded: () => DomainError;
}

/**
 * The size limit and the quotas. Every check runs with the user's row locked, and every upload holds its bytes
 * from that check until its video row exists (a multipart request through a reservation, a resumable upload
 * through its session), so concurrent uploads of one user cannot together go past the quota.
 */
@Injectable()
export class UploadQuotaService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly quota: UploadQuotaRepository,
  ) {}

  /**
   * Reserves quota for a multipart body: `announced` bytes, or for a body of unknown length (chunked) everything
   * the user may still upload, which then bounds the body as it arrives.
   */
  async reserveForRequest(user: AuthUser, announced: number | undefined): Promise<RequestReservation> {
    const max = this.config.videos.max_upload_size;
    if (announced !== undefined) this.assertMaxSize(announced);
    return this.dataSource.transaction(async (manager) => {
      const room = await this.room(manager, user);
      const bytes = announced ?? Math.min(max, room);
      if (announced !== undefined || bytes <= 0) this.assertFits(room, announced ?? 1, user);
      const id = randomBytes(16).toString('hex');
      await this.quota.insertReservation(manager, id, user.id, bytes, new Date(Date.now() + RESERVATION_TTL_MS));
      const exceeded = bytes >= max ? () => videoErrors.maxFileSize(max) : () => this.quotaError(user);
      return { hold: { kind: 'reservation' as const, id }, bytes, exceeded };
    });
  }

  /** Opens a resumable session (`create` inserts its row) once its announced size fits. */
  async openSession(user: AuthUser, size: number, create: (manager: EntityManager) => Promise<void>): Promise<void> {
    this.assertMaxSize(size);
    await this.dataSource.transaction(async (manager) => {
      this.assertFits(await this.room(manager, user), size, user);
      await create(manager);
    });
  }

  /**
   * Inside the transaction that stores the video: its real size must fit without its own hold, which then ends
   * (`consume`, once the video row exists).
   */
  async assertFitsOnStore(manager: EntityManager, user: AuthUser, size: number, hold?: QuotaHold): Promise<void> {
    this.assertMaxSize(size);
    this.assertFits(await this.room(manager, user, hold), size, user);
  }

  consume(manager: EntityManager, hold: QuotaHold, videoId: number): Promise<void> {
    return this.quota.consume(manager, hold, videoId);
  }

  extend(hold: RequestReservation['hold']): Promise<void> {
    return this.quota.extendReservation(hold.id, new Date(Date.now() + RESERVATION_TTL_MS));
  }

  release(hold: RequestReservation['hold']): Promise<void> {
    return this.quota.deleteReservation(hold.id);
  }

  purgeExpired(): Promise<number> {
    return this.quota.deleteExpiredReservations();
  }

  assertMaxSize(size: number): void {
    if (size > this.config.videos.max_upload_size) throw videoErrors.maxFileSize(this.config.videos.max_upload_size);
  }

  /** Locks the user and answers how many more bytes fit in both quotas (Infinity when unlimited). */
  private async room(manager: EntityManager, user: AuthUser, except?: QuotaHold): Promise<number> {
    const limits = await this.quota.lockUser(manager, user.id);
    if (!limits) throw videoErrors.quotaReached('Unknown user');
    const committed = await this.quota.committed(manager, user.id, user.accountId, except);
    const total = limits.videoQuota === -1 ? Infinity : limits.videoQuota - committed.total;
    const daily = limits.videoQuotaDaily === -1 ? Infinity : limits.videoQuotaDaily - committed.daily;
    return Math.min(total, daily);
  }

  private assertFits(room: number, size: number, user: AuthUser): void {
    if (size > room) throw this.quotaError(user);
  }

  private quotaError(user: AuthUser): DomainError {
    return videoErrors.quotaReached(
      `The video quota of ${user.username} is exceeded with this video (counting its videos and the uploads in progress)`,
    );
  }
}
