import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A session: an access/refresh token pair, stored as SHA-256 digests of the tokens. */
@Entity('oauth_tokens')
export class OAuthTokenEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'char', length: 64 })
  accessTokenHash: string;

  @Column({ type: 'timestamptz' })
  accessTokenExpiresAt: Date;

  @Column({ type: 'char', length: 64 })
  refreshTokenHash: string;

  @Column({ type: 'timestamptz' })
  refreshTokenExpiresAt: Date;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'integer' })
  oauthClientId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
