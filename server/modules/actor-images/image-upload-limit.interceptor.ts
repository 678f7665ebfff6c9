import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { Observable } from 'rxjs';
import { MAX_ACTOR_IMAGE_BYTES } from '../../core/media/image-sizes.js';
import { setBodyLimit } from '../../core/http/request-body-limit.js';
import { actorImageErrors } from './actor-images.errors.js';

/** Room for the multipart boundaries and part headers around the picture. */
const MULTIPART_ALLOWANCE_BYTES = 16 * 1024;

/**
 * Bounds the body of a picture upload before multer reads it: past the largest picture accepted, the rest of the
 * body is not read nor stored, and the request is refused (multer's own fileSize limit would read it to its end).
 */
@Injectable()
export class ImageUploadLimitInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    const field = request.url?.includes('/banner/') ? 'bannerfile' : 'avatarfile';
    setBodyLimit(request, {
      bytes: MAX_ACTOR_IMAGE_BYTES + MULTIPART_ALLOWANCE_BYTES,
      error: () => actorImageErrors.tooLarge(field, MAX_ACTOR_IMAGE_BYTES),
    });
    return next.handle();
  }
}
