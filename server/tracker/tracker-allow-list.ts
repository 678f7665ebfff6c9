import { Injectable } from '@nestjs/common';
import { VideoPrivacy, VideoState } from '../../shared/models/videos/video-enums.js';
import { OnDomainEvent } from '../core/events/domain-events.js';
import { VideosRepository } from '../modules/videos/videos.repository.js';

const ALLOWED_TTL_MS = 60_000;
// Short: a video published a moment ago must not wait long for its swarm.
const REFUSED_TTL_MS = 5_000;
const MAX_ENTRIES = 100_000;

/**
 * Which infohashes the private tracker accepts: files of this instance's published public and unlisted videos (and
 * the uploaded file of such a video that is listed before its transcoding ends).
 * Private and internal videos play over HTTP only, where their files are access-checked; the tracker cannot tell
 * who a peer is. Lookups are cached, and the cache is dropped whenever a video changes, in every process of the
 * instance (every-process listeners: the tracker may run in another process than the change).
 */
@Injectable()
export class TrackerAllowList {
  private readonly cache = new Map<string, { allowed: boolean; expiresAt: number }>();

  constructor(private readonly videos: VideosRepository) {}

  /** The cached answer, or undefined when the database must be asked (isAllowed). */
  cached(infoHash: string): boolean | undefined {
    const entry = this.cache.get(infoHash);
    return entry && entry.expiresAt > Date.now() ? entry.allowed : undefined;
  }

  async isAllowed(infoHash: string): Promise<boolean> {
    const cached = this.cached(infoHash);
    if (cached !== undefined) return cached;
    const now = Date.now();
    const video = await this.videos.getByInfoHash(infoHash);
    // A video that does not wait for transcoding is listed with its uploaded file, whose swarm is then open too.
    const listed =
      video !== undefined &&
      (video.state === VideoState.Published || (video.state === VideoState.ToTranscode && !video.waitTranscoding));
    const allowed = listed && (video.privacy === VideoPrivacy.Public || video.privacy === VideoPrivacy.Unlisted);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(infoHash, { allowed, expiresAt: now + (allowed ? ALLOWED_TTL_MS : REFUSED_TTL_MS) });
    return allowed;
  }

  @OnDomainEvent('video.published', { everyProcess: true })
  onVideoPublished(): Promise<void> {
    return this.forget();
  }

  @OnDomainEvent('video.updated', { everyProcess: true })
  onVideoUpdated(): Promise<void> {
    return this.forget();
  }

  @OnDomainEvent('video.deleted', { everyProcess: true })
  onVideoDeleted(): Promise<void> {
    return this.forget();
  }

  // Changes are rare next to announces; dropping everything is simpler than indexing infohashes by video.
  private forget(): Promise<void> {
    this.cache.clear();
    return Promise.resolve();
  }
}
