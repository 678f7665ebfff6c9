import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' notifications (PeerTube's `userNotification`) and their settings (`userNotificationSetting`). A
 * notification goes with its user and with what it is about (video, account, follow, registration, comment).
 */
export class UserNotifications1765000000000 implements MigrationInterface {
  name = 'UserNotifications1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE user_notifications (
        id serial PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        type smallint NOT NULL,
        read boolean NOT NULL DEFAULT false,
        video_id integer REFERENCES videos (id) ON DELETE CASCADE,
        account_id integer REFERENCES accounts (id) ON DELETE CASCADE,
        actor_follow_id integer REFERENCES actor_follows (id) ON DELETE CASCADE,
        user_registration_id integer REFERENCES user_registrations (id) ON DELETE CASCADE,
        comment_id integer REFERENCES video_comments (id) ON DELETE CASCADE,
        comment_thread_id integer,
        comment_held_for_review boolean,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX user_notifications_user_id_created_at_idx ON user_notifications (user_id, created_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX user_notifications_user_id_unread_idx ON user_notifications (user_id) WHERE read = false`,
    );
    for (const column of ['video_id', 'account_id', 'actor_follow_id', 'user_registration_id', 'comment_id']) {
      await queryRunner.query(
        `CREATE INDEX user_notifications_${column}_idx ON user_notifications (${column}) WHERE ${column} IS NOT NULL`,
      );
    }

    // One row per user that changed a setting; a user without one has the defaults (notification-settings.ts).
    await queryRunner.query(`
      CREATE TABLE user_notification_settings (
        user_id integer PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        settings jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE user_notification_settings`);
    await queryRunner.query(`DROP TABLE user_notifications`);
  }
}
