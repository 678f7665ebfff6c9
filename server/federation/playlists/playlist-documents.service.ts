import { Inject, Injectable } from '@nestjs/common';
import type { PlaylistElementObject, PlaylistObject } from '../../../shared/models/activitypub/playlist-object.js';
import { VideoPrivacy, VideoState } from '../../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { playlistErrors } from '../../modules/playlists/playlists.errors.js';
import { PlaylistsRepository } from '../../modules/playlists/playlists.repository.js';
import { PlaylistsService } from '../../modules/playlists/playlists.service.js';
import type { VideoPlaylistEntity } from '../../modules/playlists/video-playlist.entity.js';
import {
  buildPlaylistElementObject,
  buildPlaylistObject,
  localPlaylistElementUrl,
} from '../builders/playlist-object.builder.js';
import { COLLECTION_PAGE_SIZE } from '../collections/ordered-collection.js';

/** The ActivityPub documents of local playlists, for their ids and for the activities that carry them. */
@Injectable()
export class PlaylistDocumentsService {
  private readonly baseUrl: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly playlistsService: PlaylistsService,
    private readonly playlists: PlaylistsRepository,
  ) {
    this.baseUrl = config.derived.url;
  }

  /** The Playlist object of a public or unlisted local playlist, or one page of it; 404 otherwise. */
  async playlistObject(id: string, page: number | undefined): Promise<PlaylistObject> {
    return this.build(await this.playlistsService.getFederated(id), page);
  }

  async build(playlist: VideoPlaylistEntity, page?: number): Promise<PlaylistObject> {
    const start = page === undefined ? 0 : (page - 1) * COLLECTION_PAGE_SIZE;
    const [ids, total] = await this.playlists.listFederatedElements(
      playlist.id,
      start,
      page === undefined ? 0 : COLLECTION_PAGE_SIZE,
    );
    const elementIds = ids.map((elementId) => localPlaylistElementUrl(playlist.url, elementId));
    const thumbnail = (await this.playlistsService.thumbnailPaths([playlist])).get(playlist.id);
    const iconUrl = thumbnail && (thumbnail.startsWith('/') ? `${this.baseUrl}${thumbnail}` : thumbnail);
    return buildPlaylistObject(playlist, page, { elementIds, total }, iconUrl);
  }

  /** An element of a public or unlisted local playlist, while its video is one other servers may see. */
  async elementObject(id: string, elementId: number): Promise<PlaylistElementObject> {
    const playlist = await this.playlistsService.getFederated(id);
    const element = await this.playlists.getElementWithVideo(playlist.id, elementId);
    const video = element?.video;
    if (!element || !video) throw playlistErrors.elementNotFound();
    const visible = video.privacy === VideoPrivacy.Public || video.privacy === VideoPrivacy.Unlisted;
    if (!visible || video.state !== VideoState.Published) throw playlistErrors.elementNotFound();
    return buildPlaylistElementObject(playlist.url, element, video.url);
  }
}
