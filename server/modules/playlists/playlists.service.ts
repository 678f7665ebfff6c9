import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import {
  VideoPlaylistPrivacy,
  VideoPlaylistType,
  type VideoPlaylist,
  type VideoPlaylistCreateResult,
} from '../../../shared/models/videos/video-playlist.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { notFound } from '../../core/errors/domain-error.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { DATABASE_INT_MAX, parseBoundedInt } from '../../core/http/integers.js';
import { parseSort, toResultList } from '../../core/http/pagination.js';
import { FILE_STORE, type FileStore } from '../../core/storage/file-store.js';
import { StoragePaths } from '../../core/storage/storage-paths.js';
import { hasRight, type AuthUser } from '../auth/auth-user.js';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { ChannelsRepository } from '../channels/channels.repository.js';
import type { VideoChannelEntity } from '../channels/video-channel.entity.js';
import { ServersRepository } from '../servers/servers.repository.js';
import { fromShortUuid, toShortUuid } from '../videos/short-uuid.js';
import type {
  CreatePlaylistDto,
  ListPlaylistsQueryDto,
  SearchPlaylistsQueryDto,
  UpdatePlaylistDto,
} from './dto/playlist.dto.js';
import { formatPlaylist } from './playlist.formatter.js';
import { playlistErrors } from './playlists.errors.js';
import { PlaylistsRepository, type PlaylistListQuery } from './playlists.repository.js';
import type { VideoPlaylistEntity } from './video-playlist.entity.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Other instances know a playlist while it is public or unlisted. */
export const isFederatedPrivacy = (privacy: VideoPlaylistPrivacy): boolean => privacy !== VideoPlaylistPrivacy.Private;

/** Playlists as PeerTube's REST API shows them, with its visibility rules: private to the owner, unlisted by link. */
@Injectable()
export class PlaylistsService {
  private readonly host: string;
  private readonly baseUrl: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(FILE_STORE) private readonly store: FileStore,
    private readonly paths: StoragePaths,
    private readonly playlists: PlaylistsRepository,
    private readonly channels: ChannelsRepository,
    private readonly servers: ServersRepository,
    private readonly events: DomainEvents,
    private readonly actorImages: ActorImagesRepository,
    private readonly dataSource: DataSource,
  ) {
    this.host = config.derived.host;
    this.baseUrl = config.derived.url;
  }

  /** `GET /video-playlists`: public playlists, of this instance and those known from others. */
  list(query: ListPlaylistsQueryDto): Promise<ResultList<VideoPlaylist>> {
    return this.page({ ...this.pageOf(query), publicOnly: true, type: query.playlistType, search: query.search });
  }

  search(query: SearchPlaylistsQueryDto): Promise<ResultList<VideoPlaylist>> {
    return this.page({ ...this.pageOf(query), publicOnly: true, search: query.search });
  }

  /** An account's playlists: all of them (watch later too) for the account itself, its public ones for others. */
  async listOfAccount(
    handle: string,
    query: ListPlaylistsQueryDto,
    user: AuthUser | undefined,
  ): Promise<ResultList<VideoPlaylist>> {
    const account = await this.accountByHandle(handle);
    return this.page({
      ...this.pageOf(query),
      accountId: account.id,
      publicOnly: user?.accountId !== account.id,
      type: query.playlistType,
      search: query.search,
    });
  }

  async listOfChannel(
    handle: string,
    query: ListPlaylistsQueryDto,
    user: AuthUser | undefined,
  ): Promise<ResultList<VideoPlaylist>> {
    const channel = await this.channelByHandle(handle);
    return this.page({
      ...this.pageOf(query),
      channelId: channel.id,
      publicOnly: user?.accountId !== channel.accountId,
      type: query.playlistType,
      search: query.search,
    });
  }

  async get(id: string, user: AuthUser | undefined): Promise<VideoPlaylist> {
    const playlist = await this.getVisible(id, user);
    return this.format([playlist]).then(([formatted]) => formatted);
  }

  async create(user: AuthUser, dto: CreatePlaylistDto): Promise<VideoPlaylistCreateResult> {
    if (dto.privacy !== VideoPlaylistPrivacy.Private && dto.videoChannelId === undefined)
      throw playlistErrors.channelRequired();
    if (dto.videoChannelId !== undefined) await this.ownedChannel(user, dto.videoChannelId);
    const uuid = randomUUID();
    const playlist = await this.dataSource.transaction(async (manager) => {
      const created = await this.playlists.create(
        {
          uuid,
          url: `${this.baseUrl}/video-playlists/${uuid}`,
          isLocal: true,
          name: dto.displayName,
          description: dto.description ?? null,
          privacy: dto.privacy,
          type: VideoPlaylistType.Regular,
          ownerAccountId: user.accountId,
          channelId: dto.videoChannelId ?? null,
        },
        manager,
      );
      await this.events.emit(manager, 'playlist.updated', { playlistId: created.id, previousPrivacy: null });
      return created;
    });
    return { videoPlaylist: { id: playlist.id, uuid, shortUUID: toShortUuid(uuid) } };
  }

  async update(user: AuthUser, id: string, dto: UpdatePlaylistDto): Promise<void> {
    const playlist = await this.getManaged(user, id);
    if (playlist.type === VideoPlaylistType.WatchLater) throw playlistErrors.watchLaterReadOnly();
    const channelId = dto.videoChannelId === undefined ? playlist.channelId : dto.videoChannelId;
    const privacy = dto.privacy ?? playlist.privacy;
    if (privacy !== VideoPlaylistPrivacy.Private && channelId === null) throw playlistErrors.channelRequired();
    if (dto.videoChannelId !== undefined && dto.videoChannelId !== null)
      await this.ownedChannel(user, dto.videoChannelId, playlist.ownerAccountId);
    await this.dataSource.transaction(async (manager) => {
      const changes = {
        ...(dto.displayName !== undefined && { name: dto.displayName }),
        ...(dto.description !== undefined && { description: dto.description }),
        privacy,
        channelId,
      };
      await this.playlists.update(playlist.id, changes, manager);
      await this.events.emit(manager, 'playlist.updated', {
        playlistId: playlist.id,
        previousPrivacy: playlist.privacy,
      });
    });
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const playlist = await this.getManaged(user, id);
    if (playlist.type === VideoPlaylistType.WatchLater) throw playlistErrors.watchLaterReadOnly();
    await this.dataSource.transaction(async (manager) => {
      await this.playlists.delete(playlist.id, manager);
      await this.events.emit(manager, 'playlist.deleted', {
        url: playlist.url,
        federated: isFederatedPrivacy(playlist.privacy),
        ownerActorId: playlist.ownerAccount.actorId,
        channelActorId: playlist.channel?.actorId ?? null,
      });
    });
  }

  /**
   * A playlist the user (or an anonymous visitor) may see: an unlisted one only by its UUID or shortUUID (its link),
   * a private one by its owner only; 404, 401 or 403 otherwise, as PeerTube answers.
   */
  async getVisible(id: string, user: AuthUser | undefined): Promise<VideoPlaylistEntity> {
    const playlist = await this.load(id);
    if (playlist.privacy === VideoPlaylistPrivacy.Unlisted && /^\d+$/.test(id) && !this.canManage(playlist, user))
      throw playlistErrors.notFound();
    if (playlist.privacy === VideoPlaylistPrivacy.Private) {
      if (!user) throw playlistErrors.privatePlaylist(false);
      if (!this.canManage(playlist, user)) throw playlistErrors.privatePlaylist(true);
    }
    return playlist;
  }

  /** A playlist the user may edit: its owner's, or any local one for a moderator; 404 or 403 otherwise. */
  async getManaged(user: AuthUser, id: string): Promise<VideoPlaylistEntity> {
    const playlist = await this.load(id);
    if (!playlist.isLocal || !this.canManage(playlist, user)) throw playlistErrors.notOwner();
    return playlist;
  }

  /**
   * A local playlist other servers may see (public or unlisted), for its ActivityPub document; 404 otherwise. As on
   * the REST API, an unlisted one only by its link (UUID or shortUUID): numeric ids can be enumerated.
   */
  async getFederated(id: string): Promise<VideoPlaylistEntity> {
    const playlist = await this.load(id);
    if (!playlist.isLocal || !isFederatedPrivacy(playlist.privacy)) throw playlistErrors.notFound();
    if (playlist.privacy === VideoPlaylistPrivacy.Unlisted && /^\d+$/.test(id)) throw playlistErrors.notFound();
    return playlist;
  }

  async format(playlists: VideoPlaylistEntity[]): Promise<VideoPlaylist[]> {
    const [lengths, thumbnails] = await Promise.all([
      this.playlists.countElements(playlists.map((playlist) => playlist.id)),
      this.thumbnailPaths(playlists),
      this.actorImages.attach(playlists.flatMap((playlist) => [playlist.ownerAccount.actor, playlist.channel?.actor])),
    ]);
    return playlists.map((playlist) =>
      formatPlaylist(playlist, lengths.get(playlist.id) ?? 0, thumbnails.get(playlist.id) ?? null, this.host),
    );
  }

  /**
   * Each playlist's picture: a remote one's own (its `icon`), else that of its first video others may see, as
   * PeerTube makes a playlist's thumbnail from its first video (a path here for local videos, the origin's URL for
   * remote ones). Uploading a picture of one's own is not supported.
   */
  async thumbnailPaths(playlists: VideoPlaylistEntity[]): Promise<Map<number, string>> {
    const firstVideos = await this.playlists.firstVisibleVideos(
      playlists.filter((playlist) => !playlist.thumbnailUrl).map((playlist) => playlist.id),
    );
    const paths = new Map<number, string>();
    for (const playlist of playlists) {
      const video = firstVideos.get(playlist.id);
      const path =
        playlist.thumbnailUrl ??
        (video &&
          (video.isLocal ? new URL(this.store.url(this.paths.thumbnailKey(video.uuid))).pathname : video.thumbnailUrl));
      if (path) paths.set(playlist.id, path);
    }
    return paths;
  }

  private canManage(playlist: VideoPlaylistEntity, user: AuthUser | undefined): boolean {
    if (!user) return false;
    return playlist.ownerAccountId === user.accountId || (playlist.isLocal && hasRight(user, UserRight.ManageAnyVideo));
  }

  private async page(query: Omit<PlaylistListQuery, 'sort'> & { sort: string }): Promise<ResultList<VideoPlaylist>> {
    const [rows, total] = await this.playlists.list({ ...query, sort: parseSort(query.sort) });
    return toResultList(total, await this.format(rows));
  }

  private pageOf(query: { start: number; count: number; sort: string }) {
    return { start: query.start, count: query.count, sort: query.sort };
  }

  /** A channel of the playlist's owner (the user, unless a moderator edits another's playlist). */
  private async ownedChannel(user: AuthUser, channelId: number, ownerAccountId = user.accountId): Promise<void> {
    const channel = await this.channels.getById(channelId);
    if (!channel || channel.actor.serverId !== null) throw notFound('Video channel');
    if (channel.accountId !== ownerAccountId) throw playlistErrors.channelNotOwned();
  }

  /** Accepts a numeric id, a UUID or a shortUUID; playlists of blocked instances are not found. */
  private async load(id: string): Promise<VideoPlaylistEntity> {
    let playlist: VideoPlaylistEntity | null = null;
    if (/^\d+$/.test(id)) {
      const numericId = parseBoundedInt(id, 1, DATABASE_INT_MAX);
      playlist = numericId === undefined ? null : await this.playlists.getById(numericId);
    } else {
      const uuid = UUID_PATTERN.test(id) ? id : fromShortUuid(id);
      playlist = uuid === undefined ? null : await this.playlists.getByUuid(uuid);
    }
    if (!playlist) throw playlistErrors.notFound();
    const origin = playlist.ownerAccount.actor.server;
    if (origin && (await this.servers.isBlocked(origin.host))) throw playlistErrors.notFound();
    return playlist;
  }

  /** An account by `name` (local) or `name@host` (local or known from another instance). */
  private async accountByHandle(handle: string): Promise<{ id: number }> {
    const { name, host } = this.splitHandle(handle);
    const id = await this.playlists.accountIdByNameAndHost(name, host);
    if (id === undefined) throw notFound('Account');
    return { id };
  }

  private async channelByHandle(handle: string): Promise<VideoChannelEntity> {
    const { name, host } = this.splitHandle(handle);
    const channel = await this.channels.getByNameAndHost(name, host);
    if (!channel) throw notFound('Video channel');
    return channel;
  }

  private splitHandle(handle: string): { name: string; host: string | null } {
    const at = handle.indexOf('@');
    if (at === -1) return { name: handle, host: null };
    const host = handle.slice(at + 1).toLowerCase();
    return { name: handle.slice(0, at), host: host === this.host ? null : host };
  }
}
