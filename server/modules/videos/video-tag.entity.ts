import { Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { VideoEntity } from './video.entity.js';

@Entity('video_tags')
export class VideoTagEntity {
  @PrimaryColumn({ type: 'integer' })
  videoId: number;

  @PrimaryColumn({ type: 'varchar', length: 30 })
  name: string;

  @ManyToOne(() => VideoEntity, (video) => video.tags, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'video_id' })
  video: Relation<VideoEntity>;
}
