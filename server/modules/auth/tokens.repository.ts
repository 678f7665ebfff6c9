import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import type { UserRole } from '../../../shared/models/users/user-role.js';
import { OAuthClientEntity } from './oauth-client.entity.js';
import { OAuthTokenEntity } from './oauth-token.entity.js';

/** What the auth guard needs of a valid access token, in one query. */
export interface TokenOwner {
  userId: number;
  username: string;
  role: UserRole;
  blocked: boolean;
  accountId: number;
}

@Injectable()
export class TokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get tokens() {
    return this.dataSource.getRepository(OAuthTokenEntity);
  }

  private get clients() {
    return this.dataSource.getRepository(OAuthClientEntity);
  }

  getFirstClient(): Promise<OAuthClientEntity | null> {
    return this.clients.findOne({ where: {}, order: { id: 'ASC' } });
  }

  getClient(clientId: string, clientSecret: string): Promise<OAuthClientEntity | null> {
    return this.clients.findOneBy({ clientId, clientSecret });
  }

  createClient(clientId: string, clientSecret: string): Promise<OAuthClientEntity> {
    return this.clients.save(this.clients.create({ clientId, clientSecret }));
  }

  async getOwnerOfAccessToken(accessTokenHash: string, now: Date): Promise<TokenOwner | undefined> {
    const rows: TokenOwner[] = await this.dataSource.query(
      `SELECT u.id AS "userId", u.username, u.role, u.blocked, a.id AS "accountId"
       FROM oauth_tokens t
       JOIN users u ON u.id = t.user_id
       JOIN accounts a ON a.user_id = u.id
       WHERE t.access_token_hash = $1 AND t.access_token_expires_at > $2`,
      [accessTokenHash, now],
    );
    return rows[0];
  }

  getByRefreshToken(refreshTokenHash: string, oauthClientId: number): Promise<OAuthTokenEntity | null> {
    return this.tokens.findOneBy({ refreshTokenHash, oauthClientId });
  }

  async create(token: Omit<OAuthTokenEntity, 'id' | 'createdAt'>): Promise<void> {
    await this.tokens.insert(token);
  }

  /** Deletes a token pair; false when it was already gone (a concurrent refresh used it). */
  async delete(id: number): Promise<boolean> {
    const result = await this.tokens.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async deleteByAccessToken(accessTokenHash: string): Promise<void> {
    await this.tokens.delete({ accessTokenHash });
  }

  async deleteForUser(userId: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(OAuthTokenEntity).delete({ userId });
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.tokens.delete({ refreshTokenExpiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
