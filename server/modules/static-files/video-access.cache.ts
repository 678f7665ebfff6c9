import { Injectable } from '@nestjs/common';
import type { VideoPrivacy } from '../../../shared/models/videos/video-enums.js';
import { OnDomainEvent } from '../../core/events/domain-events.js';
import { VideosRepository } from '../videos/videos.repository.js';

interface VideoAccess {
  privacy: VideoPrivacy;
  ownerUserId: number | null;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Privacy of videos by UUID for the file gate: one query per video and minute, dropped on update or delete in every
 * process of the instance (every-process listeners), so a video made private is refused at once everywhere.
 */
@Injectable()
export class VideoAccessCache {
  private readonly entries = new Map<string, { access: VideoAccess | undefined; expiresAt: number }>();

  constructor(private readonly videos: VideosRepository) {}

  async get(uuid: string): Promise<VideoAccess | undefined> {
    const cached = this.entries.get(uuid);
    if (cached && cached.expiresAt > Date.now()) return cached.access;
    const access = await this.videos.getAccessByUuid(uuid);
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(uuid, { access, expiresAt: Date.now() + TTL_MS });
    return access;
  }

  @OnDomainEvent('video.updated', { everyProcess: true })
  onVideoUpdated({ uuid }: { uuid: string }): Promise<void> {
    this.entries.delete(uuid);
    return Promise.resolve();
  }

  @OnDomainEvent('video.deleted', { everyProcess: true })
  onVideoDeleted({ uuid }: { uuid: string }): Promise<void> {
    this.entries.delete(uuid);
    return Promise.resolve();
  }
}
