import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum ChapterErrorCode {
  InvalidChapters = 'invalid_chapters',
}

export const chapterErrors = {
  invalid: (name: string, reason: string) =>
    new DomainError(ChapterErrorCode.InvalidChapters, HttpStatus.BAD_REQUEST, `Invalid chapters: ${name} ${reason}`, {
      invalidParams: [{ name, reason }],
    }),
};
