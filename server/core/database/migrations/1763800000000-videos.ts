import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Videos, their tags, MP4 files, HLS playlists and the uploads in progress. */
export class Videos1763800000000 implements MigrationInterface {
  name = 'Videos1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE videos (
        id serial PRIMARY KEY,
        uuid uuid NOT NULL,
        short_uuid varchar(32) NOT NULL,
        url varchar(2000) NOT NULL,
        name varchar(120) NOT NULL,
        description text,
        support text,
        privacy smallint NOT NULL CHECK (privacy IN (1, 2, 3, 4)),
        category integer,
        licence integer,
        language varchar(16),
        nsfw boolean NOT NULL DEFAULT false,
        comments_enabled boolean NOT NULL DEFAULT true,
        download_enabled boolean NOT NULL DEFAULT true,
        wait_transcoding boolean NOT NULL DEFAULT true,
        state smallint NOT NULL,
        state_detail text,
        transcoding_progress smallint,
        duration integer NOT NULL DEFAULT 0,
        aspect_ratio real,
        source_filename varchar(255) NOT NULL,
        source_size bigint NOT NULL,
        views integer NOT NULL DEFAULT 0,
        likes integer NOT NULL DEFAULT 0,
        dislikes integer NOT NULL DEFAULT 0,
        channel_id integer NOT NULL REFERENCES video_channels (id) ON DELETE CASCADE,
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX videos_uuid_key ON videos (uuid)`);
    await queryRunner.query(`CREATE UNIQUE INDEX videos_short_uuid_key ON videos (short_uuid)`);
    await queryRunner.query(`CREATE UNIQUE INDEX videos_url_key ON videos (url)`);
    await queryRunner.query(`CREATE INDEX videos_channel_id_idx ON videos (channel_id)`);
    await queryRunner.query(`CREATE INDEX videos_published_at_idx ON videos (published_at)`);
    await queryRunner.query(`CREATE INDEX videos_name_search_idx ON videos USING gin (to_tsvector('simple', name))`);

    await queryRunner.query(`
      CREATE TABLE video_tags (
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        name varchar(30) NOT NULL,
        PRIMARY KEY (video_id, name)
      )`);
    await queryRunner.query(`CREATE INDEX video_tags_name_idx ON video_tags (name)`);

    await queryRunner.query(`
      CREATE TABLE video_streaming_playlists (
        id serial PRIMARY KEY,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        type smallint NOT NULL DEFAULT 1,
        playlist_filename varchar(255) NOT NULL,
        segments_sha256_filename varchar(255) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX video_streaming_playlists_video_id_type_key ON video_streaming_playlists (video_id, type)`,
    );

    // A file belongs either to the video (progressive MP4) or to its HLS playlist (fragmented MP4).
    await queryRunner.query(`
      CREATE TABLE video_files (
        id serial PRIMARY KEY,
        video_id integer REFERENCES videos (id) ON DELETE CASCADE,
        streaming_playlist_id integer REFERENCES video_streaming_playlists (id) ON DELETE CASCADE,
        resolution integer NOT NULL,
        size bigint NOT NULL,
        fps integer NOT NULL,
        width integer NOT NULL,
        height integer NOT NULL,
        filename varchar(255) NOT NULL,
        playlist_filename varchar(255),
        torrent_filename varchar(255),
        info_hash char(40),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((video_id IS NULL) <> (streaming_playlist_id IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_files_filename_key ON video_files (filename)`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_files_info_hash_key ON video_files (info_hash)`);
    await queryRunner.query(`CREATE INDEX video_files_video_id_idx ON video_files (video_id)`);
    await queryRunner.query(
      `CREATE INDEX video_files_streaming_playlist_id_idx ON video_files (streaming_playlist_id)`,
    );

    // Resumable uploads: the bytes go to <storage>/tmp/uploads/<id>; the row holds the metadata until complete.
    await queryRunner.query(`
      CREATE TABLE video_uploads (
        id varchar(64) PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        channel_id integer NOT NULL REFERENCES video_channels (id) ON DELETE CASCADE,
        filename varchar(255) NOT NULL,
        size bigint NOT NULL,
        metadata jsonb NOT NULL,
        video_id integer REFERENCES videos (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX video_uploads_updated_at_idx ON video_uploads (updated_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['video_uploads', 'video_files', 'video_streaming_playlists', 'video_tags', 'videos']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
