import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Avatars and banners of actors, one row per size. A local image is a file of the store (`file_url` null); a remote
 * one is only the URL its origin gave (it is not copied here), whose size may be unknown. They go with their actor.
 */
export class ActorImages1765200000000 implements MigrationInterface {
  name = 'ActorImages1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE actor_images (
        id serial PRIMARY KEY,
        actor_id integer NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
        type varchar(8) NOT NULL CHECK (type IN ('avatar', 'banner')),
        filename varchar(100) NOT NULL,
        width integer,
        height integer,
        file_url varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX actor_images_filename_key ON actor_images (filename)`);
    await queryRunner.query(`CREATE INDEX actor_images_actor_id_type_idx ON actor_images (actor_id, type)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE actor_images`);
  }
}
