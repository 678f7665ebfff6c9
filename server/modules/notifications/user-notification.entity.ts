import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UserNotificationTypeValue } from '../../../shared/models/users/user-notification.model.js';

/**
 * A notification of a user (PeerTube's `userNotification`): its `type` says which of the subject columns is set
 * (a video, an account, a follow, a registration, a comment).
 */
@Entity('user_notifications')
export class UserNotificationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'smallint' })
  type: UserNotificationTypeValue;

  @Column({ type: 'boolean', default: false })
  read: boolean;

  @Column({ type: 'integer', nullable: true })
  videoId: number | null;

  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @Column({ type: 'integer', nullable: true })
  actorFollowId: number | null;

  @Column({ type: 'integer', nullable: true })
  userRegistrationId: number | null;

  @Column({ type: 'integer', nullable: true })
  commentId: number | null;

  @Column({ type: 'integer', nullable: true })
  commentThreadId: number | null;

  @Column({ type: 'boolean', nullable: true })
  commentHeldForReview: boolean | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
