import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserNotificationType, type UserNotification } from '../../shared/models/users/user-notification.model.js';
import { UserRole } from '../../shared/models/users/user-role.js';
import { AppModule } from '../../server/app.module.js';
import { DomainEvents, type DomainEventMap } from '../../server/core/events/domain-events.js';
import { toRedisOptions } from '../../server/core/redis/redis.module.js';
import type { AuthUser } from '../../server/modules/auth/auth-user.js';
import { NotificationsService } from '../../server/modules/notifications/notifications.service.js';
import { VideoTranscodingProcessor } from '../../server/transcoding/video-transcoding.processor.js';
import { RegistrationsService } from '../../server/modules/users/registrations.service.js';
import { UserCreationService } from '../../server/modules/users/user-creation.service.js';
import { eventsSettled, mediumConfig, openMigratedDatabase, silentLogger } from '../utils/medium.js';
import { testServices } from '../utils/services.js';

const { NEW_COMMENT_ON_MY_VIDEO, COMMENT_MENTION, MY_VIDEO_IMPORT_ERROR } = UserNotificationType;

/**
 * Comment notifications come from the `comment.created` event, which the comments feature emits; here the event
 * is emitted directly, with rows made for it (comment ids are not checked against a comments table).
 */
describe('notifications of comments and failed transcodings, from their events (real PostgreSQL)', () => {
  let database: { dataSource: DataSource; close(): Promise<void> };
  let app: INestApplication;
  let storageDir: string;
  let events: DomainEvents;
  let carol: AuthUser;
  let alice: AuthUser;
  let dave: AuthUser;
  let carolVideo: number;
  let remoteVideo: number;
  let blockedAccount: number;
  let remoteAccount: number;
  let nextCommentId = 1000;
  let localHost: string;

  const createUser = async (username: string): Promise<AuthUser> => {
    const created = await app.get(UserCreationService).create({
      username,
      email: `${username}@example.test`,
      passwordHash: 'x',
      role: UserRole.User,
    });
    return { id: created.userId, accountId: created.accountId, username, role: UserRole.User };
  };
  const insertVideo = async (channelId: number, name: string, isLocal: boolean): Promise<number> => {
    const uuid = crypto.randomUUID();
    const [{ id }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO videos (uuid, short_uuid, url, name, privacy, state, source_filename, source_size, channel_id, is_local)
       VALUES ($1, $2, $3, $4, 1, 1, 'f.mp4', 1, $5, $6) RETURNING id`,
      [
        uuid,
        uuid.slice(0, 22),
        `http://${isLocal ? 'local' : 'remote'}.test/videos/watch/${uuid}`,
        name,
        channelId,
        isLocal,
      ],
    );
    return id;
  };
  const remoteAccountOn = async (host: string, name: string): Promise<{ accountId: number; channelId: number }> => {
    const url = `http://${host}/accounts/${name}`;
    const [{ id: serverId }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO servers (host) VALUES ($1) ON CONFLICT (host) DO UPDATE SET host = EXCLUDED.host RETURNING id`,
      [host],
    );
    const [{ id: actorId }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO actors (type, preferred_username, url, inbox_url, outbox_url, shared_inbox_url, followers_url,
                           following_url, public_key, server_id)
       VALUES ('Person', $1, $2::text, $2::text || '/inbox', $2::text || '/outbox', '', $2::text || '/followers',
               $2::text || '/following', 'k', $3) RETURNING id`,
      [name, url, serverId],
    );
    const [{ id: accountId }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO accounts (actor_id, display_name) VALUES ($1, $2) RETURNING id`,
      [actorId, `${name} remote`],
    );
    const [{ id: channelId }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO video_channels (actor_id, account_id, display_name) VALUES ($1, $2, 'remote channel') RETURNING id`,
      [actorId, accountId],
    );
    return { accountId, channelId };
  };
  /** A comment row as the comments module stores it, then its event (the answered comment is not needed here). */
  const comment = async (
    payload: Omit<DomainEventMap['comment.created'], 'commentId' | 'threadId' | 'heldForReview'> & {
      heldForReview?: boolean;
    },
  ): Promise<number> => {
    const heldForReview = payload.heldForReview ?? false;
    const [{ id: commentId }]: { id: number }[] = await database.dataSource.query(
      `INSERT INTO video_comments (url, text, video_id, account_id, held_for_review)
       VALUES ($1, 'a comment', $2, $3, $4) RETURNING id`,
      [`http://${localHost}/comments/${nextCommentId++}`, payload.videoId, payload.authorAccountId, heldForReview],
    );
    await events.emit(database.dataSource.manager, 'comment.created', {
      ...payload,
      commentId,
      threadId: commentId,
      heldForReview,
    });
    return commentId;
  };
  /** Consumers run as jobs: what the events of the test caused is awaited first. */
  const notificationsOf = async (user: AuthUser, type?: number): Promise<UserNotification[]> => {
    await eventsSettled(app);
    const list = await app.get(NotificationsService).list(user, {
      start: 0,
      count: 100,
      sort: '-createdAt',
      ...(type !== undefined && { typeOneOf: [type] }),
    });
    return list.data;
  };
  const channelOf = async (user: AuthUser): Promise<number> =>
    (
      await database.dataSource.query<{ id: number }[]>(`SELECT id FROM video_channels WHERE account_id = $1`, [
        user.accountId,
      ])
    )[0].id;

  beforeAll(async () => {
    database = await openMigratedDatabase();
    storageDir = await mkdtemp(path.join(tmpdir(), 'shoal-notifications-'));
    const config = mediumConfig({
      SHOAL_STORAGE_DIR: storageDir,
      SHOAL_ADMIN_PASSWORD: 'root-password',
      SHOAL_SIGNUP_ENABLED: 'true',
      SHOAL_SIGNUP_REQUIRES_APPROVAL: 'true',
    });
    localHost = config.derived.host;
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          config,
          logger: silentLogger,
          dataSource: database.dataSource,
          redisOptions: toRedisOptions({ url: testServices.redisUrl }),
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    events = app.get(DomainEvents);
    [carol, alice, dave] = [await createUser('carol'), await createUser('alice'), await createUser('dave')];
    carolVideo = await insertVideo(await channelOf(carol), 'Carol video', true);
    const remote = await remoteAccountOn('remote.test', 'rita');
    remoteAccount = remote.accountId;
    remoteVideo = await insertVideo(remote.channelId, 'Remote video', false);
    blockedAccount = (await remoteAccountOn('blocked.test', 'mallory')).accountId;
    await database.dataSource.query(`INSERT INTO server_blocklist (host) VALUES ('blocked.test')`);
  });

  afterAll(async () => {
    await app?.close();
    await database?.close();
    if (storageDir) await rm(storageDir, { recursive: true, force: true });
  });

  it("a comment on my video: NEW_COMMENT_ON_MY_VIDEO in PeerTube's shape; not for my own comment", async () => {
    const commentId = await comment({
      videoId: carolVideo,
      authorAccountId: alice.accountId,
      inReplyToAccountId: null,
    });
    await comment({ videoId: carolVideo, authorAccountId: carol.accountId, inReplyToAccountId: null });

    const told = await notificationsOf(carol);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      type: NEW_COMMENT_ON_MY_VIDEO,
      read: false,
      comment: {
        id: commentId,
        threadId: commentId,
        heldForReview: false,
        account: { id: alice.accountId, name: 'alice', displayName: 'alice', host: localHost, avatars: [] },
        video: { id: carolVideo, name: 'Carol video', state: { id: 1, label: 'Published' } },
      },
    });
    expect(told[0].video).toBeUndefined();
    expect(told[0].account).toBeUndefined();
    expect(await notificationsOf(alice)).toHaveLength(0);
  });

  it("a reply to my comment: COMMENT_MENTION (PeerTube's clients start a reply with a mention); the video's owner keeps NEW_COMMENT_ON_MY_VIDEO", async () => {
    const reply = await comment({
      videoId: carolVideo,
      authorAccountId: dave.accountId,
      inReplyToAccountId: alice.accountId,
    });
    const [mention] = await notificationsOf(alice, COMMENT_MENTION);
    expect(mention).toMatchObject({
      type: COMMENT_MENTION,
      comment: { id: reply, account: { name: 'dave' }, video: { id: carolVideo }, heldForReview: false },
    });
    expect((await notificationsOf(carol, NEW_COMMENT_ON_MY_VIDEO)).map((n) => n.comment?.id)).toContain(reply);
    // The owner answered is told once, of a comment on their video.
    const toOwner = await comment({
      videoId: carolVideo,
      authorAccountId: alice.accountId,
      inReplyToAccountId: carol.accountId,
    });
    expect((await notificationsOf(carol, COMMENT_MENTION)).length).toBe(0);
    expect((await notificationsOf(carol, NEW_COMMENT_ON_MY_VIDEO)).map((n) => n.comment?.id)).toContain(toOwner);
    // Answering oneself tells no one of a mention.
    await comment({ videoId: carolVideo, authorAccountId: alice.accountId, inReplyToAccountId: alice.accountId });
    expect(await notificationsOf(alice, COMMENT_MENTION)).toHaveLength(1);
  });

  it('a comment held for review: its owner is told (to decide), the one answered is not yet', async () => {
    const held = await comment({
      videoId: carolVideo,
      authorAccountId: dave.accountId,
      inReplyToAccountId: alice.accountId,
      heldForReview: true,
    });
    const [latest] = await notificationsOf(carol, NEW_COMMENT_ON_MY_VIDEO);
    expect(latest.comment).toMatchObject({ id: held, heldForReview: true });
    expect((await notificationsOf(alice, COMMENT_MENTION)).map((n) => n.comment?.id)).not.toContain(held);
  });

  it("a reply on another instance's video reaches the local author answered; a blocked instance's comments reach no one", async () => {
    const reply = await comment({
      videoId: remoteVideo,
      authorAccountId: remoteAccount,
      inReplyToAccountId: alice.accountId,
    });
    const [mention] = await notificationsOf(alice, COMMENT_MENTION);
    expect(mention.comment).toMatchObject({
      id: reply,
      account: { name: 'rita', displayName: 'rita remote', host: 'remote.test' },
      video: { id: remoteVideo },
    });

    const before = [(await notificationsOf(carol)).length, (await notificationsOf(alice)).length];
    await comment({ videoId: carolVideo, authorAccountId: blockedAccount, inReplyToAccountId: alice.accountId });
    expect([(await notificationsOf(carol)).length, (await notificationsOf(alice)).length]).toEqual(before);
  });

  it('blocking an instance removes what was told of its content and of what its accounts did', async () => {
    const onRemoteVideo = await comment({
      videoId: remoteVideo,
      authorAccountId: dave.accountId,
      inReplyToAccountId: alice.accountId,
    });
    const byRemoteAuthor = await comment({
      videoId: carolVideo,
      authorAccountId: remoteAccount,
      inReplyToAccountId: null,
    });
    const ids = async (user: AuthUser) => (await notificationsOf(user)).map((n) => n.comment?.id);
    expect(await ids(alice)).toContain(onRemoteVideo);
    expect(await ids(carol)).toContain(byRemoteAuthor);
    const kept = (await notificationsOf(carol)).length - 1;

    await database.dataSource.query(`INSERT INTO server_blocklist (host) VALUES ('remote.test')`);
    await events.emit(database.dataSource.manager, 'server.blocked', { host: 'remote.test' });
    expect(await ids(alice)).not.toContain(onRemoteVideo);
    expect(await ids(carol)).not.toContain(byRemoteAuthor);
    expect(await notificationsOf(carol)).toHaveLength(kept);
  });

  it('settings turn comment notifications off', async () => {
    await app.get(NotificationsService).updateSettings(alice, { commentMention: 0 } as never);
    await app.get(NotificationsService).updateSettings(carol, { newCommentOnMyVideo: 2 } as never);
    const before = [(await notificationsOf(carol)).length, (await notificationsOf(alice)).length];
    await comment({ videoId: carolVideo, authorAccountId: dave.accountId, inReplyToAccountId: alice.accountId });
    expect([(await notificationsOf(carol)).length, (await notificationsOf(alice)).length]).toEqual(before);
  });

  it("a transcoding that failed for good is told to the video's owner, as PeerTube's nearest kind (a failed import)", async () => {
    const broken = await insertVideo(await channelOf(carol), 'Broken video', true);
    await database.dataSource.query(`UPDATE videos SET state = 2 WHERE id = $1`, [broken]);
    const processor = app.get(VideoTranscodingProcessor);
    // Its source is missing: the last attempt fails, the video is marked failed and its owner told.
    const lastAttempt = { attemptsMade: 0, opts: { attempts: 1 } } as Parameters<
      typeof processor.handleTranscodeVideo
    >[1];
    await expect(processor.handleTranscodeVideo({ videoId: broken }, lastAttempt)).rejects.toThrow();
    const [failed] = await notificationsOf(carol, MY_VIDEO_IMPORT_ERROR);
    expect(failed).toMatchObject({
      type: MY_VIDEO_IMPORT_ERROR,
      videoImport: {
        id: broken,
        video: { id: broken, name: 'Broken video', state: { id: 7, label: 'Transcoding failed' } },
      },
    });
    expect(failed.video).toBeUndefined();
  });

  it("a remote actor following a user's account: NEW_FOLLOW naming an account; none from a blocked instance", async () => {
    const follow = async (followerAccountId: number) => {
      const [{ id }] = await database.dataSource.query<{ id: number }[]>(
        `INSERT INTO actor_follows (follower_id, following_id, state, url)
         SELECT f.actor_id, t.actor_id, 'accepted', 'http://x.test/follows/' || f.id
         FROM accounts f, accounts t WHERE f.id = $1 AND t.id = $2 RETURNING id`,
        [followerAccountId, dave.accountId],
      );
      await events.emit(database.dataSource.manager, 'actor.followed', { followId: id });
    };
    // remote.test was blocked above: another instance's account follows.
    const { accountId: follower } = await remoteAccountOn('other.test', 'otto');
    await follow(follower);
    await follow(blockedAccount);
    await follow(remoteAccount);
    expect((await notificationsOf(dave, UserNotificationType.NEW_FOLLOW)).map((n) => n.actorFollow)).toEqual([
      expect.objectContaining({
        state: 'accepted',
        follower: { id: follower, name: 'otto', displayName: 'otto remote', host: 'other.test', avatars: [] },
        following: { type: 'account', name: 'dave', displayName: 'dave', host: localHost },
      }),
    ]);
  });

  it('a registration request is told to the moderators (NEW_USER_REGISTRATION_REQUEST, with the registration)', async () => {
    const [{ id: rootId }] = await database.dataSource.query<{ id: number }[]>(
      `SELECT id FROM users WHERE username = 'root'`,
    );
    const root: AuthUser = { id: rootId, accountId: 0, username: 'root', role: UserRole.Administrator };
    await app
      .get(RegistrationsService)
      .register(
        { username: 'erin', password: 'erin-password', email: 'erin@example.test', registrationReason: 'Hello' },
        '203.0.113.7',
      );
    const [request] = await notificationsOf(root, UserNotificationType.NEW_USER_REGISTRATION_REQUEST);
    expect(request).toMatchObject({ type: 20, registration: { username: 'erin' } });
    expect(typeof request.registration?.id).toBe('number');
    // Not to users without the right.
    expect(await notificationsOf(carol, UserNotificationType.NEW_USER_REGISTRATION_REQUEST)).toHaveLength(0);
  });

  it("a user's notifications go with the user", async () => {
    expect((await notificationsOf(alice)).length).toBeGreaterThan(0);
    await database.dataSource.query(`DELETE FROM users WHERE id = $1`, [alice.id]);
    const rows = await database.dataSource.query<unknown[]>(`SELECT 1 FROM user_notifications WHERE user_id = $1`, [
      alice.id,
    ]);
    expect(rows).toHaveLength(0);
  });
});
