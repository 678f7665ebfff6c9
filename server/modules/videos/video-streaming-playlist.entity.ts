import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import type { VideoStreamingPlaylistType } from '../../../shared/models/videos/video-enums.js';
import { VideoFileEntity } from './video-file.entity.js';
import { VideoEntity } from './video.entity.js';

/** The HLS master playlist of a video and its segments SHA-256 file. */
@Entity('video_streaming_playlists')
export class VideoStreamingPlaylistEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  videoId: number;

  @ManyToOne(() => VideoEntity, (video) => video.streamingPlaylists, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'video_id' })
  video: Relation<VideoEntity>;

  @Column({ type: 'smallint', default: 1 })
  type: VideoStreamingPlaylistType;

  @Column({ type: 'varchar', length: 255 })
  playlistFilename: string;

  @Column({ type: 'varchar', length: 255 })
  segmentsSha256Filename: string;

  /** Remote playlists: the origin's URLs of the master playlist and of the segments SHA-256 file. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  playlistUrl: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  segmentsSha256Url: string | null;

  /** Tracker infohashes of the playlist's P2P swarms, one per variant (see server/core/media/hls-swarm.ts). */
  @Column({ type: 'char', length: 40, array: true, default: () => "'{}'" })
  p2pMediaLoaderInfohashes: string[];

  /** One fragmented MP4 per resolution. */
  @OneToMany(() => VideoFileEntity, (file) => file.streamingPlaylist)
  files: Relation<VideoFileEntity>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
