import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { ServerEntity } from '../servers/server.entity.js';
import { ActorImageEntity } from './actor-image.entity.js';

export type ActorType = 'Person' | 'Group' | 'Application';

/**
 * An ActivityPub actor: what accounts (Person), channels (Group) and instances (Application) are to other
 * instances. Local actors have no server and hold their private key; remote ones are cached copies.
 */
@Entity('actors')
export class ActorEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  type: ActorType;

  @Column({ type: 'varchar', length: 50 })
  preferredUsername: string;

  /** Null for this instance's actors. */
  @Column({ type: 'integer', nullable: true })
  serverId: number | null;

  @ManyToOne(() => ServerEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'server_id' })
  server: Relation<ServerEntity> | null;

  /** When a remote actor was last fetched from its origin. */
  @Column({ type: 'timestamptz', nullable: true })
  fetchedAt: Date | null;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'varchar', length: 2000 })
  inboxUrl: string;

  @Column({ type: 'varchar', length: 2000 })
  outboxUrl: string;

  @Column({ type: 'varchar', length: 2000 })
  sharedInboxUrl: string;

  @Column({ type: 'varchar', length: 2000 })
  followersUrl: string;

  @Column({ type: 'varchar', length: 2000 })
  followingUrl: string;

  @Column({ type: 'text' })
  publicKey: string;

  /** Never loaded unless asked for by name (`ActorsRepository.getPrivateKey`). */
  @Column({ type: 'text', nullable: true, select: false })
  privateKey: string | null;

  @Column({ type: 'integer', default: 0 })
  followersCount: number;

  @Column({ type: 'integer', default: 0 })
  followingCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Avatars and banners, every size; loaded by ActorImagesRepository.attach where a REST or AP shape needs them. */
  @OneToMany(() => ActorImageEntity, (image) => image.actor)
  images?: Relation<ActorImageEntity>[];
}
