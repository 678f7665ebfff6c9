import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum PlaylistErrorCode {
  NotFound = 'playlist_not_found',
  NotOwner = 'playlist_not_owned',
  PrivatePlaylist = 'playlist_private',
  ChannelRequired = 'playlist_channel_required',
  ChannelNotOwned = 'playlist_channel_not_owned',
  WatchLaterReadOnly = 'watch_later_read_only',
  ElementNotFound = 'playlist_element_not_found',
  TooManyElements = 'playlist_too_many_elements',
  InvalidTimestamps = 'playlist_invalid_timestamps',
  InvalidReorder = 'playlist_invalid_reorder',
}

export const playlistErrors = {
  notFound: () => new DomainError(PlaylistErrorCode.NotFound, HttpStatus.NOT_FOUND, 'Video playlist not found'),
  notOwner: () =>
    new DomainError(PlaylistErrorCode.NotOwner, HttpStatus.FORBIDDEN, 'This playlist belongs to another account'),
  privatePlaylist: (authenticated: boolean) =>
    new DomainError(
      PlaylistErrorCode.PrivatePlaylist,
      authenticated ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED,
      authenticated ? 'You cannot see this private playlist' : 'This playlist is private: log in to see it',
    ),
  channelRequired: () =>
    new DomainError(
      PlaylistErrorCode.ChannelRequired,
      HttpStatus.BAD_REQUEST,
      'A public or unlisted playlist must be in a channel',
      { invalidParams: [{ name: 'videoChannelId', reason: 'required unless the playlist is private' }] },
    ),
  channelNotOwned: () =>
    new DomainError(PlaylistErrorCode.ChannelNotOwned, HttpStatus.FORBIDDEN, 'The channel is not one of yours', {
      invalidParams: [{ name: 'videoChannelId', reason: 'not a channel of yours' }],
    }),
  watchLaterReadOnly: () =>
    new DomainError(
      PlaylistErrorCode.WatchLaterReadOnly,
      HttpStatus.BAD_REQUEST,
      'The watch later playlist cannot be edited or deleted',
    ),
  elementNotFound: () =>
    new DomainError(PlaylistErrorCode.ElementNotFound, HttpStatus.NOT_FOUND, 'Video playlist element not found'),
  tooManyElements: (max: number) =>
    new DomainError(
      PlaylistErrorCode.TooManyElements,
      HttpStatus.BAD_REQUEST,
      `A playlist holds at most ${max} videos`,
      { invalidParams: [{ name: 'videoId', reason: `the playlist already holds ${max} videos` }] },
    ),
  invalidTimestamps: () =>
    new DomainError(
      PlaylistErrorCode.InvalidTimestamps,
      HttpStatus.BAD_REQUEST,
      'stopTimestamp must come after startTimestamp',
      { invalidParams: [{ name: 'stopTimestamp', reason: 'must be greater than startTimestamp' }] },
    ),
  invalidReorder: (name: string, reason: string) =>
    new DomainError(PlaylistErrorCode.InvalidReorder, HttpStatus.BAD_REQUEST, `${name} ${reason}`, {
      invalidParams: [{ name, reason }],
    }),
};
