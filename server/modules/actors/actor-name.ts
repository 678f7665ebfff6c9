import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** Local handles of accounts and channels, as PeerTube accepts them. */
export const ACTOR_NAME_PATTERN = /^[a-z0-9_.]{1,50}$/;
export const ACTOR_NAME_RULE = "1 to 50 characters among lowercase letters, digits, '_' and '.'";

/** Validates a DTO field holding a local account or channel handle. */
export const IsActorName = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ pattern: ACTOR_NAME_PATTERN.source, example: 'my_channel' }),
    IsString(),
    Matches(ACTOR_NAME_PATTERN, { message: `must be ${ACTOR_NAME_RULE}` }),
  );

/** The name in a `name` or `name@host` handle; undefined when the handle names another instance. */
export function localNameOf(handle: string, localHost: string): string | undefined {
  const at = handle.indexOf('@');
  if (at === -1) return handle;
  return handle.slice(at + 1) === localHost ? handle.slice(0, at) : undefined;
}
