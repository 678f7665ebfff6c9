import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../../core/database/column-transformers.js';
import type { VideoUploadDto } from './dto/video.dto.js';

/** A resumable upload in progress; its bytes are in the uploads folder under the same id. */
@Entity('video_uploads')
export class VideoUploadEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'integer' })
  channelId: number;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** Announced total size in bytes. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  size: number;

  @Column({ type: 'jsonb' })
  metadata: VideoUploadDto;

  /** Set once complete, so a repeated final chunk answers with the same video. */
  @Column({ type: 'integer', nullable: true })
  videoId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
