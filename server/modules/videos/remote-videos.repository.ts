import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  VideoCommentPolicy,
  VideoPrivacy,
  VideoState,
  VideoStreamingPlaylistType,
} from '../../../shared/models/videos/video-enums.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { toShortUuid } from './short-uuid.js';
import { VideoFileEntity } from './video-file.entity.js';
import { VideoStreamingPlaylistEntity } from './video-streaming-playlist.entity.js';
import { VideoEntity } from './video.entity.js';

/** A rendition served by another instance. */
export interface RemoteFile {
  resolution: number;
  size: number;
  fps: number;
  width: number;
  height: number;
  hasAudio: boolean;
  hasVideo: boolean;
  fileUrl: string;
  torrentUrl: string | null;
  magnetUri: string | null;
  infoHash: string | null;
}

/** A caption of another instance's video: a WebVTT file at its origin. */
export interface RemoteCaption {
  language: string;
  fileUrl: string;
  automaticallyGenerated: boolean;
}

/** The storyboard sheet of another instance's video, at its origin. */
export interface RemoteStoryboard {
  fileUrl: string;
  totalWidth: number;
  totalHeight: number;
  spriteWidth: number;
  spriteHeight: number;
  spriteDuration: number;
}

/** What is kept of another instance's video (from its Video object). */
export interface RemoteVideo {
  url: string;
  uuid: string;
  name: string;
  description: string | null;
  support: string | null;
  privacy: VideoPrivacy.Public | VideoPrivacy.Unlisted;
  category: number | null;
  licence: number | null;
  language: string | null;
  nsfw: boolean;
  commentsEnabled: boolean;
  commentsPolicy: VideoCommentPolicy;
  downloadEnabled: boolean;
  waitTranscoding: boolean;
  duration: number;
  aspectRatio: number | null;
  views: number;
  publishedAt: Date;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  trackerUrls: string[];
  tags: string[];
  files: RemoteFile[];
  playlist: { playlistUrl: string; segmentsSha256Url: string; infoHashes: string[]; files: RemoteFile[] } | null;
  captions: RemoteCaption[];
  storyboard: RemoteStoryboard | null;
}

const conflict = (detail: string) => new DomainError('video_conflict', HttpStatus.CONFLICT, detail);

/** Other instances' videos: stored and replaced whole from their Video objects, removed by their ActivityPub id. */
@Injectable()
export class RemoteVideosRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Creates or replaces the video `video.url` of a remote channel; answers whether it was new. Within `within`'s
   * transaction when given.
   */
  async upsert(
    channelId: number,
    video: RemoteVideo,
    within?: EntityManager,
  ): Promise<{ videoId: number; created: boolean; previousPrivacy?: VideoPrivacy }> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      const repository = manager.getRepository(VideoEntity);
      const existing = await repository.findOne({ where: { url: video.url }, lock: { mode: 'pessimistic_write' } });
      if (existing && (existing.isLocal || existing.channelId !== channelId || existing.uuid !== video.uuid)) {
        throw conflict(`${video.url} is already known as another video`);
      }
      const fields = {
        uuid: video.uuid,
        shortUuid: toShortUuid(video.uuid),
        url: video.url,
        name: video.name,
        description: video.description,
        support: video.support,
        privacy: video.privacy,
        category: video.category,
        licence: video.licence,
        language: video.language,
        nsfw: video.nsfw,
        commentsEnabled: video.commentsEnabled,
        commentsPolicy: video.commentsPolicy,
        downloadEnabled: video.downloadEnabled,
        waitTranscoding: video.waitTranscoding,
        state: VideoState.Published,
        duration: video.duration,
        aspectRatio: video.aspectRatio,
        views: video.views,
        publishedAt: video.publishedAt,
        thumbnailUrl: video.thumbnailUrl,
        previewUrl: video.previewUrl,
        trackerUrls: video.trackerUrls,
        isLocal: false,
        channelId,
        fetchedAt: new Date(),
      };
      let videoId: number;
      if (existing) {
        await repository.update({ id: existing.id }, fields);
        videoId = existing.id;
      } else {
        if (await repository.existsBy({ uuid: video.uuid })) throw conflict(`a video with UUID ${video.uuid} exists`);
        videoId = (await repository.save(repository.create({ ...fields, sourceFilename: '', sourceSize: 0 }))).id;
      }
      await this.replaceContents(manager, videoId, video);
      return { videoId, created: !existing, previousPrivacy: existing?.privacy };
    });
  }

  /** Removes a remote video by its id; answers its local id, or undefined when it was not known. */
  async deleteByUrl(
    url: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ videoId: number; uuid: string } | undefined> {
    // TypeORM answers DELETE and UPDATE statements with [rows, count].
    const [rows]: [{ id: number; uuid: string }[], number] = await manager.query(
      `DELETE FROM videos WHERE url = $1 AND NOT is_local RETURNING id, uuid`,
      [url],
    );
    return rows[0] ? { videoId: rows[0].id, uuid: rows[0].uuid } : undefined;
  }

  /** Notes that a remote video was just read from its origin, whether or not it was stored anew. */
  async markFetched(url: string): Promise<void> {
    await this.dataSource.query(`UPDATE videos SET fetched_at = now() WHERE url = $1 AND NOT is_local`, [url]);
  }

  async exists(url: string): Promise<boolean> {
    return this.dataSource.getRepository(VideoEntity).existsBy({ url });
  }

  private async replaceContents(manager: EntityManager, videoId: number, video: RemoteVideo): Promise<void> {
    await manager.query('DELETE FROM video_tags WHERE video_id = $1', [videoId]);
    if (video.tags.length > 0) {
      await manager.query(
        `INSERT INTO video_tags (video_id, name) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
        [videoId, video.tags],
      );
    }
    await manager.delete(VideoFileEntity, { videoId });
    await manager.delete(VideoStreamingPlaylistEntity, { videoId });
    const files = manager.getRepository(VideoFileEntity);
    await files.save(video.files.map((file) => files.create({ ...fileRow(file), videoId })));
    await replaceCaptionsAndStoryboard(manager, videoId, video);
    if (!video.playlist) return;
    const playlists = manager.getRepository(VideoStreamingPlaylistEntity);
    const playlist = await playlists.save(
      playlists.create({
        videoId,
        type: VideoStreamingPlaylistType.Hls,
        playlistFilename: basename(video.playlist.playlistUrl),
        segmentsSha256Filename: basename(video.playlist.segmentsSha256Url),
        playlistUrl: video.playlist.playlistUrl,
        segmentsSha256Url: video.playlist.segmentsSha256Url,
        p2pMediaLoaderInfohashes: video.playlist.infoHashes,
      }),
    );
    await files.save(
      video.playlist.files.map((file) => files.create({ ...fileRow(file), streamingPlaylistId: playlist.id })),
    );
  }
}

/** Captions and the storyboard of a remote video are links to its origin: replaced whole, like its files. */
async function replaceCaptionsAndStoryboard(
  manager: EntityManager,
  videoId: number,
  video: RemoteVideo,
): Promise<void> {
  await manager.query('DELETE FROM video_captions WHERE video_id = $1', [videoId]);
  if (video.captions.length > 0) {
    await manager.query(
      `INSERT INTO video_captions (video_id, language, file_url, automatically_generated)
       SELECT $1, c.language, c.file_url, c.generated
       FROM unnest($2::text[], $3::text[], $4::boolean[]) AS c (language, file_url, generated)
       ON CONFLICT (video_id, language) DO NOTHING`,
      [
        videoId,
        video.captions.map((caption) => caption.language),
        video.captions.map((caption) => caption.fileUrl),
        video.captions.map((caption) => caption.automaticallyGenerated),
      ],
    );
  }
  await manager.query('DELETE FROM storyboards WHERE video_id = $1', [videoId]);
  const storyboard = video.storyboard;
  if (storyboard) {
    await manager.query(
      `INSERT INTO storyboards (video_id, file_url, total_width, total_height, sprite_width, sprite_height, sprite_duration)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        videoId,
        storyboard.fileUrl,
        storyboard.totalWidth,
        storyboard.totalHeight,
        storyboard.spriteWidth,
        storyboard.spriteHeight,
        storyboard.spriteDuration,
      ],
    );
  }
}

function fileRow(file: RemoteFile): Partial<VideoFileEntity> {
  return {
    resolution: file.resolution,
    size: file.size,
    fps: file.fps,
    width: file.width,
    height: file.height,
    hasAudio: file.hasAudio,
    hasVideo: file.hasVideo,
    filename: basename(file.fileUrl),
    playlistFilename: null,
    torrentFilename: file.torrentUrl ? basename(file.torrentUrl) : null,
    infoHash: file.infoHash,
    fileUrl: file.fileUrl,
    torrentUrl: file.torrentUrl,
    magnetUri: file.magnetUri,
  };
}

/** The last path segment of a URL, as a file name (at most 255 characters). */
function basename(url: string): string {
  return (new URL(url).pathname.split('/').pop() || 'file').slice(-255);
}
