import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../core/config/config.js';
import { APP_CONFIG } from '../../../core/config/config.module.js';
import { DomainError } from '../../../core/errors/domain-error.js';
import { DomainEvents } from '../../../core/events/domain-events.js';
import { REDIS } from '../../../core/redis/redis.module.js';
import type { AuthUser } from '../../auth/auth-user.js';
import { VideoErrorCode } from '../videos.errors.js';
import { VideosService } from '../videos.service.js';
import { VideoViewersStore } from './video-viewers.store.js';
import { VideoViewsBuffer } from './video-views.buffer.js';
import { VideoViewsRepository } from './video-views.repository.js';

/** What a player reports (PeerTube's `VideoView`). */
export interface ViewReport {
  currentTime: number;
  sessionId?: string;
}

/** A View activity from another instance, as the federation sanitized it. */
export interface RemoteViewReport {
  videoUrl: string;
  /** The activity's id: a reported viewer's identity. */
  activityId: string;
  /** Host of the actor that sent it. */
  senderHost: string;
  /** Present on viewer reports (the viewer counts until then); absent on a view. */
  expires?: Date;
  /** On viewer reports of a remote video's origin: its total of viewers. */
  viewersCount?: number;
}

/**
 * Views and viewers (`POST /videos/{id}/views`, anonymous allowed), as PeerTube counts them:
 * - a viewer is the player's `sessionId` (when `views.trust_viewer_session_id`) or else the IP address, hashed: Redis
 *   holds no list of viewers' addresses;
 * - each report makes the viewer count among the video's concurrent viewers for `views.viewer_window`;
 * - one view per viewer and video within `videos.view_window`; it is buffered in Redis and reaches the database with
 *   the next flush (VideoViewsFlushService). A view of another instance's video is also reported to its origin, which
 *   keeps the count (and sends it back with the video).
 */
@Injectable()
export class VideoViewsService {
  private readonly reportPrefix: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly videos: VideosService,
    private readonly buffer: VideoViewsBuffer,
    private readonly viewers: VideoViewersStore,
    private readonly repository: VideoViewsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.reportPrefix = `${config.redis.key_prefix}:video-viewer-reports`;
  }

  /** Answers whether the report counted as a view (false: this viewer's view was counted within the window). */
  async view(id: string, report: ViewReport, ip: string, user: AuthUser | undefined): Promise<boolean> {
    const video = await this.videos.getVisible(id, user);
    // PeerTube takes whole seconds, and refuses a position past the end of a video whose length it knows.
    if (video.duration > 0 && Math.trunc(report.currentTime) > video.duration) throw currentTimePastEnd(video.duration);
    const trusted = this.config.views.trust_viewer_session_id && report.sessionId !== undefined;
    const viewer = hashViewer(trusted ? `session:${report.sessionId}` : `ip:${ip}`);

    // Views and viewers live in Redis, not in a transaction: their events are committed on their own, after them.
    const outbox = this.dataSource.manager;
    await this.viewers.touch(video.id, viewer);
    if (!video.isLocal && (await this.claimViewerReport(video.id, viewer))) {
      await this.events.emit(outbox, 'video.watching', { videoId: video.id, viewerId: viewer });
    }
    if (!(await this.buffer.firstViewInWindow(video.id, viewer))) return false;
    await this.buffer.add(video.id, video.isLocal);
    if (!video.isLocal) await this.events.emit(outbox, 'video.viewed', { videoId: video.id });
    return true;
  }

  /**
   * A View from another instance. A view counts only for a video of this instance (its origin counts a remote
   * video's, and a third server must not inflate what this one shows); a viewer report of a local video adds a
   * viewer until its `expires`; the origin's report of a remote video sets that video's viewers. Answers whether
   * anything was counted.
   */
  async receiveRemote(report: RemoteViewReport): Promise<boolean> {
    const video = await this.repository.findByUrl(report.videoUrl);
    if (!video) return false;
    if (report.expires === undefined) {
      if (!video.isLocal) return false;
      await this.buffer.add(video.id, true);
      return true;
    }
    if (video.isLocal) {
      await this.viewers.touchReported(video.id, hashViewer(`remote:${report.activityId}`), report.expires.getTime());
      return true;
    }
    if (report.viewersCount === undefined || report.senderHost !== video.originHost) return false;
    await this.viewers.setOriginTotal(video.id, report.viewersCount, report.expires.getTime());
    return true;
  }

  /**
   * Whether a viewer of a remote video is due to be reported to its origin: when new, then again once three
   * quarters of the viewer window passed (as PeerTube does), so the origin keeps counting them while they watch.
   */
  private async claimViewerReport(videoId: number, viewer: string): Promise<boolean> {
    const period = Math.floor(this.viewers.windowMs * 0.75);
    return (await this.redis.set(`${this.reportPrefix}:${videoId}:${viewer}`, '1', 'PX', period, 'NX')) !== null;
  }
}

const hashViewer = (identity: string): string => createHash('sha256').update(identity).digest('hex').slice(0, 32);

const currentTimePastEnd = (duration: number): DomainError =>
  new DomainError(
    VideoErrorCode.InvalidCurrentTime,
    HttpStatus.BAD_REQUEST,
    `currentTime is past the end of the video (${duration} s)`,
    { invalidParams: [{ name: 'currentTime', reason: `must be at most ${duration}` }] },
  );
