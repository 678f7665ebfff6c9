import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { VideoPlaylistPrivacy, VideoPlaylistType } from '../../../shared/models/videos/video-playlist.model.js';
import { AccountEntity } from '../accounts/account.entity.js';
import { VideoChannelEntity } from '../channels/video-channel.entity.js';

/** A playlist of videos, owned by an account and (unless private) shown on one of its channels. */
@Entity('video_playlists')
export class VideoPlaylistEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'uuid' })
  uuid: string;

  /** ActivityPub id: <instance>/video-playlists/<uuid> (the origin's, for remote playlists). */
  @Column({ type: 'varchar', length: 2000 })
  url: string;

  @Column({ type: 'boolean' })
  isLocal: boolean;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  description: string | null;

  @Column({ type: 'smallint' })
  privacy: VideoPlaylistPrivacy;

  @Column({ type: 'smallint' })
  type: VideoPlaylistType;

  @Column({ type: 'integer' })
  ownerAccountId: number;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_account_id' })
  ownerAccount: AccountEntity;

  @Column({ type: 'integer', nullable: true })
  channelId: number | null;

  @ManyToOne(() => VideoChannelEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'channel_id' })
  channel: VideoChannelEntity | null;

  /** Remote playlists: the origin's picture (`icon`). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  thumbnailUrl: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
