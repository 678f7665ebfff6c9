import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum CommentErrorCode {
  NotFound = 'comment_not_found',
  ThreadNotFound = 'comment_thread_not_found',
  CommentsDisabled = 'comments_disabled',
  AlreadyDeleted = 'comment_already_deleted',
  CannotDelete = 'comment_delete_forbidden',
  CannotApprove = 'comment_approve_forbidden',
  NotHeld = 'comment_not_held_for_review',
}

export const commentErrors = {
  notFound: () => new DomainError(CommentErrorCode.NotFound, HttpStatus.NOT_FOUND, 'Video comment not found'),
  threadNotFound: () =>
    new DomainError(CommentErrorCode.ThreadNotFound, HttpStatus.NOT_FOUND, 'No comments were found'),
  commentsDisabled: () =>
    new DomainError(
      CommentErrorCode.CommentsDisabled,
      HttpStatus.CONFLICT,
      'Video comments are disabled for this video.',
    ),
  alreadyDeleted: () =>
    new DomainError(CommentErrorCode.AlreadyDeleted, HttpStatus.CONFLICT, 'This comment is already deleted'),
  cannotDelete: () =>
    new DomainError(
      CommentErrorCode.CannotDelete,
      HttpStatus.FORBIDDEN,
      'Only its author, the video owner or a moderator may delete this comment',
    ),
  cannotApprove: () =>
    new DomainError(
      CommentErrorCode.CannotApprove,
      HttpStatus.FORBIDDEN,
      'Only the video owner or a moderator may approve this comment',
    ),
  notHeld: () =>
    new DomainError(CommentErrorCode.NotHeld, HttpStatus.BAD_REQUEST, 'This comment is not held for review'),
};
