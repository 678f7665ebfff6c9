import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { ActorEntity } from './actor.entity.js';

export type ActorImageType = 'avatar' | 'banner';

/**
 * One size of an actor's avatar or banner. This instance's images are files of the store named `filename`; another
 * instance's are the URL its origin published (`fileUrl`), under a name of their own for the REST `path`.
 */
@Entity('actor_images')
export class ActorImageEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  actorId: number;

  @ManyToOne(() => ActorEntity, (actor) => actor.images, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'actor_id' })
  actor?: Relation<ActorEntity>;

  @Column({ type: 'varchar', length: 8 })
  type: ActorImageType;

  @Column({ type: 'varchar', length: 100 })
  filename: string;

  /** Unknown for some remote images (Mastodon gives no size). */
  @Column({ type: 'integer', nullable: true })
  width: number | null;

  @Column({ type: 'integer', nullable: true })
  height: number | null;

  /** Null for this instance's images. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  fileUrl: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
