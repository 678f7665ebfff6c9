import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum CaptionErrorCode {
  NotFound = 'caption_not_found',
  MissingFile = 'missing_caption_file',
  InvalidFile = 'invalid_caption_file',
  FileTooLarge = 'caption_file_too_large',
}

const captionfile = (reason: string) => ({ invalidParams: [{ name: 'captionfile', reason }] });

export const captionErrors = {
  notFound: () =>
    new DomainError(CaptionErrorCode.NotFound, HttpStatus.NOT_FOUND, 'This video has no caption in this language'),
  missingFile: () =>
    new DomainError(
      CaptionErrorCode.MissingFile,
      HttpStatus.BAD_REQUEST,
      'The caption file is missing (multipart field captionfile)',
      captionfile('required'),
    ),
  invalidFile: (reason: string) =>
    new DomainError(
      CaptionErrorCode.InvalidFile,
      HttpStatus.BAD_REQUEST,
      `Invalid caption file: ${reason}`,
      captionfile(reason),
    ),
  fileTooLarge: (max: number) =>
    new DomainError(
      CaptionErrorCode.FileTooLarge,
      HttpStatus.PAYLOAD_TOO_LARGE,
      `The caption file is larger than ${max} bytes`,
      captionfile(`larger than ${max} bytes`),
    ),
};
