import { HttpStatus } from '@nestjs/common';
import { CommonErrorCode, DomainError } from '../errors/domain-error.js';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deeply the JSON text in `body` nests objects and arrays, stopping as soon as it passes `limit`. One pass
 * over the bytes without parsing: it runs before JSON.parse, so a body nested 50,000 deep never reaches the
 * recursive code after it (validation, signatures, logging), which overflowed the stack (audit #12).
 */
export function jsonDepthExceeds(body: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < body.length; index++) {
    const byte = body[index];
    if (inString) {
      if (byte === BACKSLASH) index++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

export const jsonTooDeep = (limit: number): DomainError =>
  new DomainError(
    CommonErrorCode.JsonTooDeep,
    HttpStatus.BAD_REQUEST,
    `The JSON body nests objects and arrays more than ${limit} deep.`,
  );
