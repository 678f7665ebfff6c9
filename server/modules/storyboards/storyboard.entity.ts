import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A video's storyboard: one JPEG sprite sheet, a grid of `spriteWidth` x `spriteHeight` frames, one every
 * `spriteDuration` seconds, read left to right and top to bottom (players show them when seeking).
 */
@Entity('storyboards')
export class StoryboardEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  videoId: number;

  /** Local videos: the file's name under `storyboards/` in the store. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  filename: string | null;

  /** Remote videos: the sheet at the video's origin. */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  fileUrl: string | null;

  @Column({ type: 'integer' })
  totalWidth: number;

  @Column({ type: 'integer' })
  totalHeight: number;

  @Column({ type: 'integer' })
  spriteWidth: number;

  @Column({ type: 'integer' })
  spriteHeight: number;

  /** Seconds of video per sprite. */
  @Column({ type: 'integer' })
  spriteDuration: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
