import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { VideoPrivacy, VideoState, VideoStreamingPlaylistType } from '../../../shared/models/videos/video-enums.js';
import type { SortOrder } from '../../core/http/pagination.js';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { VideoFileEntity } from './video-file.entity.js';
import { VideoStreamingPlaylistEntity } from './video-streaming-playlist.entity.js';
import { VideoEntity } from './video.entity.js';
import { bestScoreSql, hotScoreSql, matchScoreSql, trendingScoreSql } from './video-ranking.js';

const VIDEO_SORT_COLUMNS = ['name', 'duration', 'createdAt', 'publishedAt', 'views', 'likes'] as const;
/** Sorts of video lists: columns, and the ranked sorts of PeerTube (video-ranking.ts). */
export const VIDEO_SORTS = [...VIDEO_SORT_COLUMNS, 'trending', 'hot', 'best'] as const;
/** Search adds relevance to its text. */
export const VIDEO_SEARCH_SORTS = [...VIDEO_SORTS, 'match'] as const;
export type VideoSortColumn = (typeof VIDEO_SEARCH_SORTS)[number];

/** The SQL score of each ranked sort, over the video alias `video`. */
const RANKED_SORTS: Partial<Record<VideoSortColumn, string>> = {
  trending: trendingScoreSql('video'),
  hot: hotScoreSql('video'),
  best: bestScoreSql('video'),
  match: matchScoreSql('video'),
};

export interface VideoListQuery {
  start: number;
  count: number;
  sort: SortOrder<VideoSortColumn>;
  privacies: VideoPrivacy[];
  /** Also list videos not published yet (their owners and moderators see them). */
  includeUnpublished: boolean;
  search?: string;
  channelId?: number;
  accountId?: number;
  /** Only this instance's videos (true) or only other instances' (false); both when undefined. */
  isLocal?: boolean;
  /** Only videos whose channel or account the actor of this account follows (PeerTube's subscription videos). */
  followedByAccountId?: number;
  tagsOneOf?: string[];
  tagsAllOf?: string[];
  categoryOneOf?: number[];
  licenceOneOf?: number[];
  /** Language codes; `_unknown` stands for videos without a language. */
  languageOneOf?: string[];
  /** Only NSFW videos (true), none (false), or both (undefined). */
  nsfw?: boolean;
  /** Lives only (true: none, Shoal has no lives yet) or non-live videos only (false: all). */
  isLive?: boolean;
  durationMin?: number;
  durationMax?: number;
  /** Only the videos of this host (`null`: this instance's). */
  host?: string | null;
  /** Published within these bounds. */
  publishedAfter?: Date;
  publishedBefore?: Date;
  /** Start of the window `-trending` sums views over (needed by that sort only). */
  trendingSince?: Date;
}

export type NewVideo = Pick<
  VideoEntity,
  | 'uuid'
  | 'shortUuid'
  | 'url'
  | 'name'
  | 'description'
  | 'support'
  | 'privacy'
  | 'category'
  | 'licence'
  | 'language'
  | 'nsfw'
  | 'commentsEnabled'
  | 'commentsPolicy'
  | 'downloadEnabled'
  | 'waitTranscoding'
  | 'state'
  | 'sourceFilename'
  | 'sourceSize'
  | 'channelId'
>;

/** The renditions a finished transcoding leaves, to be stored in one go. */
/** A file row's own fields (the remote URL columns apart). */
export type FileFields = Omit<
  VideoFileEntity,
  | 'id'
  | 'createdAt'
  | 'videoId'
  | 'video'
  | 'streamingPlaylistId'
  | 'streamingPlaylist'
  | 'fileUrl'
  | 'torrentUrl'
  | 'magnetUri'
>;

export interface PublishedFiles {
  duration: number;
  aspectRatio: number | null;
  webVideos: FileFields[];
  hls: {
    playlistFilename: string;
    segmentsSha256Filename: string;
    p2pMediaLoaderInfohashes: string[];
    files: FileFields[];
  };
}

export interface InfoHashOwner {
  privacy: VideoPrivacy;
  state: VideoState;
  waitTranscoding: boolean;
}

export type ReplacedFile = Pick<VideoFileEntity, 'filename' | 'torrentFilename'>;

@Injectable()
export class VideosRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actorImages: ActorImagesRepository,
  ) {}

  private repository(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(VideoEntity);
  }

  /** A video with its channel and the channel's account, each with its actor and the actor's server. */
  private withOwners(): SelectQueryBuilder<VideoEntity> {
    return this.repository()
      .createQueryBuilder('video')
      .innerJoinAndSelect('video.channel', 'channel')
      .innerJoinAndSelect('channel.actor', 'channelActor')
      .leftJoinAndSelect('channelActor.server', 'channelServer')
      .innerJoinAndSelect('channel.account', 'account')
      .innerJoinAndSelect('account.actor', 'accountActor')
      .leftJoinAndSelect('accountActor.server', 'accountServer');
  }

  /** A video with its channel, owner, tags, files and playlists: what the REST shape needs. */
  private withDetails(): SelectQueryBuilder<VideoEntity> {
    return this.withOwners()
      .leftJoinAndSelect('video.tags', 'tag')
      .leftJoinAndSelect('video.files', 'file')
      .leftJoinAndSelect('video.streamingPlaylists', 'playlist')
      .leftJoinAndSelect('playlist.files', 'playlistFile')
      .orderBy('file.resolution', 'DESC')
      .addOrderBy('playlistFile.resolution', 'DESC');
  }

  getDetailsById(id: number): Promise<VideoEntity | null> {
    return this.withDetails()
      .where('video.id = :id', { id })
      .getOne()
      .then((video) => this.withActorImages(video));
  }

  getDetailsByUuid(uuid: string): Promise<VideoEntity | null> {
    return this.withDetails()
      .where('video.uuid = :uuid', { uuid })
      .getOne()
      .then((video) => this.withActorImages(video));
  }

  /** The avatars of the videos' channels and accounts, loaded apart (see ActorImagesRepository.attach). */
  private async withActorImages<T extends VideoEntity | null | VideoEntity[]>(found: T): Promise<T> {
    const videos: (VideoEntity | null)[] = [found].flat();
    await this.actorImages.attach(
      videos.flatMap((video) => (video ? [video.channel.actor, video.channel.account.actor] : [])),
    );
    return found;
  }

  getForTranscoding(id: number): Promise<VideoEntity | null> {
    return this.repository().findOneBy({ id });
  }

  /** What the static file gate needs: privacy and owner. */
  async getAccessByUuid(uuid: string): Promise<{ privacy: VideoPrivacy; ownerUserId: number | null } | undefined> {
    const rows: { privacy: VideoPrivacy; ownerUserId: number | null }[] = await this.dataSource.query(
      `SELECT v.privacy, a.user_id AS "ownerUserId"
       FROM videos v JOIN video_channels c ON c.id = v.channel_id JOIN accounts a ON a.id = c.account_id
       WHERE v.uuid = $1`,
      [uuid],
    );
    return rows[0];
  }

  /**
   * What the tracker's allow-list needs of the video an infohash belongs to: the torrent of an MP4 file, or one of
   * the P2P swarms of an HLS playlist, or the torrent of one of its fragmented MP4s.
   */
  async getByInfoHash(infoHash: string): Promise<InfoHashOwner | undefined> {
    const rows: InfoHashOwner[] = await this.dataSource.query(
      `SELECT v.privacy, v.state, v.wait_transcoding AS "waitTranscoding"
       FROM video_files f JOIN videos v ON v.id = f.video_id WHERE f.info_hash = $1
       UNION ALL
       SELECT v.privacy, v.state, v.wait_transcoding FROM video_files f
       JOIN video_streaming_playlists p ON p.id = f.streaming_playlist_id JOIN videos v ON v.id = p.video_id
       WHERE f.info_hash = $1
       UNION ALL
       SELECT v.privacy, v.state, v.wait_transcoding FROM video_streaming_playlists p JOIN videos v ON v.id = p.video_id
       WHERE p.p2p_media_loader_infohashes @> ARRAY[$1]::char(40)[]
       LIMIT 1`,
      [infoHash],
    );
    return rows[0];
  }

  /** Published videos of this instance, whatever their privacy (NodeInfo's `localPosts`). */
  countLocalPublished(): Promise<number> {
    return this.repository().countBy({ state: VideoState.Published });
  }

  /**
   * A page of a video list and the list's total. The page's ids come first, from the videos and the few joins the
   * filters need, in an order the indexes of the column sorts follow (so PostgreSQL stops after `start + count`
   * rows); the total is counted apart, from an index that covers the common filters, unless the page already tells
   * it; only the page's videos are then loaded with their channel and account. A window count over the same scan made
   * PostgreSQL read every matching video for each page (bench/api.ts).
   */
  async list(query: VideoListQuery): Promise<[VideoEntity[], number]> {
    const matching = this.matching(query);
    // `count=0` asks for the total alone (and TypeORM reads LIMIT 0 as no limit).
    if (query.count === 0) return [[], await this.countOf(matching)];
    const ids = await this.page(matching.clone(), query);
    // A short page, when it has rows or starts the list, is the list's end.
    const lastPage = ids.length < query.count && (ids.length > 0 || query.start === 0);
    const total = lastPage ? query.start + ids.length : await this.countOf(matching);
    return [await this.getListed(ids), total];
  }

  /** The videos a list query matches, joined to what its filters read, selecting nothing yet. */
  private matching(query: VideoListQuery): SelectQueryBuilder<VideoEntity> {
    const builder = this.repository()
      .createQueryBuilder('video')
      .select([])
      .innerJoin('video.channel', 'channel')
      .innerJoin('channel.actor', 'channelActor')
      .leftJoin('channelActor.server', 'channelServer')
      .where('video.privacy IN (:...privacies)', { privacies: query.privacies })
      // Videos of blocked instances are hidden.
      .andWhere('(channelServer.id IS NULL OR channelServer.host NOT IN (SELECT host FROM server_blocklist))');
    if (query.isLocal !== undefined) builder.andWhere('video.isLocal = :isLocal', { isLocal: query.isLocal });
    if (!query.includeUnpublished) {
      builder.andWhere('(video.state = :published OR video.waitTranscoding = false)', {
        published: VideoState.Published,
      });
    }
    if (query.search) {
      builder.andWhere(
        `(to_tsvector('simple', video.name) @@ plainto_tsquery('simple', :search) OR video.name ILIKE :like
          OR EXISTS (SELECT 1 FROM video_tags t WHERE t.video_id = video.id AND t.name = lower(:search)))`,
        { search: query.search, like: likePattern(query.search) },
      );
    }
    this.applyFilters(builder, query);
    if (query.channelId !== undefined) builder.andWhere('video.channelId = :channelId', { channelId: query.channelId });
    if (query.accountId !== undefined)
      builder.andWhere('channel.accountId = :accountId', { accountId: query.accountId });
    if (query.followedByAccountId !== undefined) {
      builder.andWhere(
        `EXISTS (SELECT 1 FROM actor_follows f JOIN accounts follower ON follower.actor_id = f.follower_id
                 JOIN accounts followed ON followed.id = channel.account_id
                 WHERE follower.id = :followedBy AND f.state = 'accepted'
                   AND f.following_id IN (channelActor.id, followed.actor_id))`,
        { followedBy: query.followedByAccountId },
      );
    }
    return builder;
  }

  /** The ids of the requested page, in the list's order. */
  private async page(builder: SelectQueryBuilder<VideoEntity>, query: VideoListQuery): Promise<number[]> {
    builder.addSelect('video.id', 'id');
    const ranked = RANKED_SORTS[query.sort.column];
    if (ranked) {
      // As PeerTube: ties of a score go to the more viewed video (relevance ties to the older one).
      builder
        .addSelect(ranked, 'rank_score')
        .setParameters({
          trendingSince: query.trendingSince ?? new Date(0),
          search: query.search ?? '',
          like: likePattern(query.search),
        })
        .orderBy('rank_score', query.sort.direction);
      if (query.sort.column === 'match') builder.addOrderBy('video.id', 'ASC');
      else builder.addOrderBy('video.views', query.sort.direction).addOrderBy('video.id', 'DESC');
    } else {
      builder.orderBy(`video.${query.sort.column}`, query.sort.direction, 'NULLS LAST').addOrderBy('video.id', 'DESC');
    }
    // Every join is to one row, so plain OFFSET/LIMIT pages the list (and ordering by a computed score works).
    const rows: { id: number }[] = await builder.offset(query.start).limit(query.count).getRawMany();
    return rows.map((row) => row.id);
  }

  private async countOf(builder: SelectQueryBuilder<VideoEntity>): Promise<number> {
    // COUNT(*), not TypeORM's COUNT(DISTINCT id): every join is to one row.
    const row: { total: string } | undefined = await builder.addSelect('COUNT(*)', 'total').getRawOne();
    return Number(row?.total ?? 0);
  }

  /** The list shape's videos (channel, account, their actors and avatars), in the order of `ids`. */
  private async getListed(ids: number[]): Promise<VideoEntity[]> {
    if (ids.length === 0) return [];
    const videos = await this.withOwners().where('video.id IN (:...ids)', { ids }).getMany();
    const byId = new Map(videos.map((video) => [video.id, video]));
    return this.withActorImages(ids.flatMap((id) => byId.get(id) ?? []));
  }

  /** The filters of PeerTube's video lists and search. */
  private applyFilters(builder: SelectQueryBuilder<VideoEntity>, query: VideoListQuery): void {
    if (query.tagsOneOf?.length) {
      builder.andWhere(
        'EXISTS (SELECT 1 FROM video_tags t WHERE t.video_id = video.id AND t.name IN (:...tagsOneOf))',
        { tagsOneOf: query.tagsOneOf.map((tag) => tag.toLowerCase()) },
      );
    }
    if (query.tagsAllOf?.length) {
      const tags = [...new Set(query.tagsAllOf.map((tag) => tag.toLowerCase()))];
      builder.andWhere(
        '(SELECT count(DISTINCT t.name) FROM video_tags t WHERE t.video_id = video.id AND t.name IN (:...tagsAllOf)) = :tagsAllOfCount',
        { tagsAllOf: tags, tagsAllOfCount: tags.length },
      );
    }
    if (query.categoryOneOf?.length)
      builder.andWhere('video.category IN (:...categories)', { categories: query.categoryOneOf });
    if (query.licenceOneOf?.length)
      builder.andWhere('video.licence IN (:...licences)', { licences: query.licenceOneOf });
    if (query.languageOneOf?.length) {
      const languages = query.languageOneOf.filter((language) => language !== '_unknown');
      const unknown = languages.length < query.languageOneOf.length;
      const clauses = [
        ...(languages.length > 0 ? ['video.language IN (:...languages)'] : []),
        ...(unknown ? ['video.language IS NULL'] : []),
      ];
      builder.andWhere(`(${clauses.join(' OR ')})`, { languages });
    }
    if (query.nsfw !== undefined) builder.andWhere('video.nsfw = :nsfw', { nsfw: query.nsfw });
    if (query.isLive === true) builder.andWhere('false');
    if (query.durationMin !== undefined)
      builder.andWhere('video.duration >= :durationMin', { durationMin: query.durationMin });
    if (query.durationMax !== undefined)
      builder.andWhere('video.duration <= :durationMax', { durationMax: query.durationMax });
    if (query.host === null) builder.andWhere('video.isLocal = true');
    else if (query.host !== undefined) builder.andWhere('channelServer.host = :onlyHost', { onlyHost: query.host });
    if (query.publishedAfter)
      builder.andWhere('video.publishedAt >= :publishedAfter', { publishedAfter: query.publishedAfter });
    if (query.publishedBefore)
      builder.andWhere('video.publishedAt <= :publishedBefore', { publishedBefore: query.publishedBefore });
  }

  async create(manager: EntityManager, video: NewVideo, tags: string[]): Promise<VideoEntity> {
    const saved = await this.repository(manager).save(this.repository(manager).create(video));
    if (tags.length > 0)
      await manager.query(`INSERT INTO video_tags (video_id, name) SELECT $1, unnest($2::text[])`, [saved.id, tags]);
    return saved;
  }

  /** In the caller's transaction. */
  async update(manager: EntityManager, id: number, changes: Partial<NewVideo>, tags?: string[]): Promise<void> {
    if (Object.keys(changes).length > 0) await this.repository(manager).update({ id }, changes);
    if (tags) {
      await manager.query('DELETE FROM video_tags WHERE video_id = $1', [id]);
      if (tags.length > 0)
        await manager.query(`INSERT INTO video_tags (video_id, name) SELECT $1, unnest($2::text[])`, [id, tags]);
    }
  }

  async setTranscodingProgress(id: number, percent: number): Promise<void> {
    await this.repository().update({ id, state: VideoState.ToTranscode }, { transcodingProgress: percent });
  }

  /** Only a video still waiting for transcoding fails: a published one stays published. Answers whether it did. */
  async markFailed(manager: EntityManager, id: number, reason: string): Promise<boolean> {
    const result = await this.repository(manager).update(
      { id, state: VideoState.ToTranscode },
      { state: VideoState.TranscodingFailed, stateDetail: reason, transcodingProgress: null },
    );
    return (result.affected ?? 0) > 0;
  }

  /** The uploaded file, kept as a web video until transcoding replaces it. */
  async addWebVideoFile(manager: EntityManager, videoId: number, file: FileFields): Promise<void> {
    await manager.getRepository(VideoFileEntity).insert({ ...file, videoId });
  }

  /**
   * Replaces every file row of the video and publishes it, atomically (a retried job leaves no duplicates), within
   * `within`'s transaction when given. Answers the web video rows it replaced (the uploaded file's), whose stored files
   * the caller removes.
   */
  async publish(id: number, files: PublishedFiles, within?: EntityManager): Promise<ReplacedFile[]> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      const replaced = await manager.getRepository(VideoFileEntity).find({
        select: { filename: true, torrentFilename: true },
        where: { videoId: id },
      });
      await manager.getRepository(VideoFileEntity).delete({ videoId: id });
      await manager.getRepository(VideoStreamingPlaylistEntity).delete({ videoId: id });
      const playlist = await manager.getRepository(VideoStreamingPlaylistEntity).save({
        videoId: id,
        type: VideoStreamingPlaylistType.Hls,
        playlistFilename: files.hls.playlistFilename,
        segmentsSha256Filename: files.hls.segmentsSha256Filename,
        p2pMediaLoaderInfohashes: files.hls.p2pMediaLoaderInfohashes,
      });
      await manager
        .getRepository(VideoFileEntity)
        .insert([
          ...files.webVideos.map((file) => ({ ...file, videoId: id })),
          ...files.hls.files.map((file) => ({ ...file, streamingPlaylistId: playlist.id })),
        ]);
      await manager.query(
        `UPDATE videos SET state = $2, state_detail = NULL, transcoding_progress = NULL, duration = $3, aspect_ratio = $4,
           published_at = COALESCE(published_at, now()), updated_at = now()
         WHERE id = $1`,
        [id, VideoState.Published, files.duration, files.aspectRatio],
      );
      return replaced;
    });
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await this.repository(manager).delete({ id });
  }

  async listIds(owner: { channelId: number } | { accountId: number }): Promise<number[]> {
    const builder = this.repository().createQueryBuilder('video').select('video.id', 'id');
    if ('channelId' in owner) builder.where('video.channelId = :channelId', { channelId: owner.channelId });
    else builder.innerJoin('video.channel', 'channel').where('channel.accountId = :accountId', owner);
    const rows = await builder.getRawMany<{ id: number }>();
    return rows.map((row) => row.id);
  }

  /** Videos left waiting for transcoding (after a crash, or when enqueueing failed). */
  async listIdsToTranscode(): Promise<number[]> {
    const rows = await this.repository().find({ select: { id: true }, where: { state: VideoState.ToTranscode } });
    return rows.map((row) => row.id);
  }

  /** Bytes counted against a user's quota, in total and over the last 24 hours. */
  async quotaUsed(accountId: number): Promise<{ total: number; daily: number }> {
    const [row] = await this.dataSource.query<{ total: string; daily: string }[]>(
      `SELECT COALESCE(SUM(v.source_size), 0) AS total,
              COALESCE(SUM(v.source_size) FILTER (WHERE v.created_at > now() - interval '24 hours'), 0) AS daily
       FROM videos v JOIN video_channels c ON c.id = v.channel_id WHERE c.account_id = $1`,
      [accountId],
    );
    return { total: Number(row.total), daily: Number(row.daily) };
  }
}

/** An ILIKE pattern matching the text anywhere, its wildcard characters taken literally. */
function likePattern(text: string | undefined): string {
  return `%${(text ?? '').replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
