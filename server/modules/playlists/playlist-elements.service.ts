import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import {
  VideoPlaylistElementType,
  type VideoPlaylistPrivacy,
  type VideoExistInPlaylist,
  type VideoPlaylistElement,
  type VideoPlaylistElementCreateResult,
} from '../../../shared/models/videos/video-playlist.model.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { toResultList, type PaginationQueryDto } from '../../core/http/pagination.js';
import type { AuthUser } from '../auth/auth-user.js';
import { ServersRepository } from '../servers/servers.repository.js';
import { toShortUuid } from '../videos/short-uuid.js';
import type { VideoEntity } from '../videos/video.entity.js';
import { VideosService } from '../videos/videos.service.js';
import type { AddPlaylistElementDto, ReorderPlaylistDto, UpdatePlaylistElementDto } from './dto/playlist.dto.js';
import { playlistErrors } from './playlists.errors.js';
import { PlaylistsRepository } from './playlists.repository.js';
import { PlaylistsService } from './playlists.service.js';
import type { VideoPlaylistElementEntity } from './video-playlist-element.entity.js';

/** Most videos one playlist holds (PeerTube's limit on what it exports of one, too). */
export const MAX_PLAYLIST_ELEMENTS = 1000;

/** The videos of a playlist: listing (with PeerTube's element types), adding, timestamps, removal, reordering. */
@Injectable()
export class PlaylistElementsService {
  constructor(
    private readonly playlistsService: PlaylistsService,
    private readonly playlists: PlaylistsRepository,
    private readonly videos: VideosService,
    private readonly servers: ServersRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  async list(
    id: string,
    query: PaginationQueryDto,
    user: AuthUser | undefined,
  ): Promise<ResultList<VideoPlaylistElement>> {
    const playlist = await this.playlistsService.getVisible(id, user);
    const [elements, total] = await this.playlists.listElements(playlist.id, query.start, query.count);
    const blocked = await this.blockedHosts(elements);
    const types = elements.map((element) => elementType(element.video, user, blocked));
    const shown = elements.flatMap((element, index) =>
      element.video && types[index] === VideoPlaylistElementType.Regular ? [element.video] : [],
    );
    const formatted = new Map((await this.videos.formatList(shown)).map((video) => [video.id, video]));
    return toResultList(
      total,
      elements.map((element, index) => ({
        id: element.id,
        position: element.position,
        startTimestamp: element.startTimestamp,
        stopTimestamp: element.stopTimestamp,
        type: types[index],
        video: (element.videoId !== null && formatted.get(element.videoId)) || null,
      })),
    );
  }

  async add(user: AuthUser, id: string, dto: AddPlaylistElementDto): Promise<VideoPlaylistElementCreateResult> {
    const playlist = await this.playlistsService.getManaged(user, id);
    const video = await this.videos.getVisible(dto.videoId, user);
    const timestamps = checkedTimestamps(dto.startTimestamp ?? null, dto.stopTimestamp ?? null);
    const elementId = await this.dataSource.transaction(async (manager) => {
      const added = await this.playlists.addElement(
        playlist.id,
        { videoId: video.id, ...timestamps },
        MAX_PLAYLIST_ELEMENTS,
        manager,
      );
      if (added === undefined) throw playlistErrors.tooManyElements(MAX_PLAYLIST_ELEMENTS);
      await this.changed(manager, playlist.id, playlist.privacy);
      return added;
    });
    return { videoPlaylistElement: { id: elementId } };
  }

  async update(user: AuthUser, id: string, elementId: number, dto: UpdatePlaylistElementDto): Promise<void> {
    const playlist = await this.playlistsService.getManaged(user, id);
    const element = await this.playlists.getElement(playlist.id, elementId);
    if (!element) throw playlistErrors.elementNotFound();
    const timestamps = checkedTimestamps(
      dto.startTimestamp === undefined ? element.startTimestamp : dto.startTimestamp,
      dto.stopTimestamp === undefined ? element.stopTimestamp : dto.stopTimestamp,
    );
    await this.dataSource.transaction(async (manager) => {
      await this.playlists.updateElement(playlist.id, element.id, timestamps, manager);
      await this.changed(manager, playlist.id, playlist.privacy);
    });
  }

  async remove(user: AuthUser, id: string, elementId: number): Promise<void> {
    const playlist = await this.playlistsService.getManaged(user, id);
    const element = await this.playlists.getElement(playlist.id, elementId);
    if (!element) throw playlistErrors.elementNotFound();
    await this.dataSource.transaction(async (manager) => {
      await this.playlists.removeElement(playlist.id, element.id, manager);
      await this.changed(manager, playlist.id, playlist.privacy);
    });
  }

  async reorder(user: AuthUser, id: string, dto: ReorderPlaylistDto): Promise<void> {
    const playlist = await this.playlistsService.getManaged(user, id);
    const length = dto.reorderLength ?? 1;
    const total = (await this.playlists.countElements([playlist.id])).get(playlist.id) ?? 0;
    if (dto.startPosition > total)
      throw playlistErrors.invalidReorder('startPosition', `must be at most ${total}, the playlist's last position`);
    if (dto.insertAfterPosition > total)
      throw playlistErrors.invalidReorder('insertAfterPosition', `must be at most ${total}`);
    if (dto.startPosition + length - 1 > total)
      throw playlistErrors.invalidReorder('reorderLength', `must be at most ${total - dto.startPosition + 1}`);
    await this.dataSource.transaction(async (manager) => {
      // Checked again under the playlist's lock: an element may have gone meanwhile.
      if (!(await this.playlists.reorder(playlist.id, dto.startPosition, dto.insertAfterPosition, length, manager)))
        throw playlistErrors.invalidReorder('startPosition', 'is past the end of the playlist');
      await this.changed(manager, playlist.id, playlist.privacy);
    });
  }

  /** `GET /users/me/video-playlists/videos-exist`: for each video id, where it is in the user's playlists. */
  async videosExist(user: AuthUser, videoIds: number[]): Promise<Record<number, VideoExistInPlaylist[]>> {
    const result: Record<number, VideoExistInPlaylist[]> = Object.fromEntries(videoIds.map((id) => [id, []]));
    for (const { videoId, playlistUuid, ...row } of await this.playlists.listElementsOfVideos(user.accountId, videoIds))
      result[videoId].push({ ...row, playlistShortUUID: toShortUuid(playlistUuid) });
    return result;
  }

  private async changed(manager: EntityManager, playlistId: number, privacy: VideoPlaylistPrivacy): Promise<void> {
    await this.events.emit(manager, 'playlist.updated', { playlistId, previousPrivacy: privacy });
  }

  private async blockedHosts(elements: VideoPlaylistElementEntity[]): Promise<Set<string>> {
    const hosts = new Set(elements.flatMap((element) => element.video?.channel.actor.server?.host ?? []));
    const blocked = new Set<string>();
    for (const host of hosts) if (await this.servers.isBlocked(host)) blocked.add(host);
    return blocked;
  }
}

/**
 * What a viewer may see of an element's video, as PeerTube tells it: deleted, private (private and internal
 * videos of others; internal ones are shown to logged-in users), unavailable (blocked instance, not published yet).
 */
function elementType(video: VideoEntity | null, user: AuthUser | undefined, blocked: Set<string>) {
  if (!video) return VideoPlaylistElementType.Deleted;
  if (user && video.channel.accountId === user.accountId) return VideoPlaylistElementType.Regular;
  if (video.privacy === VideoPrivacy.Private) return VideoPlaylistElementType.Private;
  if (video.privacy === VideoPrivacy.Internal && !user) return VideoPlaylistElementType.Private;
  const host = video.channel.actor.server?.host;
  if (host && blocked.has(host)) return VideoPlaylistElementType.Unavailable;
  if (video.state !== VideoState.Published && video.waitTranscoding) return VideoPlaylistElementType.Unavailable;
  return VideoPlaylistElementType.Regular;
}

function checkedTimestamps(startTimestamp: number | null, stopTimestamp: number | null) {
  if (startTimestamp !== null && stopTimestamp !== null && stopTimestamp <= startTimestamp)
    throw playlistErrors.invalidTimestamps();
  return { startTimestamp, stopTimestamp };
}
