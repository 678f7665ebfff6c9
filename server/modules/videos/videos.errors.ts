import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';
import type { MediaRejection } from '../../core/media/media-probe.js';

export enum VideoErrorCode {
  NotFound = 'video_not_found',
  NotOwner = 'video_not_owned',
  PrivateVideo = 'video_private',
  QuotaReached = 'quota_reached',
  MaxFileSizeReached = 'max_file_size_reached',
  MissingFile = 'missing_video_file',
  InvalidMedia = 'invalid_media',
  MediaLimitExceeded = 'media_limit_exceeded',
  InvalidThumbnail = 'invalid_thumbnail',
  ChannelNotOwned = 'channel_not_owned',
  UploadNotFound = 'upload_not_found',
  UploadBusy = 'upload_busy',
  InvalidContentRange = 'invalid_content_range',
  PrivacyFilterForbidden = 'privacy_filter_forbidden',
  NotLocal = 'video_not_local',
  InvalidCurrentTime = 'invalid_current_time',
}

export const videoErrors = {
  notFound: () => new DomainError(VideoErrorCode.NotFound, HttpStatus.NOT_FOUND, 'Video not found'),
  notOwner: () =>
    new DomainError(VideoErrorCode.NotOwner, HttpStatus.FORBIDDEN, 'This video belongs to another account'),
  notLocal: () =>
    new DomainError(
      VideoErrorCode.NotLocal,
      HttpStatus.FORBIDDEN,
      'This video is managed on the instance it comes from',
    ),
  privateVideo: (authenticated: boolean) =>
    new DomainError(
      VideoErrorCode.PrivateVideo,
      authenticated ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED,
      authenticated ? 'You cannot see this video' : 'This video is not public: log in to see it',
    ),
  quotaReached: (detail: string) => new DomainError(VideoErrorCode.QuotaReached, HttpStatus.PAYLOAD_TOO_LARGE, detail),
  maxFileSize: (max: number) =>
    new DomainError(
      VideoErrorCode.MaxFileSizeReached,
      HttpStatus.PAYLOAD_TOO_LARGE,
      `The file is larger than ${max} bytes`,
    ),
  missingFile: () =>
    new DomainError(
      VideoErrorCode.MissingFile,
      HttpStatus.BAD_REQUEST,
      'The video file is missing (multipart field videofile)',
      {
        invalidParams: [{ name: 'videofile', reason: 'required' }],
      },
    ),
  invalidMedia: (rejection: MediaRejection, detail: string) =>
    new DomainError(VideoErrorCode.InvalidMedia, HttpStatus.UNPROCESSABLE_ENTITY, `${detail} (${rejection})`),
  mediaLimitExceeded: (detail: string) =>
    new DomainError(VideoErrorCode.MediaLimitExceeded, HttpStatus.UNPROCESSABLE_ENTITY, detail, {
      invalidParams: [{ name: 'videofile', reason: detail }],
    }),
  invalidThumbnail: (detail: string) =>
    new DomainError(VideoErrorCode.InvalidThumbnail, HttpStatus.UNPROCESSABLE_ENTITY, detail, {
      invalidParams: [{ name: 'thumbnailfile', reason: detail }],
    }),
  channelNotOwned: () =>
    new DomainError(VideoErrorCode.ChannelNotOwned, HttpStatus.FORBIDDEN, 'You can only upload to your own channels', {
      invalidParams: [{ name: 'channelId', reason: 'not a channel of yours' }],
    }),
  uploadNotFound: () =>
    new DomainError(VideoErrorCode.UploadNotFound, HttpStatus.NOT_FOUND, 'Upload session not found or expired'),
  uploadBusy: () =>
    new DomainError(VideoErrorCode.UploadBusy, HttpStatus.CONFLICT, 'Another chunk of this upload is being received'),
  invalidContentRange: (detail: string) =>
    new DomainError(VideoErrorCode.InvalidContentRange, HttpStatus.BAD_REQUEST, `Invalid Content-Range: ${detail}`),
  privacyFilterForbidden: () =>
    new DomainError(
      VideoErrorCode.PrivacyFilterForbidden,
      HttpStatus.FORBIDDEN,
      'Filtering on privacy needs the right to see every video',
    ),
};
