import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { VideoEntity } from '../videos/video.entity.js';
import { VideoPlaylistEntity } from './video-playlist.entity.js';

/** A video at a position (from 1, dense) of a playlist; `videoId` is null once the video is deleted. */
@Entity('video_playlist_elements')
export class VideoPlaylistElementEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  playlistId: number;

  @ManyToOne(() => VideoPlaylistEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'playlist_id' })
  playlist: VideoPlaylistEntity;

  @Column({ type: 'integer', nullable: true })
  videoId: number | null;

  @ManyToOne(() => VideoEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'video_id' })
  video: VideoEntity | null;

  @Column({ type: 'integer' })
  position: number;

  /** Seconds. */
  @Column({ type: 'integer', nullable: true })
  startTimestamp: number | null;

  @Column({ type: 'integer', nullable: true })
  stopTimestamp: number | null;

  /** Remote elements: their ActivityPub id (local ones derive it from the playlist's). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  url: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
