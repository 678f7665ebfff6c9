import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { VideoPlaylistPrivacy, VideoPlaylistType } from '../../../shared/models/videos/video-playlist.model.js';
import type { SortOrder } from '../../core/http/pagination.js';
import { VideoPlaylistElementEntity } from './video-playlist-element.entity.js';
import { VideoPlaylistEntity } from './video-playlist.entity.js';

export const PLAYLIST_SORT_COLUMNS = ['name', 'displayName', 'createdAt', 'updatedAt', 'videoChannelPosition'] as const;
export type PlaylistSortColumn = (typeof PLAYLIST_SORT_COLUMNS)[number];
export const PLAYLIST_SEARCH_SORT_COLUMNS = ['match', 'displayName', 'createdAt'] as const;
export type PlaylistSearchSortColumn = (typeof PLAYLIST_SEARCH_SORT_COLUMNS)[number];

const SORT_EXPRESSIONS: Record<PlaylistSortColumn | PlaylistSearchSortColumn, string> = {
  name: 'playlist.name',
  displayName: 'playlist.name',
  createdAt: 'playlist.createdAt',
  updatedAt: 'playlist.updatedAt',
  // Shoal keeps no order of its own among a channel's playlists: they come in the order they were made.
  videoChannelPosition: 'playlist.id',
  // Built in list() from the search: exact names first, then names holding the words.
  match: 'playlist.updatedAt',
};

export interface PlaylistListQuery {
  start: number;
  count: number;
  sort: SortOrder<PlaylistSortColumn | PlaylistSearchSortColumn>;
  /** Only public regular playlists in a channel (what anyone may list), unless the owner lists their own. */
  publicOnly: boolean;
  type?: VideoPlaylistType;
  accountId?: number;
  channelId?: number;
  search?: string;
}

export type NewPlaylist = Pick<
  VideoPlaylistEntity,
  'uuid' | 'url' | 'isLocal' | 'name' | 'description' | 'privacy' | 'type' | 'ownerAccountId' | 'channelId'
>;

export interface RemoteElement {
  url: string;
  position: number;
  videoId: number;
  startTimestamp: number | null;
  stopTimestamp: number | null;
}

/** Playlists and their elements; positions of elements are kept dense (1..n) by every change here. */
@Injectable()
export class PlaylistsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A playlist with its owner account and channel (and their actors and servers): what the REST shape needs. */
  private withOwner(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<VideoPlaylistEntity> {
    return manager
      .getRepository(VideoPlaylistEntity)
      .createQueryBuilder('playlist')
      .innerJoinAndSelect('playlist.ownerAccount', 'account')
      .innerJoinAndSelect('account.actor', 'accountActor')
      .leftJoinAndSelect('accountActor.server', 'accountServer')
      .leftJoinAndSelect('playlist.channel', 'channel')
      .leftJoinAndSelect('channel.actor', 'channelActor')
      .leftJoinAndSelect('channelActor.server', 'channelServer');
  }

  getById(id: number): Promise<VideoPlaylistEntity | null> {
    return this.withOwner().where('playlist.id = :id', { id }).getOne();
  }

  getByUuid(uuid: string): Promise<VideoPlaylistEntity | null> {
    return this.withOwner().where('playlist.uuid = :uuid', { uuid }).getOne();
  }

  getByUrl(url: string): Promise<VideoPlaylistEntity | null> {
    return this.withOwner().where('playlist.url = :url', { url }).getOne();
  }

  async list(query: PlaylistListQuery): Promise<[VideoPlaylistEntity[], number]> {
    const builder = this.withOwner()
      // Playlists of blocked instances are hidden.
      .where('(accountServer.id IS NULL OR accountServer.host NOT IN (SELECT host FROM server_blocklist))');
    if (query.publicOnly) {
      builder.andWhere('playlist.privacy = :public AND playlist.type = :regular AND playlist.channelId IS NOT NULL', {
        public: VideoPlaylistPrivacy.Public,
        regular: VideoPlaylistType.Regular,
      });
    }
    if (query.type !== undefined) builder.andWhere('playlist.type = :type', { type: query.type });
    if (query.accountId !== undefined)
      builder.andWhere('playlist.ownerAccountId = :accountId', { accountId: query.accountId });
    if (query.channelId !== undefined)
      builder.andWhere('playlist.channelId = :channelId', { channelId: query.channelId });
    let order = SORT_EXPRESSIONS[query.sort.column];
    if (query.search) {
      const like = `%${query.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      builder.andWhere(
        `(to_tsvector('simple', playlist.name) @@ plainto_tsquery('simple', :search) OR playlist.name ILIKE :like)`,
        { search: query.search, like },
      );
      if (query.sort.column === 'match')
        order = `CASE WHEN lower(playlist.name) = lower(:search) THEN 2 WHEN playlist.name ILIKE :like THEN 1 ELSE 0 END`;
    } else if (query.sort.column === 'match') {
      order = SORT_EXPRESSIONS.updatedAt;
    }
    // Every join is to one row, so plain OFFSET/LIMIT pages it.
    return builder
      .orderBy(order, query.sort.direction)
      .addOrderBy('playlist.id', 'DESC')
      .offset(query.start)
      .limit(query.count)
      .getManyAndCount();
  }

  /** How many elements each playlist has (`videosLength`), private and unavailable videos included. */
  async countElements(playlistIds: number[]): Promise<Map<number, number>> {
    if (playlistIds.length === 0) return new Map();
    const rows: { playlistId: number; total: string }[] = await this.dataSource.query(
      `SELECT playlist_id AS "playlistId", count(*) AS total FROM video_playlist_elements
       WHERE playlist_id = ANY($1) GROUP BY playlist_id`,
      [playlistIds],
    );
    return new Map(rows.map((row) => [row.playlistId, Number(row.total)]));
  }

  async create(playlist: NewPlaylist, manager: EntityManager = this.dataSource.manager): Promise<VideoPlaylistEntity> {
    const repository = manager.getRepository(VideoPlaylistEntity);
    return repository.save(repository.create(playlist));
  }

  async update(
    id: number,
    changes: Partial<Pick<VideoPlaylistEntity, 'name' | 'description' | 'privacy' | 'channelId'>>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.getRepository(VideoPlaylistEntity).update({ id }, { ...changes, updatedAt: new Date() });
  }

  async delete(id: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(VideoPlaylistEntity).delete({ id });
  }

  /** Elements in order with their videos (and the videos' channels and owners), and their number. */
  listElements(playlistId: number, start: number, count: number): Promise<[VideoPlaylistElementEntity[], number]> {
    return this.dataSource
      .getRepository(VideoPlaylistElementEntity)
      .createQueryBuilder('element')
      .leftJoinAndSelect('element.video', 'video')
      .leftJoinAndSelect('video.channel', 'channel')
      .leftJoinAndSelect('channel.actor', 'channelActor')
      .leftJoinAndSelect('channelActor.server', 'channelServer')
      .leftJoinAndSelect('channel.account', 'account')
      .leftJoinAndSelect('account.actor', 'accountActor')
      .leftJoinAndSelect('accountActor.server', 'accountServer')
      .where('element.playlistId = :playlistId', { playlistId })
      .orderBy('element.position', 'ASC')
      .skip(start)
      .take(count)
      .getManyAndCount();
  }

  /**
   * A page of the elements other servers may know (their video public or unlisted, and published), and their number:
   * an element of a private or deleted video is left out, not shown as a hole.
   */
  async listFederatedElements(playlistId: number, start: number, count: number): Promise<[number[], number]> {
    const federated = `FROM video_playlist_elements e JOIN videos v ON v.id = e.video_id
       WHERE e.playlist_id = $1 AND v.privacy IN (1, 2) AND v.state = 1`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<{ id: number }[]>(`SELECT e.id ${federated} ORDER BY e.position OFFSET $2 LIMIT $3`, [
        playlistId,
        start,
        count,
      ]),
      this.dataSource.query<[{ total: string }]>(`SELECT count(*) AS total ${federated}`, [playlistId]),
    ]);
    return [rows.map((row) => row.id), Number(total)];
  }

  /** One element with its video's URL and privacy, for the ActivityPub element document. */
  getElementWithVideo(playlistId: number, elementId: number): Promise<VideoPlaylistElementEntity | null> {
    return this.dataSource
      .getRepository(VideoPlaylistElementEntity)
      .createQueryBuilder('element')
      .leftJoinAndSelect('element.video', 'video')
      .where('element.id = :elementId AND element.playlistId = :playlistId', { elementId, playlistId })
      .getOne();
  }

  getElement(playlistId: number, elementId: number): Promise<VideoPlaylistElementEntity | null> {
    return this.dataSource.getRepository(VideoPlaylistElementEntity).findOneBy({ id: elementId, playlistId });
  }

  /**
   * Appends a video to a playlist, unless it already holds `max` elements; answers the element's id, or undefined
   * when the playlist is full. The playlist row is locked so that concurrent additions take distinct positions.
   */
  async addElement(
    playlistId: number,
    element: { videoId: number; startTimestamp: number | null; stopTimestamp: number | null },
    max: number,
    within?: EntityManager,
  ): Promise<number | undefined> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      await this.lock(manager, playlistId);
      const [{ total }] = await manager.query<[{ total: string }]>(
        `SELECT count(*) AS total FROM video_playlist_elements WHERE playlist_id = $1`,
        [playlistId],
      );
      if (Number(total) >= max) return undefined;
      const [{ id }] = await manager.query<[{ id: number }]>(
        `INSERT INTO video_playlist_elements (playlist_id, video_id, position, start_timestamp, stop_timestamp)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [playlistId, element.videoId, Number(total) + 1, element.startTimestamp, element.stopTimestamp],
      );
      await this.touch(manager, playlistId);
      return id;
    });
  }

  async updateElement(
    playlistId: number,
    elementId: number,
    timestamps: { startTimestamp: number | null; stopTimestamp: number | null },
    within?: EntityManager,
  ): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager
        .getRepository(VideoPlaylistElementEntity)
        .update({ id: elementId, playlistId }, { ...timestamps, updatedAt: new Date() });
      await this.touch(manager, playlistId);
    });
  }

  /** Removes an element; the ones after it move up (the table's trigger), so positions stay 1..n. */
  async removeElement(playlistId: number, elementId: number, within?: EntityManager): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await this.lock(manager, playlistId);
      await manager.query(`DELETE FROM video_playlist_elements WHERE id = $1 AND playlist_id = $2`, [
        elementId,
        playlistId,
      ]);
      await this.touch(manager, playlistId);
    });
  }

  /**
   * Moves the `length` elements from `start` to after the element at `insertAfter` (0: to the top), positions as they
   * were before the move; answers false when the positions are past the end of the playlist.
   */
  async reorder(
    playlistId: number,
    start: number,
    insertAfter: number,
    length: number,
    within?: EntityManager,
  ): Promise<boolean> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      await this.lock(manager, playlistId);
      const rows: { id: number }[] = await manager.query(
        `SELECT id FROM video_playlist_elements WHERE playlist_id = $1 ORDER BY position, id`,
        [playlistId],
      );
      const ids = rows.map((row) => row.id);
      if (start > ids.length || insertAfter > ids.length || start + length - 1 > ids.length) return false;
      const order = reorderedIds(ids, start, insertAfter, length);
      await manager.query(
        `UPDATE video_playlist_elements e SET position = o.position
         FROM unnest($2::int[]) WITH ORDINALITY AS o(id, position) WHERE e.id = o.id AND e.playlist_id = $1`,
        [playlistId, order],
      );
      await this.touch(manager, playlistId);
      return true;
    });
  }

  /** Which of these videos are in the account's playlists, and where. */
  async listElementsOfVideos(
    accountId: number,
    videoIds: number[],
  ): Promise<
    {
      videoId: number;
      playlistElementId: number;
      playlistId: number;
      playlistDisplayName: string;
      playlistUuid: string;
      startTimestamp: number | null;
      stopTimestamp: number | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT e.video_id AS "videoId", e.id AS "playlistElementId", p.id AS "playlistId",
              p.name AS "playlistDisplayName", p.uuid AS "playlistUuid",
              e.start_timestamp AS "startTimestamp", e.stop_timestamp AS "stopTimestamp"
       FROM video_playlist_elements e JOIN video_playlists p ON p.id = e.playlist_id
       WHERE p.owner_account_id = $1 AND e.video_id = ANY($2) ORDER BY p.id, e.position`,
      [accountId, videoIds],
    );
  }

  /**
   * A remote playlist, created or refreshed; answers its id and whether it is new, or undefined when the stored copy
   * is more recent (or the URL is a local playlist's).
   */
  async upsertRemote(
    playlist: Omit<NewPlaylist, 'type' | 'isLocal'> & { thumbnailUrl: string | null; createdAt: Date; updatedAt: Date },
  ): Promise<{ id: number; created: boolean } | undefined> {
    const rows: { id: number; created: boolean }[] = await this.dataSource.query(
      `INSERT INTO video_playlists (uuid, url, is_local, name, description, privacy, type, owner_account_id, channel_id,
                                    thumbnail_url, created_at, updated_at)
       VALUES ($1, $2, false, $3, $4, $5, 1, $6, $7, $8, $9, $10)
       ON CONFLICT (url) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
         privacy = EXCLUDED.privacy, owner_account_id = EXCLUDED.owner_account_id, channel_id = EXCLUDED.channel_id,
         thumbnail_url = EXCLUDED.thumbnail_url, updated_at = EXCLUDED.updated_at
       WHERE NOT video_playlists.is_local AND video_playlists.updated_at <= EXCLUDED.updated_at
       RETURNING id, (xmax = 0) AS created`,
      [
        playlist.uuid,
        playlist.url,
        playlist.name,
        playlist.description,
        playlist.privacy,
        playlist.ownerAccountId,
        playlist.channelId,
        playlist.thumbnailUrl,
        playlist.createdAt,
        playlist.updatedAt,
      ],
    );
    return rows.at(0);
  }

  /** Replaces every element of a remote playlist; positions are renumbered 1..n in the origin's order. */
  async replaceRemoteElements(playlistId: number, elements: RemoteElement[]): Promise<void> {
    const ordered = [...elements].sort((a, b) => a.position - b.position);
    await this.dataSource.transaction(async (manager) => {
      await this.lock(manager, playlistId);
      await manager.query(`DELETE FROM video_playlist_elements WHERE playlist_id = $1`, [playlistId]);
      if (ordered.length === 0) return;
      await manager.query(
        `INSERT INTO video_playlist_elements (playlist_id, video_id, position, start_timestamp, stop_timestamp, url)
         SELECT $1, e.video_id, e.position, e.start_timestamp, e.stop_timestamp, e.url
         FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::varchar[])
           AS e(video_id, position, start_timestamp, stop_timestamp, url)`,
        [
          playlistId,
          ordered.map((element) => element.videoId),
          ordered.map((_, index) => index + 1),
          ordered.map((element) => element.startTimestamp),
          ordered.map((element) => element.stopTimestamp),
          ordered.map((element) => element.url),
        ],
      );
    });
  }

  /** Deletes a remote playlist by its id; answers whether there was one. */
  async deleteRemoteByUrl(url: string): Promise<boolean> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM video_playlists WHERE url = $1 AND NOT is_local`,
      [url],
    );
    return deleted > 0;
  }

  /** The ActivityPub ids of the public playlists of a local account or channel (by its actor), newest first. */
  async listPublicUrlsOfActor(actorId: number, start: number, count: number): Promise<[string[], number]> {
    const owned = `FROM video_playlists p JOIN accounts a ON a.id = p.owner_account_id
       LEFT JOIN video_channels c ON c.id = p.channel_id
       WHERE p.is_local AND p.privacy = 1 AND (a.actor_id = $1 OR c.actor_id = $1)`;
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<{ url: string }[]>(`SELECT p.url ${owned} ORDER BY p.id DESC OFFSET $2 LIMIT $3`, [
        actorId,
        start,
        count,
      ]),
      this.dataSource.query<[{ total: string }]>(`SELECT count(*) AS total ${owned}`, [actorId]),
    ]);
    return [rows.map((row) => row.url), Number(total)];
  }

  /** The first video others may see of each playlist, whose picture stands for the playlist. */
  async firstVisibleVideos(
    playlistIds: number[],
  ): Promise<Map<number, { uuid: string; isLocal: boolean; thumbnailUrl: string | null }>> {
    if (playlistIds.length === 0) return new Map();
    const rows: { playlistId: number; uuid: string; isLocal: boolean; thumbnailUrl: string | null }[] =
      await this.dataSource.query(
        `SELECT DISTINCT ON (e.playlist_id) e.playlist_id AS "playlistId", v.uuid, v.is_local AS "isLocal",
                v.thumbnail_url AS "thumbnailUrl"
         FROM video_playlist_elements e JOIN videos v ON v.id = e.video_id
         WHERE e.playlist_id = ANY($1) AND v.privacy IN (1, 2) AND v.state = 1
         ORDER BY e.playlist_id, e.position`,
        [playlistIds],
      );
    return new Map(rows.map(({ playlistId, ...video }) => [playlistId, video]));
  }

  /** The ActivityPub ids of channels of another instance known here (the newest first). */
  async remoteChannelUrlsOfHost(host: string, max: number): Promise<string[]> {
    const rows: { url: string }[] = await this.dataSource.query(
      `SELECT a.url FROM video_channels c JOIN actors a ON a.id = c.actor_id JOIN servers s ON s.id = a.server_id
       WHERE s.host = $1 ORDER BY c.id DESC LIMIT $2`,
      [host, max],
    );
    return rows.map((row) => row.url);
  }

  /** The ids of known videos (local or remote) by ActivityPub id. */
  async videoIdsByUrls(urls: string[]): Promise<Map<string, number>> {
    if (urls.length === 0) return new Map();
    const rows: { id: number; url: string }[] = await this.dataSource.query(
      `SELECT id, url FROM videos WHERE url = ANY($1)`,
      [urls],
    );
    return new Map(rows.map((row) => [row.url, row.id]));
  }

  /** The id of an account by name, of this instance (`host` null) or of another. */
  async accountIdByNameAndHost(name: string, host: string | null): Promise<number | undefined> {
    const rows: { id: number }[] = await this.dataSource.query(
      `SELECT a.id FROM accounts a JOIN actors actor ON actor.id = a.actor_id LEFT JOIN servers s ON s.id = actor.server_id
       WHERE actor.preferred_username = $1 AND actor.type = 'Person'
         AND (($2::varchar IS NULL AND actor.server_id IS NULL) OR s.host = $2)`,
      [name, host],
    );
    return rows[0]?.id;
  }

  private async lock(manager: EntityManager, playlistId: number): Promise<void> {
    await manager.query(`SELECT id FROM video_playlists WHERE id = $1 FOR UPDATE`, [playlistId]);
  }

  private async touch(manager: EntityManager, playlistId: number): Promise<void> {
    await manager.query(`UPDATE video_playlists SET updated_at = now() WHERE id = $1`, [playlistId]);
  }
}

/**
 * The ids in their new order once the `length` ids from position `start` (from 1) are moved after the id at position
 * `insertAfter` (0: before all); a move after one of the moved ids changes nothing.
 */
export function reorderedIds(ids: number[], start: number, insertAfter: number, length: number): number[] {
  const moved = ids.slice(start - 1, start - 1 + length);
  if (insertAfter >= start && insertAfter < start + length) return ids;
  const anchor = insertAfter === 0 ? undefined : ids[insertAfter - 1];
  const rest = ids.filter((id) => !moved.includes(id));
  const at = anchor === undefined ? 0 : rest.indexOf(anchor) + 1;
  return [...rest.slice(0, at), ...moved, ...rest.slice(at)];
}
