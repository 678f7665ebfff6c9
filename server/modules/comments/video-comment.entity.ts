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
import { AccountEntity } from '../accounts/account.entity.js';
import { VideoEntity } from '../videos/video.entity.js';

/** A comment on a video, written here or received from another instance. */
@Entity('video_comments')
export class VideoCommentEntity {
  @PrimaryGeneratedColumn()
  id: number;

  /** ActivityPub id: `<instance>/videos/watch/<video uuid>/comments/<id>` for comments written here. */
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** As its author wrote it (markdown; HTML, sanitised, from servers that send HTML); empty once deleted. */
  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'integer' })
  videoId: number;

  @ManyToOne(() => VideoEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'video_id' })
  video: Relation<VideoEntity>;

  /** Null once deleted (the tombstone names no author, as PeerTube's). */
  @Column({ type: 'integer', nullable: true })
  accountId: number | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'account_id' })
  account: Relation<AccountEntity> | null;

  /** The comment answered; null for the first comment of a thread. */
  @Column({ type: 'integer', nullable: true })
  inReplyToCommentId: number | null;

  @ManyToOne(() => VideoCommentEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'in_reply_to_comment_id' })
  inReplyTo: Relation<VideoCommentEntity> | null;

  /** The first comment of the thread; null for that comment itself. */
  @Column({ type: 'integer', nullable: true })
  originCommentId: number | null;

  @Column({ type: 'boolean', default: false })
  heldForReview: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

export const threadIdOf = (comment: Pick<VideoCommentEntity, 'id' | 'originCommentId'>): number =>
  comment.originCommentId ?? comment.id;
