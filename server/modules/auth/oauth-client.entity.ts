import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The OAuth client that the web app and PeerTube-compatible apps fetch from /oauth-clients/local. */
@Entity('oauth_clients')
export class OAuthClientEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'varchar', length: 64 })
  clientSecret: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
