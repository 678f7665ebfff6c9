import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UserRole } from '../../../shared/models/users/user-role.js';
import type { NsfwPolicy } from '../../../shared/models/users/user.model.js';
import { bigintToNumber } from '../../core/database/column-transformers.js';

/** A local user who can log in; the public side is its account. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 50 })
  username: string;

  @Column({ type: 'varchar', length: 400 })
  email: string;

  @Column({ type: 'text', select: false })
  passwordHash: string;

  @Column({ type: 'smallint' })
  role: UserRole;

  /** Bytes; -1 for unlimited. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  videoQuota: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  videoQuotaDaily: number;

  @Column({ type: 'boolean', nullable: true })
  emailVerified: boolean | null;

  @Column({ type: 'varchar', length: 16, default: 'display' })
  nsfwPolicy: NsfwPolicy;

  @Column({ type: 'boolean', default: true })
  p2pEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  autoPlayVideo: boolean;

  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  @Column({ type: 'text', nullable: true })
  blockedReason: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginDate: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
