import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Comments on videos, local or from other instances, as PeerTube keeps them: threads (`origin_comment_id` names a
 * reply's first comment), a deleted comment with replies kept as a tombstone (`deleted_at`, no text, no account),
 * comments held for the video owner's approval. Videos get PeerTube 8's comments policy (1 enabled, 2 disabled,
 * 3 requires approval; `comments_enabled` stays in step for older clients) and a count of visible comments.
 */
export class VideoComments1764600000000 implements MigrationInterface {
  name = 'VideoComments1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE videos
        ADD COLUMN comments_policy smallint NOT NULL DEFAULT 1 CHECK (comments_policy IN (1, 2, 3)),
        ADD COLUMN comments integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`UPDATE videos SET comments_policy = 2 WHERE NOT comments_enabled`);
    await queryRunner.query(`
      CREATE TABLE video_comments (
        id serial PRIMARY KEY,
        url varchar(2000) NOT NULL,
        text text NOT NULL,
        video_id integer NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
        account_id integer REFERENCES accounts (id) ON DELETE CASCADE,
        in_reply_to_comment_id integer REFERENCES video_comments (id) ON DELETE CASCADE,
        origin_comment_id integer REFERENCES video_comments (id) ON DELETE CASCADE,
        held_for_review boolean NOT NULL DEFAULT false,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX video_comments_url_key ON video_comments (url)`);
    await queryRunner.query(
      `CREATE INDEX video_comments_video_thread_idx ON video_comments (video_id, origin_comment_id)`,
    );
    await queryRunner.query(`CREATE INDEX video_comments_origin_comment_id_idx ON video_comments (origin_comment_id)`);
    await queryRunner.query(`CREATE INDEX video_comments_in_reply_to_idx ON video_comments (in_reply_to_comment_id)`);
    await queryRunner.query(`CREATE INDEX video_comments_account_id_idx ON video_comments (account_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE video_comments`);
    await queryRunner.query(`ALTER TABLE videos DROP COLUMN comments, DROP COLUMN comments_policy`);
  }
}
