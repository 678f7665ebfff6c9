import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { VideoUploadService } from './video-upload.service.js';

// Multipart bodies carry the metadata fields too (at most ~12 KB); this much is not counted as file.
const FIELDS_ALLOWANCE_BYTES = 64 * 1024;

/** Refuses a multipart upload whose announced length cannot fit, before a single byte is stored. */
@Injectable()
export class UploadQuotaInterceptor implements NestInterceptor {
  constructor(private readonly uploads: VideoUploadService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const length = Number(request.headers['content-length'] ?? 0);
    if (request.user && length > FIELDS_ALLOWANCE_BYTES) {
      await this.uploads.assertCanAccept(request.user, length - FIELDS_ALLOWANCE_BYTES);
    }
    return next.handle();
  }
}
