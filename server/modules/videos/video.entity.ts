import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { VideoCommentPolicy, type VideoPrivacy, type VideoState } from '../../../shared/models/videos/video-enums.js';
import { bigintToNumber } from '../../core/database/column-transformers.js';
import { VideoChannelEntity } from '../channels/video-channel.entity.js';
import { VideoFileEntity } from './video-file.entity.js';
import { VideoStreamingPlaylistEntity } from './video-streaming-playlist.entity.js';
import { VideoTagEntity } from './video-tag.entity.js';

@Entity('videos')
export class VideoEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'uuid' })
  uuid: string;

  @Column({ type: 'varchar', length: 32 })
  shortUuid: string;

  /** ActivityPub id: <instance>/videos/watch/<uuid> (the origin's, for remote videos). */
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** False for videos of other instances, known through federation. */
  @Column({ type: 'boolean', default: true })
  isLocal: boolean;

  /** Remote videos: the origin's pictures and trackers (local ones are derived from the store and config). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  thumbnailUrl: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  previewUrl: string | null;

  @Column({ type: 'varchar', length: 2000, array: true, default: () => "'{}'" })
  trackerUrls: string[];

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  support: string | null;

  @Column({ type: 'smallint' })
  privacy: VideoPrivacy;

  @Column({ type: 'integer', nullable: true })
  category: number | null;

  @Column({ type: 'integer', nullable: true })
  licence: number | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  language: string | null;

  @Column({ type: 'boolean', default: false })
  nsfw: boolean;

  /** Kept equal to `commentsPolicy !== Disabled`, for clients and servers older than PeerTube 8. */
  @Column({ type: 'boolean', default: true })
  commentsEnabled: boolean;

  @Column({ type: 'smallint', default: VideoCommentPolicy.Enabled })
  commentsPolicy: VideoCommentPolicy;

  /** Comments shown to everyone (neither held for review nor deleted). */
  @Column({ type: 'integer', default: 0 })
  comments: number;

  @Column({ type: 'boolean', default: true })
  downloadEnabled: boolean;

  @Column({ type: 'boolean', default: true })
  waitTranscoding: boolean;

  @Column({ type: 'smallint' })
  state: VideoState;

  /** Readable reason of the state, e.g. why transcoding failed. */
  @Column({ type: 'text', nullable: true })
  stateDetail: string | null;

  @Column({ type: 'smallint', nullable: true })
  transcodingProgress: number | null;

  /** Seconds. */
  @Column({ type: 'integer', default: 0 })
  duration: number;

  @Column({ type: 'real', nullable: true })
  aspectRatio: number | null;

  @Column({ type: 'varchar', length: 255 })
  sourceFilename: string;

  /** Bytes of the uploaded file: what counts against the uploader's quota. */
  @Column({ type: 'bigint', transformer: bigintToNumber })
  sourceSize: number;

  @Column({ type: 'integer', default: 0 })
  views: number;

  @Column({ type: 'integer', default: 0 })
  likes: number;

  @Column({ type: 'integer', default: 0 })
  dislikes: number;

  @Column({ type: 'integer' })
  channelId: number;

  @ManyToOne(() => VideoChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel: VideoChannelEntity;

  @OneToMany(() => VideoTagEntity, (tag) => tag.video, { cascade: ['insert'] })
  tags: Relation<VideoTagEntity>[];

  /** Progressive MP4 files. */
  @OneToMany(() => VideoFileEntity, (file) => file.video)
  files: Relation<VideoFileEntity>[];

  @OneToMany(() => VideoStreamingPlaylistEntity, (playlist) => playlist.video)
  streamingPlaylists: Relation<VideoStreamingPlaylistEntity>[];

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  /** Remote videos: when the video was last read from its origin. */
  @Column({ type: 'timestamptz', nullable: true })
  fetchedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
