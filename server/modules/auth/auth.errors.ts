import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

/** OAuth2 and access-control codes; the strings are PeerTube's, so its clients understand them. */
export enum AuthErrorCode {
  UnauthorizedRequest = 'unauthorized_request',
  InvalidToken = 'invalid_token',
  InvalidClient = 'invalid_client',
  InvalidGrant = 'invalid_grant',
  InvalidRequest = 'invalid_request',
  UnsupportedGrantType = 'unsupported_grant_type',
  AccountBlocked = 'account_blocked',
  AccountWaitingForApproval = 'account_waiting_for_approval',
  AccountApprovalRejected = 'account_approval_rejected',
  TooManyLoginFailures = 'too_many_login_failures',
  MissingRight = 'missing_right',
}

export const authErrors = {
  unauthorized: () =>
    new DomainError(AuthErrorCode.UnauthorizedRequest, HttpStatus.UNAUTHORIZED, 'Authentication is required', {
      headers: { 'WWW-Authenticate': 'Bearer realm="Shoal"' },
    }),
  invalidToken: () =>
    new DomainError(AuthErrorCode.InvalidToken, HttpStatus.UNAUTHORIZED, 'Token is invalid or expired', {
      headers: { 'WWW-Authenticate': 'Bearer realm="Shoal", error="invalid_token"' },
    }),
  invalidClient: () =>
    new DomainError(AuthErrorCode.InvalidClient, HttpStatus.BAD_REQUEST, 'Invalid client: client is invalid'),
  invalidCredentials: () =>
    new DomainError(AuthErrorCode.InvalidGrant, HttpStatus.BAD_REQUEST, 'Invalid grant: user credentials are invalid'),
  invalidRefreshToken: () =>
    new DomainError(
      AuthErrorCode.InvalidGrant,
      HttpStatus.BAD_REQUEST,
      'Invalid grant: refresh token is invalid or expired',
    ),
  missingParameter: (name: string) =>
    new DomainError(AuthErrorCode.InvalidRequest, HttpStatus.BAD_REQUEST, `Missing parameter: ${name}`),
  unsupportedGrantType: (grantType: string) =>
    new DomainError(AuthErrorCode.UnsupportedGrantType, HttpStatus.BAD_REQUEST, `Unsupported grant type: ${grantType}`),
  blocked: () => new DomainError(AuthErrorCode.AccountBlocked, HttpStatus.BAD_REQUEST, 'User is blocked'),
  waitingForApproval: () =>
    new DomainError(
      AuthErrorCode.AccountWaitingForApproval,
      HttpStatus.BAD_REQUEST,
      'Registration is waiting for moderator approval',
    ),
  approvalRejected: () =>
    new DomainError(
      AuthErrorCode.AccountApprovalRejected,
      HttpStatus.BAD_REQUEST,
      'Registration was rejected by a moderator',
    ),
  missingRight: () =>
    new DomainError(AuthErrorCode.MissingRight, HttpStatus.FORBIDDEN, 'You are not allowed to perform this action'),
};
