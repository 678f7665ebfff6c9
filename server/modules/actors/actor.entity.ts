import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ActorType = 'Person' | 'Group' | 'Application';

/** An ActivityPub actor: what accounts (Person) and channels (Group) are to other instances. */
@Entity('actors')
export class ActorEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 16 })
  type: ActorType;

  @Column({ type: 'varchar', length: 50 })
  preferredUsername: string;

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
}
