import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** A user's quotas as set by moderators (-1 = unlimited). */
export interface QuotaLimits {
  videoQuota: number;
  videoQuotaDaily: number;
}

/** Bytes that count against a user's quotas: stored videos, plus uploads still being received. */
export interface QuotaCommitted {
  total: number;
  daily: number;
}

/** What an upload in progress holds against the quota until its video is stored. */
export type QuotaHold = { kind: 'reservation'; id: string } | { kind: 'session'; id: string };

@Injectable()
export class UploadQuotaRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Locks the user's row until the transaction ends, so the quota checks of one user run one at a time. NO KEY
   * UPDATE, so rows that merely reference the user (tokens, sessions) can still be inserted meanwhile.
   */
  async lockUser(manager: EntityManager, userId: number): Promise<QuotaLimits | undefined> {
    const rows: { videoQuota: string; videoQuotaDaily: string }[] = await manager.query(
      `SELECT video_quota AS "videoQuota", video_quota_daily AS "videoQuotaDaily" FROM users WHERE id = $1
       FOR NO KEY UPDATE`,
      [userId],
    );
    const row = rows[0];
    return row && { videoQuota: Number(row.videoQuota), videoQuotaDaily: Number(row.videoQuotaDaily) };
  }

  /**
   * Stored videos, open resumable sessions (their announced size) and live multipart reservations; `except` is
   * the hold of the upload being checked, which must not count twice.
   */
  async committed(
    manager: EntityManager,
    userId: number,
    accountId: number,
    except?: QuotaHold,
  ): Promise<QuotaCommitted> {
    const [row] = await manager.query<{ total: string; daily: string; pending: string }[]>(
      `SELECT COALESCE(SUM(v.source_size), 0) AS total,
              COALESCE(SUM(v.source_size) FILTER (WHERE v.created_at > now() - interval '24 hours'), 0) AS daily,
              (SELECT COALESCE(SUM(u.size), 0) FROM video_uploads u
                WHERE u.user_id = $1 AND u.video_id IS NULL AND u.id IS DISTINCT FROM $3)
              + (SELECT COALESCE(SUM(r.bytes), 0) FROM upload_reservations r
                WHERE r.user_id = $1 AND r.expires_at > now() AND r.id IS DISTINCT FROM $4) AS pending
       FROM videos v JOIN video_channels c ON c.id = v.channel_id WHERE c.account_id = $2`,
      [
        userId,
        accountId,
        except?.kind === 'session' ? except.id : null,
        except?.kind === 'reservation' ? except.id : null,
      ],
    );
    const pending = Number(row.pending);
    return { total: Number(row.total) + pending, daily: Number(row.daily) + pending };
  }

  async insertReservation(manager: EntityManager, id: string, userId: number, bytes: number, expiresAt: Date) {
    await manager.query(`INSERT INTO upload_reservations (id, user_id, bytes, expires_at) VALUES ($1, $2, $3, $4)`, [
      id,
      userId,
      bytes,
      expiresAt,
    ]);
  }

  async extendReservation(id: string, expiresAt: Date): Promise<void> {
    await this.dataSource.query(`UPDATE upload_reservations SET expires_at = $2 WHERE id = $1`, [id, expiresAt]);
  }

  /** The hold ends: a reservation is deleted, a session is marked as turned into its video. */
  async consume(manager: EntityManager, hold: QuotaHold, videoId: number): Promise<void> {
    if (hold.kind === 'reservation') await manager.query(`DELETE FROM upload_reservations WHERE id = $1`, [hold.id]);
    else await manager.query(`UPDATE video_uploads SET video_id = $2 WHERE id = $1`, [hold.id, videoId]);
  }

  async deleteReservation(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM upload_reservations WHERE id = $1`, [id]);
  }

  /** Reservations of uploads whose process died; returns how many. */
  async deleteExpiredReservations(): Promise<number> {
    // TypeORM answers a DELETE with [rows, count].
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM upload_reservations WHERE expires_at <= now()`,
    );
    return count;
  }
}
