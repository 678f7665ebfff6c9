import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A WebVTT caption of a video in one language: a file in the store (local videos) or at its origin (remote). */
@Entity('video_captions')
export class VideoCaptionEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  videoId: number;

  /** A key of VIDEO_LANGUAGES (`en`, `pt-br`, ...). */
  @Column({ type: 'varchar', length: 16 })
  language: string;

  /** Local videos: the file's name under `video-captions/` in the store. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  filename: string | null;

  /** Remote videos: the file at the video's origin. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  fileUrl: string | null;

  @Column({ type: 'boolean', default: false })
  automaticallyGenerated: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
