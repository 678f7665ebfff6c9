import { ArgumentsHost, Catch, HttpException, HttpStatus, Inject, type ExceptionFilter } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from '../logging/logging.module.js';
import { currentCorrelationId } from '../logging/request-context.js';
import { CommonErrorCode, DomainError } from './domain-error.js';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  correlationId?: string;
  'invalid-params'?: Record<string, { path: string; msg: string }>;
}

const CODE_BY_STATUS: Partial<Record<number, CommonErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: CommonErrorCode.MalformedRequest,
  [HttpStatus.NOT_FOUND]: CommonErrorCode.NotFound,
  [HttpStatus.PAYLOAD_TOO_LARGE]: CommonErrorCode.PayloadTooLarge,
  [HttpStatus.TOO_MANY_REQUESTS]: CommonErrorCode.RateLimited,
};

/** Errors raised by Express middleware (body parsers) carry their status this way. */
interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message: string;
}

/** Renders every error as RFC 7807 application/problem+json with a machine `code`. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger: Logger;

  constructor(@Inject(LOGGER) logger: Logger) {
    this.logger = logger.child({ component: 'http' });
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    this.send(exception, host.switchToHttp().getRequest<Request>(), host.switchToHttp().getResponse<Response>());
  }

  /** Also used as Express error middleware, for errors raised before Nest routing (body parsers). */
  send(exception: unknown, request: Request, response: Response): void {
    const problem = this.toProblem(exception, request);
    if (exception instanceof DomainError) {
      for (const [name, value] of Object.entries(exception.extras.headers ?? {})) response.setHeader(name, value);
    }
    if (response.headersSent) return;
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, request: Request): ProblemDocument {
    const base = { instance: request.originalUrl.split('?')[0], correlationId: currentCorrelationId() };
    if (exception instanceof DomainError) {
      const invalidParams = exception.extras.invalidParams;
      return {
        ...this.head(exception.status, exception.code, exception.message),
        ...base,
        ...(invalidParams && {
          'invalid-params': Object.fromEntries(invalidParams.map((p) => [p.name, { path: p.name, msg: p.reason }])),
        }),
      };
    }
    const status = this.statusOf(exception);
    if (status !== undefined && status < 500) {
      const code = CODE_BY_STATUS[status] ?? CommonErrorCode.MalformedRequest;
      return { ...this.head(status, code, this.clientMessage(exception, status)), ...base };
    }
    this.logger.error({ err: exception, method: request.method, url: request.originalUrl }, 'unexpected error');
    return {
      ...this.head(
        HttpStatus.INTERNAL_SERVER_ERROR,
        CommonErrorCode.Internal,
        'An unexpected error occurred; the correlation id identifies it in the server log.',
      ),
      ...base,
    };
  }

  private head(
    status: number,
    code: string,
    detail: string,
  ): Pick<ProblemDocument, 'type' | 'title' | 'status' | 'detail' | 'code'> {
    return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, code };
  }

  private statusOf(exception: unknown): number | undefined {
    if (exception instanceof HttpException) return exception.getStatus();
    const candidate = exception as HttpishError | undefined;
    return candidate?.status ?? candidate?.statusCode;
  }

  private clientMessage(exception: unknown, status: number): string {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      if (typeof body === 'string') return body;
      const message = (body as { message?: unknown }).message;
      if (Array.isArray(message)) return message.join(', ');
      return typeof message === 'string' ? message : exception.message;
    }
    const error = exception as HttpishError;
    return error.expose === false ? (STATUS_CODES[status] ?? 'Error') : error.message;
  }
}
