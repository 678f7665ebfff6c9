import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import type { UserRight } from '../../../shared/models/users/user-role.js';
import type { AuthUser } from './auth-user.js';

export const AUTH_METADATA = 'shoal:auth';

export interface AuthRequirement {
  right?: UserRight;
}

export interface AuthenticatedRequest extends Request {
  user?: AuthUser;
}

/** The route needs a valid bearer token. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(AUTH_METADATA, {} satisfies AuthRequirement), ApiBearerAuth());

/** The route needs a valid bearer token of a user whose role grants `right`. */
export const RequireRight = (right: UserRight): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(AUTH_METADATA, { right } satisfies AuthRequirement), ApiBearerAuth());

/** The authenticated user (undefined on public routes called anonymously). */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext) => context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
