import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ActorFollowEntity, type FollowState } from './actor-follow.entity.js';

export interface FollowListQuery {
  start: number;
  count: number;
  descending: boolean;
  state?: FollowState;
}

/** Follows between actors, and the follower/following counts kept on the actors. */
@Injectable()
export class FollowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(ActorFollowEntity);
  }

  /**
   * Records a follow (or refreshes its state and activity id if the pair exists); answers its id, and whether the
   * pair is new (`xmax` is 0 for a row this statement inserted rather than updated).
   */
  async save(
    follow: Pick<ActorFollowEntity, 'followerId' | 'followingId' | 'state' | 'url'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: number; created: boolean }> {
    const [row]: { id: number; created: boolean }[] = await manager.query(
      `INSERT INTO actor_follows (follower_id, following_id, state, url) VALUES ($1, $2, $3, $4)
       ON CONFLICT (follower_id, following_id) DO UPDATE SET state = EXCLUDED.state, url = EXCLUDED.url, updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [follow.followerId, follow.followingId, follow.state, follow.url],
    );
    await this.refreshCounts([follow.followerId, follow.followingId], manager);
    return row;
  }

  get(followerId: number, followingId: number): Promise<ActorFollowEntity | null> {
    return this.repository().findOne({
      where: { followerId, followingId },
      relations: { follower: { server: true }, following: { server: true } },
    });
  }

  /** A follow of `followingId` by its Follow activity's id (what an Accept or Reject names). */
  getByActivity(url: string, followingId: number): Promise<ActorFollowEntity | null> {
    return this.repository().findOne({
      where: { url, followingId },
      relations: { follower: { server: true }, following: { server: true } },
    });
  }

  async setState(id: number, state: FollowState): Promise<void> {
    const follow = await this.repository().findOneByOrFail({ id });
    await this.repository().update({ id }, { state });
    await this.refreshCounts([follow.followerId, follow.followingId]);
  }

  async delete(followerId: number, followingId: number): Promise<boolean> {
    const result = await this.repository().delete({ followerId, followingId });
    await this.refreshCounts([followerId, followingId]);
    return (result.affected ?? 0) > 0;
  }

  /**
   * Removes the follow an Undo names: the one whose Follow had the id `followUrl`. A follow made again since then (a
   * newer Follow, delivered before the Undo of the older one) stays.
   */
  async deleteUndone(followerId: number, followingId: number, followUrl: string): Promise<void> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM actor_follows WHERE follower_id = $1 AND following_id = $2 AND (url IS NULL OR url = $3)`,
      [followerId, followingId, followUrl],
    );
    if (deleted > 0) await this.refreshCounts([followerId, followingId]);
  }

  /** Removes every follow between a local actor and an actor of `host`, both ways. */
  async deleteWithHost(host: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    // TypeORM answers DELETE and UPDATE statements with [rows, count].
    const [rows]: [{ follower_id: number; following_id: number }[], number] = await manager.query(
      `DELETE FROM actor_follows f USING actors a, servers s
       WHERE s.host = $1 AND a.server_id = s.id AND (f.follower_id = a.id OR f.following_id = a.id)
       RETURNING f.follower_id, f.following_id`,
      [host],
    );
    await this.refreshCounts(
      rows.flatMap((row) => [row.follower_id, row.following_id]),
      manager,
    );
  }

  /**
   * The follow between a local actor and a remote one given by host (and name, when several actors of the host
   * may be involved), on the given side.
   */
  getWithRemote(
    actorId: number,
    side: 'following' | 'followers',
    remote: { host: string; name?: string },
  ): Promise<ActorFollowEntity | null> {
    const local = side === 'following' ? 'follower' : 'following';
    const other = side === 'following' ? 'following' : 'follower';
    const query = this.repository()
      .createQueryBuilder('follow')
      .innerJoinAndSelect('follow.follower', 'follower')
      .leftJoinAndSelect('follower.server', 'followerServer')
      .innerJoinAndSelect('follow.following', 'following')
      .leftJoinAndSelect('following.server', 'followingServer')
      .where(`follow.${local}Id = :actorId`, { actorId })
      .andWhere(`${other}Server.host = :host`, { host: remote.host });
    if (remote.name !== undefined) query.andWhere(`${other}.preferredUsername = :name`, { name: remote.name });
    return query.getOne();
  }

  /** Whom an actor follows (`following`) or who follows it (`followers`), with both actors and their servers. */
  list(
    actorId: number,
    side: 'following' | 'followers',
    query: FollowListQuery,
  ): Promise<[ActorFollowEntity[], number]> {
    return this.repository().findAndCount({
      where: {
        ...(side === 'following' ? { followerId: actorId } : { followingId: actorId }),
        ...(query.state && { state: query.state }),
      },
      relations: { follower: { server: true }, following: { server: true } },
      order: { createdAt: query.descending ? 'DESC' : 'ASC', id: query.descending ? 'DESC' : 'ASC' },
      skip: query.start,
      take: query.count,
    });
  }

  /**
   * Whether videos of `host` attributed to `attributedTo` are wanted here: the instance actor follows some actor of
   * that host, or some local actor (a user subscribed to a channel) follows one of the attributed actors.
   */
  async wantsVideosOf(instanceActorId: number, host: string, attributedTo: string[]): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM actor_follows f JOIN actors a ON a.id = f.following_id JOIN servers s ON s.id = a.server_id
       WHERE f.state = 'accepted' AND (
         (f.follower_id = $1 AND s.host = $2)
         OR (a.url = ANY($3) AND EXISTS (SELECT 1 FROM actors l WHERE l.id = f.follower_id AND l.server_id IS NULL)))
       LIMIT 1`,
      [instanceActorId, host, attributedTo],
    );
    return rows.length > 0;
  }

  /**
   * Which of these actors (by name, in any case, and host; null for this instance) an actor follows, accepted:
   * their names and hosts as stored.
   */
  acceptedFollowingHandles(
    followerId: number,
    targets: { name: string; host: string | null }[],
  ): Promise<{ name: string; host: string | null }[]> {
    return this.dataSource.query(
      `SELECT a.preferred_username AS name, s.host
       FROM actor_follows f JOIN actors a ON a.id = f.following_id LEFT JOIN servers s ON s.id = a.server_id
       JOIN unnest($2::text[], $3::text[]) AS t(name, host)
         ON lower(a.preferred_username) = lower(t.name) AND s.host IS NOT DISTINCT FROM t.host
       WHERE f.follower_id = $1 AND f.state = 'accepted'`,
      [followerId, targets.map((target) => target.name), targets.map((target) => target.host)],
    );
  }

  /** Where to deliver to the accepted followers of some actors: each remote server's shared inbox once. */
  async followerInboxes(actorIds: number[]): Promise<string[]> {
    const rows: { inbox: string }[] = await this.dataSource.query(
      `SELECT DISTINCT COALESCE(NULLIF(a.shared_inbox_url, ''), a.inbox_url) AS inbox
       FROM actor_follows f JOIN actors a ON a.id = f.follower_id
       WHERE f.following_id = ANY($1) AND f.state = 'accepted' AND a.server_id IS NOT NULL`,
      [actorIds],
    );
    return rows.map((row) => row.inbox);
  }

  private async refreshCounts(actorIds: number[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (actorIds.length === 0) return;
    await manager.query(
      `UPDATE actors a SET
         followers_count = (SELECT count(*) FROM actor_follows f WHERE f.following_id = a.id AND f.state = 'accepted'),
         following_count = (SELECT count(*) FROM actor_follows f WHERE f.follower_id = a.id AND f.state = 'accepted')
       WHERE a.id = ANY($1)`,
      [[...new Set(actorIds)]],
    );
  }
}
