import { HttpStatus } from '@nestjs/common';

/** Machine codes that belong to no single feature. Feature codes live in each module's *.errors.ts. */
export enum CommonErrorCode {
  ValidationFailed = 'validation_failed',
  NotFound = 'not_found',
  MalformedRequest = 'malformed_request',
  PayloadTooLarge = 'payload_too_large',
  JsonTooDeep = 'json_too_deep',
  RateLimited = 'rate_limited',
  ServiceUnavailable = 'service_unavailable',
  Internal = 'internal_error',
}

export interface InvalidParam {
  /** Dotted path of the field, e.g. `channel.name`. */
  name: string;
  reason: string;
}

/**
 * An expected failure with a machine code, rendered as RFC 7807 problem+json by the global filter.
 * Services throw these; anything else that escapes is an unexpected 500.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    detail: string,
    readonly extras: { invalidParams?: InvalidParam[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string): DomainError =>
  new DomainError(CommonErrorCode.NotFound, HttpStatus.NOT_FOUND, `${what} not found`);

export const validationFailed = (invalidParams: InvalidParam[]): DomainError =>
  new DomainError(
    CommonErrorCode.ValidationFailed,
    HttpStatus.BAD_REQUEST,
    `Incorrect request parameters: ${invalidParams.map((param) => `${param.name} (${param.reason})`).join(', ')}`,
    { invalidParams },
  );
