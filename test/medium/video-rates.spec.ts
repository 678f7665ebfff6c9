import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../server/core/database/database.module.js';
import { ENTITIES } from '../../server/entities.js';
import { VideoRatesRepository } from '../../server/modules/videos/video-rates.repository.js';
import { openMigratedDatabase } from '../utils/medium.js';

const VIDEO_URL = 'http://remote.test/videos/watch/00000000-0000-4000-8000-000000000001';

describe('video rates against PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let dataSource: DataSource;
  let ratesDataSource: DataSource;
  let rates: VideoRatesRepository;
  let actorIds: number[];

  const insertActor = async (name: string): Promise<number> => {
    const url = `http://remote.test/accounts/${name}`;
    const rows: { id: number }[] = await dataSource.query(
      `INSERT INTO actors (type, preferred_username, url, inbox_url, outbox_url, shared_inbox_url, followers_url,
                           following_url, public_key)
       VALUES ('Person', $1, $2::text, $2::text || '/inbox', $2::text || '/outbox', '', $2::text || '/followers', $2::text || '/following', 'k')
       RETURNING id`,
      [name, url],
    );
    return rows[0].id;
  };

  const counters = async () =>
    (
      await dataSource.query<{ likes: number; dislikes: number }[]>(
        `SELECT likes, dislikes FROM videos WHERE url = $1`,
        [VIDEO_URL],
      )
    )[0];

  beforeAll(async () => {
    database = await openMigratedDatabase();
    dataSource = database.dataSource;
    // Connections of their own, so that concurrent rates really run at once beside the test's.
    ratesDataSource = createDataSource((dataSource.options as { url: string }).url, ENTITIES, 8);
    await ratesDataSource.initialize();
    rates = new VideoRatesRepository(ratesDataSource);
    const owner = await insertActor('owner');
    const [{ id: accountId }]: { id: number }[] = await dataSource.query(
      `INSERT INTO accounts (actor_id, display_name) VALUES ($1, 'owner') RETURNING id`,
      [owner],
    );
    const [{ id: channelId }]: { id: number }[] = await dataSource.query(
      `INSERT INTO video_channels (actor_id, account_id, display_name) VALUES ($1, $2, 'channel') RETURNING id`,
      [owner, accountId],
    );
    await dataSource.query(
      `INSERT INTO videos (uuid, short_uuid, url, name, privacy, state, source_filename, source_size, channel_id)
       VALUES ('00000000-0000-4000-8000-000000000001', 'short', $1, 'rated', 1, 1, 'f.mp4', 1, $2)`,
      [VIDEO_URL, channelId],
    );
    actorIds = await Promise.all(Array.from({ length: 8 }, (_, index) => insertActor(`rater${index}`)));
  });

  afterAll(async () => {
    if (ratesDataSource?.isInitialized) await ratesDataSource.destroy();
    await database?.close();
  });

  it('an Undo of a Like that arrives while the Dislike replacing it is being counted leaves the dislike counted', async () => {
    // PeerTube delivers "Undo Like" and "Dislike" as two jobs at once: they are processed together.
    const [actorId] = actorIds;
    await rates.rate(actorId, VIDEO_URL, 'like', `${actorId}/likes/1`);
    expect(await counters()).toEqual({ likes: 1, dislikes: 0 });
    // Another rate of the video holds its row, so that both wait, the Dislike first.
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT id FROM videos WHERE url = $1 FOR UPDATE`, [VIDEO_URL]);
    const dislike = rates.rate(actorId, VIDEO_URL, 'dislike', `${actorId}/dislikes/1`);
    await sleep(300);
    const undoLike = rates.unrate(actorId, VIDEO_URL, 'like');
    await sleep(300);
    await holder.commitTransaction();
    await holder.release();
    await Promise.all([dislike, undoLike]);
    expect(await counters()).toEqual({ likes: 0, dislikes: 1 });
  });

  it('many actors changing a like into a dislike at once: every dislike counted, whatever the order', async () => {
    await Promise.all(actorIds.map((actorId) => rates.rate(actorId, VIDEO_URL, 'like', `${actorId}/likes/1`)));
    expect(await counters()).toEqual({ likes: actorIds.length, dislikes: 0 });
    await Promise.all(
      actorIds.flatMap((actorId) => [
        rates.unrate(actorId, VIDEO_URL, 'like'),
        rates.rate(actorId, VIDEO_URL, 'dislike', `${actorId}/dislikes/1`),
      ]),
    );
    expect(await counters()).toEqual({ likes: 0, dislikes: actorIds.length });
  });
});
