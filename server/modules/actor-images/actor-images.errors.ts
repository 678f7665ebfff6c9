import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum ActorImageErrorCode {
  MissingFile = 'missing_image_file',
  InvalidImage = 'invalid_image',
  ImageTooLarge = 'image_too_large',
}

/** The multipart field of each kind of image, as PeerTube names them. */
export type ImageField = 'avatarfile' | 'bannerfile';

export const actorImageErrors = {
  missingFile: (field: ImageField) =>
    new DomainError(ActorImageErrorCode.MissingFile, HttpStatus.BAD_REQUEST, `The picture is missing (${field})`, {
      invalidParams: [{ name: field, reason: 'required' }],
    }),
  invalidImage: (field: ImageField, detail: string) =>
    new DomainError(ActorImageErrorCode.InvalidImage, HttpStatus.BAD_REQUEST, `${detail} (${field})`, {
      invalidParams: [{ name: field, reason: `${detail}; accepted: PNG, JPEG, WebP` }],
    }),
  // 400, not 413: PeerTube refuses a too large picture as an invalid field.
  tooLarge: (field: ImageField, maxBytes: number) =>
    new DomainError(
      ActorImageErrorCode.ImageTooLarge,
      HttpStatus.BAD_REQUEST,
      `The picture is larger than ${maxBytes} bytes (${field})`,
      { invalidParams: [{ name: field, reason: `larger than ${maxBytes} bytes` }] },
    ),
};
