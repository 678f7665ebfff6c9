import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ResultList } from '../../../shared/models/common.js';
import type {
  VideoComment,
  VideoCommentForAdminOrUser,
  VideoCommentThreads,
  VideoCommentThreadTree,
} from '../../../shared/models/videos/comment.model.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { Authenticated, CurrentUser, RequireRight } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth-user.js';
import { VideoIdParamDto } from '../videos/dto/video.dto.js';
import { CommentsService } from './comments.service.js';
import {
  CommentCreateDto,
  CommentParamDto,
  ListAllCommentsQueryDto,
  ListMyVideosCommentsQueryDto,
  ListThreadsQueryDto,
  ThreadParamDto,
} from './dto/comment.dto.js';

@ApiTags('Video Comments')
@Controller('api/v1/videos')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  // Before `:id` routes of the videos controller: registered first (see app.module.ts).
  @Get('comments')
  @RequireRight(UserRight.SeeAllComments)
  @ApiOperation({ summary: 'List the comments of the instance (moderators)' })
  listAll(@Query() query: ListAllCommentsQueryDto): Promise<ResultList<VideoCommentForAdminOrUser>> {
    return this.comments.listAll(query);
  }

  @Get(':id/comment-threads')
  @ApiOperation({ summary: "List a video's comment threads" })
  listThreads(
    @Param() params: VideoIdParamDto,
    @Query() query: ListThreadsQueryDto,
    @CurrentUser() user?: AuthUser,
  ): Promise<VideoCommentThreads> {
    return this.comments.listThreads(params.id, query, user);
  }

  @Post(':id/comment-threads')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Start a comment thread on a video' })
  createThread(
    @CurrentUser() user: AuthUser,
    @Param() params: VideoIdParamDto,
    @Body() dto: CommentCreateDto,
  ): Promise<{ comment: VideoComment }> {
    return this.comments.create(user, params.id, dto.text);
  }

  @Get(':id/comment-threads/:threadId')
  @ApiOperation({ summary: 'Get a comment thread as a tree' })
  getThread(@Param() params: ThreadParamDto, @CurrentUser() user?: AuthUser): Promise<VideoCommentThreadTree> {
    return this.comments.getThread(params.id, params.threadId, user);
  }

  @Post(':id/comments/:commentId')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({ summary: 'Reply to a comment' })
  reply(
    @CurrentUser() user: AuthUser,
    @Param() params: CommentParamDto,
    @Body() dto: CommentCreateDto,
  ): Promise<{ comment: VideoComment }> {
    return this.comments.create(user, params.id, dto.text, params.commentId);
  }

  @Delete(':id/comments/:commentId')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Delete a comment (its author, the video owner or a moderator); it stays as a tombstone' })
  delete(@CurrentUser() user: AuthUser, @Param() params: CommentParamDto): Promise<void> {
    return this.comments.delete(user, params.id, params.commentId);
  }

  @Post(':id/comments/:commentId/approve')
  @HttpCode(204)
  @Authenticated()
  @ApiNoContentResponse()
  @ApiOperation({ summary: 'Approve a comment held for review' })
  approve(@CurrentUser() user: AuthUser, @Param() params: CommentParamDto): Promise<void> {
    return this.comments.approve(user, params.id, params.commentId);
  }
}

@ApiTags('Video Comments')
@Controller('api/v1/users/me/videos')
export class MyVideosCommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Get('comments')
  @Authenticated()
  @ApiOperation({ summary: 'List the comments on my videos, held ones included' })
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListMyVideosCommentsQueryDto,
  ): Promise<ResultList<VideoCommentForAdminOrUser>> {
    return this.comments.listOnMyVideos(user, query);
  }
}
