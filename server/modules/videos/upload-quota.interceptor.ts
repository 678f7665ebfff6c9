import {
  createParamDecorator,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { catchError, finalize, throwError, type Observable } from 'rxjs';
import { abandonRequestBody, setBodyLimit } from '../../core/http/request-body-limit.js';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import type { QuotaHold } from './upload-quota.repository.js';
import { RESERVATION_REFRESH_MS, UploadQuotaService } from './upload-quota.service.js';

// Multipart bodies carry the metadata fields too (at most ~12 KB); this much is not counted as file.
const FIELDS_ALLOWANCE_BYTES = 64 * 1024;

const holds = new WeakMap<IncomingMessage, QuotaHold>();

/** The quota reservation the interceptor made for this request, for the video to take over. */
export const UploadHold = createParamDecorator((_data: unknown, context: ExecutionContext): QuotaHold | undefined =>
  holds.get(context.switchToHttp().getRequest<IncomingMessage>()),
);

/**
 * Reserves the quota a multipart upload may use before a single byte is stored, and bounds its body by that
 * reservation as it arrives (a chunked body announces no length). The reservation ends with the request: the
 * stored video takes it over, anything else releases it.
 */
@Injectable()
export class UploadQuotaInterceptor implements NestInterceptor {
  constructor(private readonly quota: UploadQuotaService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.user) return next.handle();
    const header = request.headers['content-length'];
    const announced = header === undefined ? undefined : Math.max(Number(header) - FIELDS_ALLOWANCE_BYTES, 0);
    const reservation = await this.quota.reserveForRequest(request.user, announced).catch((error: unknown) => {
      abandonRequestBody(request);
      throw error;
    });
    holds.set(request, reservation.hold);
    setBodyLimit(request, { bytes: reservation.bytes + FIELDS_ALLOWANCE_BYTES, error: reservation.exceeded });
    // A slow upload keeps its reservation; one whose process died loses it soon after.
    const refresher = setInterval(
      () => void this.quota.extend(reservation.hold).catch(() => undefined),
      RESERVATION_REFRESH_MS,
    );
    return next.handle().pipe(
      catchError((error: unknown) => {
        abandonRequestBody(request);
        return throwError(() => error);
      }),
      finalize(() => {
        clearInterval(refresher);
        void this.quota.release(reservation.hold).catch(() => undefined);
      }),
    );
  }
}
