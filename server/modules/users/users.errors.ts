import { HttpStatus } from '@nestjs/common';
import { DomainError } from '../../core/errors/domain-error.js';

export enum UserErrorCode {
  UserExists = 'user_exists',
  CannotDeleteRoot = 'cannot_delete_root',
  RoleNotManageable = 'role_not_manageable',
  SignupNotAllowed = 'signup_not_allowed',
  RegistrationReasonRequired = 'registration_reason_required',
  RegistrationExists = 'registration_exists',
  RegistrationNotPending = 'registration_not_pending',
  SignupApprovalNotEnabled = 'signup_approval_not_enabled',
}

export const userErrors = {
  exists: () =>
    new DomainError(
      UserErrorCode.UserExists,
      HttpStatus.CONFLICT,
      'A user with this username or e-mail already exists',
    ),
  notFound: () => new DomainError('user_not_found', HttpStatus.NOT_FOUND, 'User not found'),
  cannotDeleteRoot: () =>
    new DomainError(UserErrorCode.CannotDeleteRoot, HttpStatus.BAD_REQUEST, 'The root user cannot be deleted'),
  roleNotManageable: () =>
    new DomainError(
      UserErrorCode.RoleNotManageable,
      HttpStatus.FORBIDDEN,
      'Moderators can only create and manage users with the User role',
    ),
  signupNotAllowed: (why: string) =>
    new DomainError(UserErrorCode.SignupNotAllowed, HttpStatus.FORBIDDEN, `User registration is not allowed: ${why}`),
  reasonRequired: () =>
    new DomainError(
      UserErrorCode.RegistrationReasonRequired,
      HttpStatus.BAD_REQUEST,
      'This instance approves registrations: registrationReason is required',
      { invalidParams: [{ name: 'registrationReason', reason: 'required when registrations need approval' }] },
    ),
  registrationExists: () =>
    new DomainError(
      UserErrorCode.RegistrationExists,
      HttpStatus.CONFLICT,
      'A registration request with this username, e-mail or channel name already exists',
    ),
  registrationNotFound: () => new DomainError('registration_not_found', HttpStatus.NOT_FOUND, 'Registration not found'),
  registrationNotPending: () =>
    new DomainError(
      UserErrorCode.RegistrationNotPending,
      HttpStatus.CONFLICT,
      'This registration was already accepted or rejected',
    ),
  approvalNotEnabled: () =>
    new DomainError(
      UserErrorCode.SignupApprovalNotEnabled,
      HttpStatus.BAD_REQUEST,
      'Signup approval is not enabled on this instance',
    ),
};
