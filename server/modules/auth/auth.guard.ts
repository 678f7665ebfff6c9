import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AUTH_METADATA, type AuthRequirement, type AuthenticatedRequest } from './auth.decorators.js';
import { authErrors } from './auth.errors.js';
import { hasRight } from './auth-user.js';
import { AuthService } from './auth.service.js';

export const bearerToken = (request: AuthenticatedRequest): string | undefined => {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
};

/**
 * Global guard: attaches the bearer token's user to the request, and enforces `@Authenticated()` /
 * `@RequireRight()`. On public routes a bad token is ignored and the request proceeds anonymously.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const requirement = this.reflector.getAllAndOverride<AuthRequirement | undefined>(AUTH_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    const token = bearerToken(request);

    if (!requirement) {
      if (token) request.user = await this.auth.authenticate(token).catch(() => undefined);
      return true;
    }
    if (!token) throw authErrors.unauthorized();
    request.user = await this.auth.authenticate(token);
    if (requirement.right && !hasRight(request.user, requirement.right)) throw authErrors.missingRight();
    return true;
  }
}
