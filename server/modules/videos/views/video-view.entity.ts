import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VideoEntity } from '../video.entity.js';

/** Views of a video during one hour (`startDate` to `endDate`), local and reported by other instances alike. */
@Entity('video_views')
export class VideoViewEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  videoId: number;

  @ManyToOne(() => VideoEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'video_id' })
  video: VideoEntity;

  @Column({ type: 'timestamptz' })
  startDate: Date;

  @Column({ type: 'timestamptz' })
  endDate: Date;

  @Column({ type: 'integer' })
  views: number;
}
