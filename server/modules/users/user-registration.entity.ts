import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UserRegistrationState } from '../../../shared/models/users/user.model.js';

/** A signup waiting for (or decided by) a moderator, when the instance approves registrations. */
@Entity('user_registrations')
export class UserRegistrationEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'smallint' })
  state: UserRegistrationState;

  @Column({ type: 'text' })
  registrationReason: string;

  @Column({ type: 'text', nullable: true })
  moderationResponse: string | null;

  @Column({ type: 'varchar', length: 50 })
  username: string;

  @Column({ type: 'varchar', length: 400 })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'varchar', length: 120 })
  accountDisplayName: string;

  @Column({ type: 'varchar', length: 50 })
  channelHandle: string;

  @Column({ type: 'varchar', length: 120 })
  channelDisplayName: string;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
