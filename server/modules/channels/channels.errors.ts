import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum ChannelErrorCode {
  NameTaken = 'actor_name_taken',
  NotOwner = 'channel_not_owned',
  LastChannel = 'last_channel',
  TooManyChannels = 'too_many_channels',
  SameNameAsUser = 'channel_name_same_as_username',
}

export const channelErrors = {
  nameTaken: (name: string) =>
    new DomainError(
      ChannelErrorCode.NameTaken,
      HttpStatus.CONFLICT,
      `Another actor (account or channel) named '${name}' exists or has existed on this instance`,
    ),
  notOwner: () =>
    new DomainError(ChannelErrorCode.NotOwner, HttpStatus.FORBIDDEN, 'This channel belongs to another account'),
  lastChannel: () =>
    new DomainError(ChannelErrorCode.LastChannel, HttpStatus.CONFLICT, 'Cannot remove the last channel of a user'),
  tooMany: (max: number) =>
    new DomainError(ChannelErrorCode.TooManyChannels, HttpStatus.BAD_REQUEST, `A user may own at most ${max} channels`),
  sameNameAsUser: () =>
    new DomainError(
      ChannelErrorCode.SameNameAsUser,
      HttpStatus.BAD_REQUEST,
      'Channel name cannot be the same as the username',
    ),
};
