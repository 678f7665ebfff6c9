import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import type { Video, VideoDetails } from '../../../shared/models/videos/video.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents, OnDomainEvent } from '../../core/events/domain-events.js';
import { DATABASE_INT_MAX, parseBoundedInt } from '../../core/http/integers.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { SWARM_STATS, type SwarmStats } from '../../core/media/swarm-stats.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { hasRight, type AuthUser } from '../auth/auth-user.js';
import { ChannelsService } from '../channels/channels.service.js';
import { ServersRepository } from '../servers/servers.repository.js';
import type { ListVideosQueryDto, SearchVideosQueryDto, VideoUpdateDto } from './dto/video.dto.js';
import { commentSettings } from './comments-policy.js';
import { fromShortUuid } from './short-uuid.js';
import { VideoFilesService } from './video-files.service.js';
import { trendingSince } from './video-ranking.js';
import { normalizeTags } from './video-tags.js';
import { formatVideo, formatVideoDetails, type VideoFormatContext } from './video.formatter.js';
import type { VideoEntity } from './video.entity.js';
import { videoErrors } from './videos.errors.js';
import { VideoViewersStore } from './views/video-viewers.store.js';
import { VideosRepository, type VideoSortColumn } from './videos.repository.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reading, listing, editing and deleting videos, with PeerTube's visibility rules. */
@Injectable()
export class VideosService {
  private readonly formatContext: VideoFormatContext;
  private readonly refreshAfterMs: number;
  private readonly trendingDays: number;
  private readonly localHost: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FILE_STORE) store: FileStore,
    paths: StoragePaths,
    private readonly dataSource: DataSource,
    private readonly videos: VideosRepository,
    private readonly files: VideoFilesService,
    private readonly events: DomainEvents,
    private readonly channels: ChannelsService,
    private readonly accounts: AccountsService,
    private readonly jobs: JobsService,
    private readonly servers: ServersRepository,
    private readonly viewers: VideoViewersStore,
    @Optional() @Inject(SWARM_STATS) private readonly swarmStats?: SwarmStats,
  ) {
    this.formatContext = {
      ...{ paths, store, baseUrl: config.derived.url },
      ...{ host: config.derived.host, trackerUrls: config.derived.trackerUrls },
    };
    this.refreshAfterMs = config.federation.remote_video_refresh;
    this.trendingDays = config.trending.interval_days;
    this.localHost = config.derived.host;
  }

  async get(id: string, user: AuthUser | undefined): Promise<VideoDetails> {
    const video = await this.load(id);
    const details = await this.details(video, user, await this.viewers.count(video.id));
    await this.refreshIfStale(video);
    return details;
  }

  /**
   * A remote video last read from its origin longer ago than `federation.remote_video_refresh` is read again in the
   * background; one job per video at a time. A refresh that cannot be queued is tried at the next view.
   */
  private async refreshIfStale(video: VideoEntity): Promise<void> {
    if (video.isLocal || (video.fetchedAt && Date.now() - video.fetchedAt.getTime() < this.refreshAfterMs)) return;
    await this.jobs
      .enqueue({ name: JobName.RefreshRemoteVideo, data: { videoUrl: video.url } }, `refresh-video-${video.id}`)
      .catch(() => undefined);
  }

  /**
   * A video of this instance other servers may see (public or unlisted, published), with its entity for what the
   * REST shape lacks; 404 otherwise, as if it did not exist.
   */
  async getFederated(id: string): Promise<{ video: VideoEntity; details: VideoDetails }> {
    const video = await this.load(id);
    if (!video.isLocal || !isFederated(video)) throw videoErrors.notFound();
    return { video, details: await this.details(video, undefined, 0) };
  }

  /** A video the user (or an anonymous visitor) may see, for what acts on it (rates, views); 404/401/403 otherwise. */
  async getVisible(id: string, user: AuthUser | undefined): Promise<VideoEntity> {
    const video = await this.load(id);
    this.assertCanSee(video, user);
    return video;
  }

  /**
   * A video of this instance the user may edit (its owner, or a moderator), for what changes it besides its
   * metadata (captions, chapters); 404/403 otherwise, and 403 for another instance's video.
   */
  async getManageable(id: string, user: AuthUser): Promise<VideoEntity> {
    const video = await this.load(id);
    this.assertCanManage(video, user);
    if (!video.isLocal) throw videoErrors.notLocal();
    return video;
  }

  private async details(video: VideoEntity, user: AuthUser | undefined, viewers: number): Promise<VideoDetails> {
    this.assertCanSee(video, user);
    const infoHashes = [
      ...video.files.flatMap((file) => (file.infoHash ? [file.infoHash] : [])),
      ...video.streamingPlaylists.flatMap((playlist) => playlist.p2pMediaLoaderInfohashes),
    ];
    const swarm = this.swarmStats ? await this.swarmStats.figures(infoHashes) : null;
    return formatVideoDetails(video, this.formatContext, swarm, viewers);
  }

  /**
   * Lists videos, optionally of one channel or account (`name` or `name@host` handles), or of the channels and
   * accounts an account follows (`followedByAccountId`: its subscriptions).
   */
  async list(
    query: ListVideosQueryDto | SearchVideosQueryDto,
    user: AuthUser | undefined,
    owner?: { channel: string } | { account: string } | { followedByAccountId: number },
  ): Promise<ResultList<Video>> {
    const scope = owner && ('followedByAccountId' in owner ? owner : await this.resolveOwner(owner));
    const seesAll = user !== undefined && hasRight(user, UserRight.ManageAnyVideo);
    if (query.privacyOneOf && !seesAll) throw videoErrors.privacyFilterForbidden();
    const privacies =
      query.privacyOneOf ?? (user ? [VideoPrivacy.Public, VideoPrivacy.Internal] : [VideoPrivacy.Public]);
    const [rows, total] = await this.videos.list({
      start: query.start,
      count: query.count,
      sort: parseSort<VideoSortColumn>(query.sort),
      privacies,
      includeUnpublished: seesAll && query.privacyOneOf !== undefined,
      search: query.search,
      isLocal: query.isLocal,
      tagsOneOf: query.tagsOneOf,
      tagsAllOf: query.tagsAllOf,
      categoryOneOf: query.categoryOneOf,
      licenceOneOf: query.licenceOneOf,
      languageOneOf: query.languageOneOf,
      nsfw: query.nsfw === undefined || query.nsfw === 'both' ? undefined : query.nsfw === 'true',
      isLive: query.isLive,
      durationMin: query.durationMin,
      durationMax: query.durationMax,
      host: 'host' in query && query.host ? this.hostOrLocal(query.host) : undefined,
      publishedAfter: 'startDate' in query && query.startDate ? new Date(query.startDate) : undefined,
      publishedBefore: 'endDate' in query && query.endDate ? new Date(query.endDate) : undefined,
      trendingSince: trendingSince(this.trendingDays),
      ...scope,
    });
    return toResultList(total, await this.formatList(rows));
  }

  /** The list shape of these videos, with their current viewers. */
  async formatList(rows: VideoEntity[]): Promise<Video[]> {
    const viewers = await this.viewers.countMany(rows.map((row) => row.id));
    return rows.map((row) => formatVideo(row, this.formatContext, viewers.get(row.id) ?? 0));
  }

  async update(user: AuthUser, id: string, dto: VideoUpdateDto): Promise<void> {
    const video = await this.load(id);
    this.assertCanManage(video, user);
    const { tags, commentsPolicy, commentsEnabled, ...changes } = dto;
    const comments = commentSettings({ commentsPolicy, commentsEnabled });
    const privacyChanged = changes.privacy !== undefined && changes.privacy !== video.privacy;
    await this.dataSource.transaction(async (manager) => {
      await this.videos.update(manager, video.id, { ...changes, ...comments }, tags && normalizeTags(tags));
      if (changes.description !== undefined && changes.description !== video.description) {
        await this.events.emit(manager, 'video.description-changed', {
          videoId: video.id,
          previous: video.description,
          current: changes.description ?? null,
        });
      }
      await this.events.emit(manager, 'video.updated', {
        videoId: video.id,
        uuid: video.uuid,
        ...(privacyChanged && { previousPrivacy: video.privacy }),
      });
    });
  }

  /** Deletes the rows, then the files (a file left behind is harmless; a row pointing at nothing is not). */
  async delete(user: AuthUser, id: string): Promise<void> {
    const video = await this.load(id);
    this.assertCanManage(video, user);
    await this.remove(video.id);
  }

  /** A host filter: `null` names this instance. */
  private hostOrLocal(host: string): string | null {
    const lower = host.toLowerCase();
    return lower === this.localHost ? null : lower;
  }

  private async resolveOwner(
    owner: { channel: string } | { account: string },
  ): Promise<{ channelId: number } | { accountId: number }> {
    if ('channel' in owner) return { channelId: (await this.channels.getByHandle(owner.channel)).id };
    return { accountId: (await this.accounts.getByHandle(owner.account)).id };
  }

  // The channel's (or account's) videos go in the transaction that deletes it.
  @OnDomainEvent('channel.deleting', { inTransaction: true })
  async onChannelDeleting({ channelId }: { channelId: number }, manager: EntityManager): Promise<void> {
    for (const id of await this.videos.listIds({ channelId })) await this.remove(id, manager);
  }

  @OnDomainEvent('account.deleting', { inTransaction: true })
  async onAccountDeleting({ accountId }: { accountId: number }, manager: EntityManager): Promise<void> {
    for (const id of await this.videos.listIds({ accountId })) await this.remove(id, manager);
  }

  /** In the caller's transaction, or in one of its own. */
  private async remove(id: number, manager?: EntityManager): Promise<void> {
    const video = await this.videos.getDetailsById(id);
    if (!video) return;
    const removeRows = async (transaction: EntityManager) => {
      await this.events.emit(transaction, 'video.deleting', { videoId: video.id, uuid: video.uuid });
      await this.videos.delete(transaction, video.id);
      await this.events.emit(transaction, 'video.deleted', {
        videoId: video.id,
        uuid: video.uuid,
        url: video.url,
        federated: video.isLocal && isFederated(video),
        accountActorId: video.channel.account.actorId,
      });
    };
    // Other instances' videos have no files here. Files go once the rows are gone for good.
    if (manager) {
      await removeRows(manager);
      if (video.isLocal) this.events.afterCommit(manager, () => this.files.removeAll(video));
      return;
    }
    await this.dataSource.transaction(removeRows);
    if (video.isLocal) await this.files.removeAll(video);
  }

  /** Accepts a numeric id, a UUID or a shortUUID; anything else (an id past the column's range) is not found. */
  private async load(id: string): Promise<VideoEntity> {
    let video: VideoEntity | null = null;
    if (/^\d+$/.test(id)) {
      const numericId = parseBoundedInt(id, 1, DATABASE_INT_MAX);
      video = numericId === undefined ? null : await this.videos.getDetailsById(numericId);
    } else {
      const uuid = UUID_PATTERN.test(id) ? id : fromShortUuid(id);
      video = uuid === undefined ? null : await this.videos.getDetailsByUuid(uuid);
    }
    if (!video) throw videoErrors.notFound();
    // Videos of blocked instances are hidden, as in lists.
    const origin = video.channel.actor.server;
    if (origin && (await this.servers.isBlocked(origin.host))) throw videoErrors.notFound();
    return video;
  }

  private isOwner(video: VideoEntity, user: AuthUser): boolean {
    return video.channel.accountId === user.accountId;
  }

  private assertCanSee(video: VideoEntity, user: AuthUser | undefined): void {
    if (video.privacy === VideoPrivacy.Public || video.privacy === VideoPrivacy.Unlisted) return;
    if (!user) throw videoErrors.privateVideo(false);
    if (video.privacy === VideoPrivacy.Internal) return;
    if (!this.isOwner(video, user) && !hasRight(user, UserRight.ManageAnyVideo)) throw videoErrors.privateVideo(true);
  }

  private assertCanManage(video: VideoEntity, user: AuthUser): void {
    if (!this.isOwner(video, user) && !hasRight(user, UserRight.ManageAnyVideo)) throw videoErrors.notOwner();
  }
}

/** Other instances may know a video that is published and public or unlisted. */
export function isFederated(video: VideoEntity): boolean {
  return isFederatedVideoPrivacy(video.privacy) && video.state === VideoState.Published;
}

export function isFederatedVideoPrivacy(privacy: VideoPrivacy): boolean {
  return privacy === VideoPrivacy.Public || privacy === VideoPrivacy.Unlisted;
}
