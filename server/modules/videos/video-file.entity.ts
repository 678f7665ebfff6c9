import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { bigintToNumber } from '../../core/database/column-transformers.js';
import { VideoStreamingPlaylistEntity } from './video-streaming-playlist.entity.js';
import { VideoEntity } from './video.entity.js';

/** One rendition: a progressive MP4 of the video, or a fragmented MP4 of its HLS playlist. */
@Entity('video_files')
export class VideoFileEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer', nullable: true })
  videoId: number | null;

  @ManyToOne(() => VideoEntity, (video) => video.files, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'video_id' })
  video: Relation<VideoEntity> | null;

  @Column({ type: 'integer', nullable: true })
  streamingPlaylistId: number | null;

  @ManyToOne(() => VideoStreamingPlaylistEntity, (playlist) => playlist.files, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'streaming_playlist_id' })
  streamingPlaylist: Relation<VideoStreamingPlaylistEntity> | null;

  /** Height in pixels (the smaller side for portrait videos); 0 for audio only. */
  @Column({ type: 'integer' })
  resolution: number;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  size: number;

  @Column({ type: 'integer' })
  fps: number;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'varchar', length: 255 })
  filename: string;

  /** Which streams the file has (PeerTube's `hasAudio` / `hasVideo`). */
  @Column({ type: 'boolean', default: true })
  hasAudio: boolean;

  @Column({ type: 'boolean', default: true })
  hasVideo: boolean;

  /** Remote files: where the origin serves the file, its torrent and its magnet (local ones: from `filename`). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  fileUrl: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  torrentUrl: string | null;

  @Column({ type: 'text', nullable: true })
  magnetUri: string | null;

  /** HLS variant playlist of a fragmented file. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  playlistFilename: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  torrentFilename: string | null;

  @Column({ type: 'char', length: 40, nullable: true })
  infoHash: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
