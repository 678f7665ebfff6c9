import type { EntityManager } from 'typeorm';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import {
  UserRegistrationState,
  type OAuthClientLocal,
  type UserToken,
} from '../../../shared/models/users/user.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { randomToken, sha256Hex } from '../../core/crypto/keys.js';
import { verifyPassword } from '../../core/crypto/passwords.js';
import { AdvisoryLock, withAdvisoryLock } from '../../core/database/advisory-lock.js';
import { OnDomainEvent } from '../../core/events/domain-events.js';
import { JobName, JobStatus } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { RateLimiter } from '../../core/http/rate-limiter.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { REDIS } from '../../core/redis/redis.module.js';
import { RegistrationsRepository } from '../users/registrations.repository.js';
import { UsersRepository } from '../users/users.repository.js';
import { AuthErrorCode, authErrors } from './auth.errors.js';
import type { AuthUser } from './auth-user.js';
import type { TokenRequestDto } from './dto/token.dto.js';
import type { OAuthClientEntity } from './oauth-client.entity.js';
import { TokensRepository } from './tokens.repository.js';

/** OAuth2 password and refresh-token grants, bearer token authentication, and session revocation. */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly loginFailures: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(REDIS) redis: Redis,
    private readonly dataSource: DataSource,
    private readonly tokens: TokensRepository,
    private readonly users: UsersRepository,
    private readonly registrations: RegistrationsRepository,
  ) {
    const { window, max } = config.rate_limit.login;
    this.loginFailures = new RateLimiter(
      redis,
      `${config.redis.key_prefix}:ratelimit:login-failures`,
      { windowMs: window, max },
      AuthErrorCode.TooManyLoginFailures,
    );
  }

  /** First boot: the local OAuth client; under the seeding lock, so processes booting together make one. */
  onApplicationBootstrap(): Promise<void> {
    return withAdvisoryLock(this.dataSource, AdvisoryLock.Seeding, async () => {
      if (await this.tokens.getFirstClient()) return;
      await this.tokens.createClient(randomToken(16), randomToken(16));
      this.logger.info('created the local OAuth client');
    });
  }

  async getLocalClient(): Promise<OAuthClientLocal> {
    const client = (await this.tokens.getFirstClient())!;
    return { client_id: client.clientId, client_secret: client.clientSecret };
  }

  async grant(request: TokenRequestDto, ip: string): Promise<UserToken> {
    if (!request.client_id || !request.client_secret) throw authErrors.invalidClient();
    const client = await this.tokens.getClient(request.client_id, request.client_secret);
    if (!client) throw authErrors.invalidClient();
    switch (request.grant_type) {
      case undefined:
      case '':
        throw authErrors.missingParameter('grant_type');
      case 'password':
        return this.passwordGrant(client, request, ip);
      case 'refresh_token':
        return this.refreshGrant(client, request);
      default:
        throw authErrors.unsupportedGrantType(request.grant_type);
    }
  }

  async authenticate(accessToken: string): Promise<AuthUser> {
    const owner = await this.tokens.getOwnerOfAccessToken(sha256Hex(accessToken), new Date());
    if (!owner || owner.blocked) throw authErrors.invalidToken();
    return { id: owner.userId, username: owner.username, role: owner.role, accountId: owner.accountId };
  }

  async revoke(accessToken: string): Promise<void> {
    await this.tokens.deleteByAccessToken(sha256Hex(accessToken));
  }

  // In the change's transaction: a password changed or a user blocked has no session left once the change is seen.
  @OnDomainEvent('user.credentials-changed', { inTransaction: true })
  async onUserCredentialsChanged({ userId }: { userId: number }, manager: EntityManager): Promise<void> {
    await this.tokens.deleteForUser(userId, manager);
  }

  @OnJob(JobName.PurgeExpiredOAuthTokens)
  async handlePurgeExpiredTokens(): Promise<JobStatus> {
    const purged = await this.tokens.deleteExpired(new Date());
    if (purged > 0) this.logger.info({ purged }, 'purged expired OAuth tokens');
    return purged > 0 ? JobStatus.Success : JobStatus.Skipped;
  }

  private async passwordGrant(client: OAuthClientEntity, request: TokenRequestDto, ip: string): Promise<UserToken> {
    if (!request.username) throw authErrors.missingParameter('username');
    if (!request.password) throw authErrors.missingParameter('password');
    // Counted as a failure until the password is verified, so concurrent guesses cannot all pass the limit.
    const attempt = await this.loginFailures.take(ip);

    const user = await this.users.getForLogin(request.username);
    if (!user || !(await verifyPassword(user.passwordHash, request.password))) {
      throw await this.explainFailedLogin(request.username, request.password);
    }
    await attempt.release();
    if (user.blocked) throw authErrors.blocked();
    await this.users.update(user.id, { lastLoginDate: new Date() });
    return this.issue(client, user.id);
  }

  /** A pending or rejected registration with these credentials gets a specific answer; anything else invalid_grant. */
  private async explainFailedLogin(login: string, password: string): Promise<Error> {
    const registration = await this.registrations.getForLogin(login);
    if (!registration || !(await verifyPassword(registration.passwordHash, password)))
      return authErrors.invalidCredentials();
    if (registration.state === UserRegistrationState.Pending) return authErrors.waitingForApproval();
    if (registration.state === UserRegistrationState.Rejected) return authErrors.approvalRejected();
    return authErrors.invalidCredentials();
  }

  private async refreshGrant(client: OAuthClientEntity, request: TokenRequestDto): Promise<UserToken> {
    if (!request.refresh_token) throw authErrors.missingParameter('refresh_token');
    const token = await this.tokens.getByRefreshToken(sha256Hex(request.refresh_token), client.id);
    if (!token || token.refreshTokenExpiresAt <= new Date()) throw authErrors.invalidRefreshToken();
    // Rotation: the old pair dies with its first use, so a replayed refresh token is refused.
    if (!(await this.tokens.delete(token.id))) throw authErrors.invalidRefreshToken();
    const user = await this.users.getById(token.userId);
    if (!user || user.blocked) throw authErrors.invalidRefreshToken();
    return this.issue(client, token.userId);
  }

  private async issue(client: OAuthClientEntity, userId: number): Promise<UserToken> {
    const accessToken = randomToken();
    const refreshToken = randomToken();
    const now = Date.now();
    const { access_token_lifetime: accessMs, refresh_token_lifetime: refreshMs } = this.config.oauth;
    await this.tokens.create({
      accessTokenHash: sha256Hex(accessToken),
      accessTokenExpiresAt: new Date(now + accessMs),
      refreshTokenHash: sha256Hex(refreshToken),
      refreshTokenExpiresAt: new Date(now + refreshMs),
      userId,
      oauthClientId: client.id,
    });
    return {
      token_type: 'Bearer',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: Math.floor(accessMs / 1000),
      refresh_token_expires_in: Math.floor(refreshMs / 1000),
    };
  }
}
