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
import { ActorEntity } from '../actors/actor.entity.js';

export type FollowState = 'pending' | 'accepted';

/** `follower` follows `following`; pending until the followed side accepts. */
@Entity('actor_follows')
export class ActorFollowEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  followerId: number;

  @ManyToOne(() => ActorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'follower_id' })
  follower: Relation<ActorEntity>;

  @Column({ type: 'integer' })
  followingId: number;

  @ManyToOne(() => ActorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'following_id' })
  following: Relation<ActorEntity>;

  @Column({ type: 'varchar', length: 16 })
  state: FollowState;

  /** The id of the Follow activity. */
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
