import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Captions (WebVTT files, one per video and language), chapters (one per video and timecode) and storyboards (one
 * sprite sheet per video). A local video's files are in the store under `filename`; another instance's are only
 * named by `file_url` at their origin. All go with their video.
 */
export class CaptionsChaptersStoryboards1764800000000 implements MigrationInterface {
  name = 'CaptionsChaptersStoryboards1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE video_captions (
        id serial PRIMARY KEY,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        language varchar(16) NOT NULL,
        filename varchar(255),
        file_url varchar(2000),
        automatically_generated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT video_captions_file_check CHECK (filename IS NOT NULL OR file_url IS NOT NULL)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_captions_video_language_key ON video_captions (video_id, language)`,
    );
    await queryRunner.query(`
      CREATE TABLE video_chapters (
        id serial PRIMARY KEY,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        timecode integer NOT NULL CHECK (timecode >= 0),
        title varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_chapters_video_timecode_key ON video_chapters (video_id, timecode)`,
    );
    await queryRunner.query(`
      CREATE TABLE storyboards (
        id serial PRIMARY KEY,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        filename varchar(255),
        file_url varchar(2000),
        total_width integer NOT NULL,
        total_height integer NOT NULL,
        sprite_width integer NOT NULL,
        sprite_height integer NOT NULL,
        sprite_duration integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT storyboards_file_check CHECK (filename IS NOT NULL OR file_url IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX storyboards_video_id_key ON storyboards (video_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE storyboards`);
    await queryRunner.query(`DROP TABLE video_chapters`);
    await queryRunner.query(`DROP TABLE video_captions`);
  }
}
