import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A chapter of a video: it starts at `timecode` seconds and runs to the next one (or the end). */
@Entity('video_chapters')
export class VideoChapterEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  videoId: number;

  @Column({ type: 'integer' })
  timecode: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
