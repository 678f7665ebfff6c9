import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import type {
  VideoComment,
  VideoCommentForAdminOrUser,
  VideoCommentThreads,
  VideoCommentThreadTree,
} from '../../../shared/models/videos/comment.model.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { VideoCommentPolicy } from '../../../shared/models/videos/video-enums.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { hasRight, type AuthUser } from '../auth/auth-user.js';
import type { VideoEntity } from '../videos/video.entity.js';
import { VideosService } from '../videos/videos.service.js';
import { buildThreadTree, formatComment, formatCommentForAdminOrUser } from './comment.formatter.js';
import { CommentsRepository, type CommentListFilters, type CommentViewer } from './comments.repository.js';
import { commentErrors } from './comments.errors.js';
import type { ListAllCommentsQueryDto, ListMyVideosCommentsQueryDto, ListThreadsQueryDto } from './dto/comment.dto.js';
import { threadIdOf, type VideoCommentEntity } from './video-comment.entity.js';

/** The ActivityPub id of a comment written here: under this instance's watch URL of the video, as PeerTube. */
export function localCommentUrl(baseUrl: string, videoUuid: string, commentId: number): string {
  return `${baseUrl}/videos/watch/${videoUuid}/comments/${commentId}`;
}

/** Comments on videos, as PeerTube's REST API: threads, replies, deletion as tombstones, approval of held ones. */
@Injectable()
export class CommentsService {
  private readonly host: string;
  private readonly baseUrl: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly videos: VideosService,
    private readonly comments: CommentsRepository,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {
    this.host = config.derived.host;
    this.baseUrl = config.derived.url;
  }

  async listThreads(id: string, query: ListThreadsQueryDto, user?: AuthUser): Promise<VideoCommentThreads> {
    const video = await this.videos.getVisible(id, user);
    // PeerTube answers an empty list rather than an error when comments are disabled.
    if (video.commentsPolicy === VideoCommentPolicy.Disabled) return { total: 0, totalNotDeletedComments: 0, data: [] };
    const { threads, total, totalNotDeleted } = await this.comments.listThreads(video.id, this.viewer(video, user), {
      start: query.start,
      count: query.count,
      sort: query.sort,
    });
    const counters = await this.comments.replyCounters(threads);
    const data = threads.map((thread) => formatComment(thread, this.host, counters.get(thread.id)));
    return { total, totalNotDeletedComments: totalNotDeleted, data };
  }

  async getThread(id: string, threadId: number, user?: AuthUser): Promise<VideoCommentThreadTree> {
    const video = await this.videos.getVisible(id, user);
    if (video.commentsPolicy === VideoCommentPolicy.Disabled) throw commentErrors.threadNotFound();
    const comments = await this.comments.listThread(video.id, threadId, this.viewer(video, user));
    if (comments[0]?.id !== threadId) throw commentErrors.threadNotFound();
    return buildThreadTree(comments, this.host, await this.comments.replyCounters(comments));
  }

  /** A new thread (`parentId` undefined) or a reply. */
  async create(user: AuthUser, id: string, text: string, parentId?: number): Promise<{ comment: VideoComment }> {
    const video = await this.videos.getVisible(id, user);
    if (video.commentsPolicy === VideoCommentPolicy.Disabled) throw commentErrors.commentsDisabled();
    const parent = parentId === undefined ? undefined : await this.commentOf(video, parentId);
    const heldForReview = this.mustHold(video, user);
    const commentId = await this.dataSource.transaction(async (manager) => {
      const id = await this.comments.createLocal(
        {
          text,
          videoId: video.id,
          accountId: user.accountId,
          inReplyToCommentId: parent?.id ?? null,
          originCommentId: parent ? threadIdOf(parent) : null,
          heldForReview,
        },
        (newId) => localCommentUrl(this.baseUrl, video.uuid, newId),
        manager,
      );
      await this.events.emit(manager, 'comment.created', {
        commentId: id,
        threadId: parent ? threadIdOf(parent) : id,
        videoId: video.id,
        authorAccountId: user.accountId,
        inReplyToAccountId: parent?.accountId ?? null,
        heldForReview,
      });
      return id;
    });
    const comment = await this.comments.getById(commentId);
    return { comment: formatComment(comment!, this.host) };
  }

  async delete(user: AuthUser, id: string, commentId: number): Promise<void> {
    const video = await this.videos.getVisible(id, user);
    const comment = await this.commentOf(video, commentId);
    if (comment.deletedAt) throw commentErrors.alreadyDeleted();
    if (comment.accountId !== user.accountId && !this.managesComments(video, user)) throw commentErrors.cannotDelete();
    await this.dataSource.transaction(async (manager) => {
      await this.comments.markDeleted(comment, manager);
      await this.events.emit(manager, 'comment.deleted', { commentId: comment.id, authorAccountId: comment.accountId });
    });
  }

  async approve(user: AuthUser, id: string, commentId: number): Promise<void> {
    const video = await this.videos.getVisible(id, user);
    const comment = await this.commentOf(video, commentId);
    if (comment.deletedAt) throw commentErrors.alreadyDeleted();
    if (!comment.heldForReview) throw commentErrors.notHeld();
    if (!this.managesComments(video, user)) throw commentErrors.cannotApprove();
    await this.dataSource.transaction(async (manager) => {
      await this.comments.approve(comment, manager);
      await this.events.emit(manager, 'comment.approved', { commentId: comment.id });
    });
  }

  /** PeerTube's `GET /videos/comments`, for those who see every comment. */
  listAll(query: ListAllCommentsQueryDto): Promise<ResultList<VideoCommentForAdminOrUser>> {
    return this.list({ ...this.filters(query), isLocal: query.isLocal, onLocalVideo: query.onLocalVideo });
  }

  /** PeerTube's `GET /users/me/videos/comments`: comments on the user's videos, held ones included. */
  listOnMyVideos(user: AuthUser, query: ListMyVideosCommentsQueryDto): Promise<ResultList<VideoCommentForAdminOrUser>> {
    return this.list({ ...this.filters(query), videoAccountId: user.accountId });
  }

  private async list(filters: CommentListFilters): Promise<ResultList<VideoCommentForAdminOrUser>> {
    const [rows, total] = await this.comments.list(filters);
    return { total, data: rows.map((row) => formatCommentForAdminOrUser(row, this.host)) };
  }

  private filters(query: ListMyVideosCommentsQueryDto): CommentListFilters {
    const { start, count, sort, search, searchAccount, searchVideo, videoId, videoChannelId } = query;
    return {
      start,
      count,
      sort,
      search,
      searchAccount,
      searchVideo,
      videoId,
      videoChannelId,
      heldForReview: query.isHeldForReview,
    };
  }

  private async commentOf(video: VideoEntity, commentId: number): Promise<VideoCommentEntity> {
    const comment = await this.comments.getById(commentId);
    if (!comment || comment.videoId !== video.id) throw commentErrors.notFound();
    return comment;
  }

  /** The video's owner and moderators decide on every comment of a video. */
  private managesComments(video: VideoEntity, user: AuthUser): boolean {
    return video.channel.accountId === user.accountId || hasRight(user, UserRight.ManageAnyVideoComment);
  }

  /** PeerTube's rule: held when the video requires approval, unless written by those who would approve it. */
  private mustHold(video: VideoEntity, user: AuthUser): boolean {
    if (video.isLocal && this.managesComments(video, user)) return false;
    return video.commentsPolicy === VideoCommentPolicy.RequiresApproval;
  }

  private viewer(video: VideoEntity, user: AuthUser | undefined): CommentViewer {
    if (!user) return { seesHeld: false, accountId: null };
    const seesHeld = video.channel.accountId === user.accountId || hasRight(user, UserRight.SeeAllComments);
    return { seesHeld, accountId: user.accountId };
  }
}
