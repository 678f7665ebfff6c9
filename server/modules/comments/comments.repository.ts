import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { VideoCommentEntity } from './video-comment.entity.js';

/** Who is looking: held comments show to those who see every comment of the video, and to their authors. */
export interface CommentViewer {
  seesHeld: boolean;
  accountId: number | null;
}

export type ThreadSort = 'createdAt' | '-createdAt' | 'totalReplies' | '-totalReplies';

export interface ReplyCounters {
  totalReplies: number;
  totalRepliesFromVideoAuthor: number;
}

export interface NewComment {
  text: string;
  videoId: number;
  accountId: number;
  inReplyToCommentId: number | null;
  originCommentId: number | null;
  heldForReview: boolean;
}

/** Filters of the moderation lists (PeerTube's `GET /videos/comments` and `GET /users/me/videos/comments`). */
export interface CommentListFilters {
  start: number;
  count: number;
  sort: 'createdAt' | '-createdAt';
  search?: string;
  searchAccount?: string;
  searchVideo?: string;
  videoId?: number;
  videoChannelId?: number;
  /** Comments on the videos of this account only. */
  videoAccountId?: number;
  isLocal?: boolean;
  onLocalVideo?: boolean;
  heldForReview?: boolean;
}

/** The held-for-review rule as SQL over alias `c`, with the viewer as parameters $2 and $3. */
const VISIBLE = `($2::boolean OR NOT c.held_for_review OR c.account_id = $3::integer)`;

const THREAD_ORDER: Record<ThreadSort, string> = {
  createdAt: 'c.created_at ASC, c.id ASC',
  '-createdAt': 'c.created_at DESC, c.id DESC',
  totalReplies: `(SELECT count(*) FROM video_comments r WHERE r.origin_comment_id = c.id AND r.deleted_at IS NULL) ASC, c.id ASC`,
  '-totalReplies': `(SELECT count(*) FROM video_comments r WHERE r.origin_comment_id = c.id AND r.deleted_at IS NULL) DESC, c.id DESC`,
};

/** Comments on videos, local and remote; the `comments` counter of a video follows them. */
@Injectable()
export class CommentsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly actorImages: ActorImagesRepository,
  ) {}

  /** A comment with its author, its video (channel, account) and the comment it answers. */
  async getById(id: number): Promise<VideoCommentEntity | null> {
    const comment = await this.withRelations().where('comment.id = :id', { id }).getOne();
    await this.attachAvatars([comment]);
    return comment;
  }

  getByUrl(url: string): Promise<VideoCommentEntity | null> {
    return this.withRelations().where('comment.url = :url', { url }).getOne();
  }

  /** The id of the video (local or remote) whose ActivityPub id is `url`. */
  async getVideoIdByUrl(url: string): Promise<number | undefined> {
    const rows = await this.dataSource.query<{ id: number }[]>(`SELECT id FROM videos WHERE url = $1`, [url]);
    return rows[0]?.id;
  }

  /** The account of an actor (local or remote), if it has one. */
  async getAccountIdOfActor(actorId: number): Promise<number | undefined> {
    const rows = await this.dataSource.query<{ id: number }[]>(`SELECT id FROM accounts WHERE actor_id = $1`, [
      actorId,
    ]);
    return rows[0]?.id;
  }

  async getActorIdOfAccount(accountId: number): Promise<number | undefined> {
    const rows = await this.dataSource.query<{ actorId: number }[]>(
      `SELECT actor_id AS "actorId" FROM accounts WHERE id = $1`,
      [accountId],
    );
    return rows[0]?.actorId;
  }

  /** Stores a comment written here; its url is made from its id, hence one transaction. */
  async createLocal(comment: NewComment, urlOf: (id: number) => string, within?: EntityManager): Promise<number> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      const [{ id }] = await manager.query<[{ id: number }]>(
        `INSERT INTO video_comments (url, text, video_id, account_id, in_reply_to_comment_id, origin_comment_id,
           held_for_review)
         VALUES ('pending:' || gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          comment.text,
          comment.videoId,
          comment.accountId,
          comment.inReplyToCommentId,
          comment.originCommentId,
          comment.heldForReview,
        ],
      );
      await manager.query(`UPDATE video_comments SET url = $2 WHERE id = $1`, [id, urlOf(id)]);
      await this.recount(manager, comment.videoId);
      return id;
    });
  }

  /** Stores a comment from another instance once; undefined when its url is already known. */
  async createRemote(
    comment: NewComment & { url: string; createdAt: Date; updatedAt: Date },
    within?: EntityManager,
  ): Promise<number | undefined> {
    return (within ?? this.dataSource.manager).transaction(async (manager) => {
      const rows = await manager.query<{ id: number }[]>(
        `INSERT INTO video_comments (url, text, video_id, account_id, in_reply_to_comment_id, origin_comment_id,
           held_for_review, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (url) DO NOTHING RETURNING id`,
        [
          comment.url,
          comment.text,
          comment.videoId,
          comment.accountId,
          comment.inReplyToCommentId,
          comment.originCommentId,
          comment.heldForReview,
          comment.createdAt,
          comment.updatedAt,
        ],
      );
      if (rows[0]) await this.recount(manager, comment.videoId);
      return rows[0]?.id;
    });
  }

  /** Deleted as PeerTube does: the row stays as a tombstone (replies keep their place), without text or author. */
  async markDeleted(comment: Pick<VideoCommentEntity, 'id' | 'videoId'>, within?: EntityManager): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager.query(
        `UPDATE video_comments SET text = '', account_id = NULL, deleted_at = now(), updated_at = now()
         WHERE id = $1 AND deleted_at IS NULL`,
        [comment.id],
      );
      await this.recount(manager, comment.videoId);
    });
  }

  async approve(comment: Pick<VideoCommentEntity, 'id' | 'videoId'>, within?: EntityManager): Promise<void> {
    await (within ?? this.dataSource.manager).transaction(async (manager) => {
      await manager.query(`UPDATE video_comments SET held_for_review = false, updated_at = now() WHERE id = $1`, [
        comment.id,
      ]);
      await this.recount(manager, comment.videoId);
    });
  }

  /** One page of a video's threads (first comments), the number of threads, and of comments not deleted. */
  async listThreads(
    videoId: number,
    viewer: CommentViewer,
    page: { start: number; count: number; sort: ThreadSort },
  ): Promise<{ threads: VideoCommentEntity[]; total: number; totalNotDeleted: number }> {
    const params = [videoId, viewer.seesHeld, viewer.accountId];
    const [ids, [{ total }], [{ notDeleted }]] = await Promise.all([
      this.dataSource.query<{ id: number }[]>(
        `SELECT c.id FROM video_comments c
         WHERE c.video_id = $1 AND c.in_reply_to_comment_id IS NULL AND ${VISIBLE}
         ORDER BY ${THREAD_ORDER[page.sort]} OFFSET $4 LIMIT $5`,
        [...params, page.start, page.count],
      ),
      this.dataSource.query<[{ total: string }]>(
        `SELECT count(*) AS total FROM video_comments c
         WHERE c.video_id = $1 AND c.in_reply_to_comment_id IS NULL AND ${VISIBLE}`,
        params,
      ),
      this.dataSource.query<[{ notDeleted: string }]>(
        `SELECT count(*) AS "notDeleted" FROM video_comments c
         WHERE c.video_id = $1 AND c.deleted_at IS NULL AND ${VISIBLE}`,
        params,
      ),
    ]);
    return {
      threads: await this.loadInOrder(ids.map((row) => row.id)),
      total: Number(total),
      totalNotDeleted: Number(notDeleted),
    };
  }

  /** Every comment of a thread the viewer may see, oldest first (parents before their replies). */
  async listThread(videoId: number, threadId: number, viewer: CommentViewer): Promise<VideoCommentEntity[]> {
    const ids = await this.dataSource.query<{ id: number }[]>(
      `SELECT c.id FROM video_comments c
       WHERE c.video_id = $1 AND ${VISIBLE}
         AND ((c.id = $4 AND c.in_reply_to_comment_id IS NULL) OR c.origin_comment_id = $4)
       ORDER BY c.created_at, c.id`,
      [videoId, viewer.seesHeld, viewer.accountId, threadId],
    );
    return this.loadInOrder(ids.map((row) => row.id));
  }

  /** PeerTube's reply counters of each comment: replies not deleted in its thread, and those by the video's owner. */
  async replyCounters(comments: VideoCommentEntity[]): Promise<Map<number, ReplyCounters>> {
    const roots = comments.filter((comment) => comment.inReplyToCommentId === null).map((comment) => comment.id);
    const rows = await this.dataSource.query<{ id: number; total: string; byOwner: string }[]>(
      `SELECT r.origin_comment_id AS id, count(*) FILTER (WHERE r.deleted_at IS NULL) AS total,
         count(*) FILTER (WHERE r.account_id = ch.account_id) AS "byOwner"
       FROM video_comments r JOIN videos v ON v.id = r.video_id JOIN video_channels ch ON ch.id = v.channel_id
       WHERE r.origin_comment_id = ANY($1) GROUP BY r.origin_comment_id`,
      [roots],
    );
    return new Map(
      rows.map((row) => [
        row.id,
        { totalReplies: Number(row.total), totalRepliesFromVideoAuthor: Number(row.byOwner) },
      ]),
    );
  }

  /** The moderation lists: comments not deleted, filtered, with their videos. */
  async list(filters: CommentListFilters): Promise<[VideoCommentEntity[], number]> {
    const where = ['c.deleted_at IS NULL'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const like = (value: string) => param(`%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    if (filters.search !== undefined) where.push(`c.text ILIKE ${like(filters.search)}`);
    if (filters.searchAccount !== undefined) {
      const pattern = like(filters.searchAccount);
      where.push(`(a.display_name ILIKE ${pattern} OR ac.preferred_username ILIKE ${pattern})`);
    }
    if (filters.searchVideo !== undefined) where.push(`v.name ILIKE ${like(filters.searchVideo)}`);
    if (filters.videoId !== undefined) where.push(`c.video_id = ${param(filters.videoId)}`);
    if (filters.videoChannelId !== undefined) where.push(`v.channel_id = ${param(filters.videoChannelId)}`);
    if (filters.videoAccountId !== undefined) where.push(`ch.account_id = ${param(filters.videoAccountId)}`);
    if (filters.isLocal !== undefined) where.push(`(ac.server_id IS NULL) = ${param(filters.isLocal)}`);
    if (filters.onLocalVideo !== undefined) where.push(`v.is_local = ${param(filters.onLocalVideo)}`);
    if (filters.heldForReview !== undefined) where.push(`c.held_for_review = ${param(filters.heldForReview)}`);
    const from = `FROM video_comments c JOIN videos v ON v.id = c.video_id JOIN video_channels ch ON ch.id = v.channel_id
      LEFT JOIN accounts a ON a.id = c.account_id LEFT JOIN actors ac ON ac.id = a.actor_id
      WHERE ${where.join(' AND ')}`;
    const direction = filters.sort === 'createdAt' ? 'ASC' : 'DESC';
    const [ids, [{ total }]] = await Promise.all([
      this.dataSource.query<{ id: number }[]>(
        `SELECT c.id ${from} ORDER BY c.created_at ${direction}, c.id ${direction}
         OFFSET ${param(filters.start)} LIMIT ${param(filters.count)}`,
        params,
      ),
      this.dataSource.query<[{ total: string }]>(`SELECT count(*) AS total ${from}`, params.slice(0, -2)),
    ]);
    return [await this.loadInOrder(ids.map((row) => row.id)), Number(total)];
  }

  /** The ActivityPub ids of a video's comments everyone sees (tombstones included), oldest first. */
  async listUrls(videoId: number, start: number, count: number): Promise<[string[], number]> {
    const [rows, [{ total }]] = await Promise.all([
      this.dataSource.query<{ url: string }[]>(
        `SELECT url FROM video_comments WHERE video_id = $1 AND NOT held_for_review ORDER BY created_at, id
         OFFSET $2 LIMIT $3`,
        [videoId, start, count],
      ),
      this.dataSource.query<[{ total: string }]>(
        `SELECT count(*) AS total FROM video_comments WHERE video_id = $1 AND NOT held_for_review`,
        [videoId],
      ),
    ]);
    return [rows.map((row) => row.url), Number(total)];
  }

  /** The comments above one in its thread, nearest first. */
  async listAncestors(comment: VideoCommentEntity): Promise<VideoCommentEntity[]> {
    const ancestors: VideoCommentEntity[] = [];
    let parentId = comment.inReplyToCommentId;
    // A thread is a tree stored by the code here; the bound only guards against a cycle no one should make.
    while (parentId !== null && ancestors.length < 1000) {
      const parent = await this.getById(parentId);
      if (!parent) break;
      ancestors.push(parent);
      parentId = parent.inReplyToCommentId;
    }
    return ancestors;
  }

  private withRelations() {
    return this.dataSource
      .getRepository(VideoCommentEntity)
      .createQueryBuilder('comment')
      .leftJoinAndSelect('comment.account', 'account')
      .leftJoinAndSelect('account.actor', 'actor')
      .leftJoinAndSelect('actor.server', 'server')
      .innerJoinAndSelect('comment.video', 'video')
      .innerJoinAndSelect('video.channel', 'channel')
      .innerJoinAndSelect('channel.actor', 'channelActor')
      .leftJoinAndSelect('channelActor.server', 'channelServer')
      .innerJoinAndSelect('channel.account', 'channelAccount')
      .innerJoinAndSelect('channelAccount.actor', 'channelAccountActor')
      .leftJoinAndSelect('comment.inReplyTo', 'inReplyTo');
  }

  private async loadInOrder(ids: number[]): Promise<VideoCommentEntity[]> {
    if (ids.length === 0) return [];
    const rows = await this.withRelations()
      .where({ id: In(ids) })
      .getMany();
    await this.attachAvatars(rows);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The avatars of the authors and of the videos' channels, which the REST shapes list. */
  private attachAvatars(comments: (VideoCommentEntity | null)[]): Promise<void> {
    return this.actorImages.attach(
      comments.flatMap((comment) => (comment ? [comment.account?.actor, comment.video.channel.actor] : [])),
    );
  }

  private async recount(manager: EntityManager, videoId: number): Promise<void> {
    await manager.query(
      `UPDATE videos SET comments = (SELECT count(*) FROM video_comments
         WHERE video_id = $1 AND NOT held_for_review AND deleted_at IS NULL) WHERE id = $1`,
      [videoId],
    );
  }
}
