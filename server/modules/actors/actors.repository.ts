import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { ActorEntity } from './actor.entity.js';

/** What is kept of a remote actor. */
export type RemoteActorFields = Pick<
  ActorEntity,
  | 'type'
  | 'preferredUsername'
  | 'url'
  | 'inboxUrl'
  | 'outboxUrl'
  | 'sharedInboxUrl'
  | 'followersUrl'
  | 'followingUrl'
  | 'publicKey'
> & { serverId: number };

@Injectable()
export class ActorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether a local actor has, or once had, this name (accounts and channels share one name space). */
  async isLocalNameTaken(name: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM actors WHERE preferred_username = $1 AND server_id IS NULL
       UNION ALL SELECT 1 FROM reserved_actor_names WHERE name = $1 LIMIT 1`,
      [name],
    );
    return rows.length > 0;
  }

  getById(id: number): Promise<ActorEntity | null> {
    return this.dataSource.getRepository(ActorEntity).findOne({ where: { id }, relations: { server: true } });
  }

  /** Any actor, local or remote, by its ActivityPub id. */
  getByUrl(url: string): Promise<ActorEntity | null> {
    return this.dataSource.getRepository(ActorEntity).findOne({ where: { url }, relations: { server: true } });
  }

  /** Stores a remote actor as fetched from its origin (by its id), and answers the stored row. */
  async upsertRemote(actor: RemoteActorFields): Promise<ActorEntity> {
    await this.dataSource.query(
      `INSERT INTO actors (type, preferred_username, url, inbox_url, outbox_url, shared_inbox_url, followers_url,
                           following_url, public_key, server_id, fetched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (url) DO UPDATE SET type = EXCLUDED.type, preferred_username = EXCLUDED.preferred_username,
         inbox_url = EXCLUDED.inbox_url, outbox_url = EXCLUDED.outbox_url, shared_inbox_url = EXCLUDED.shared_inbox_url,
         followers_url = EXCLUDED.followers_url, following_url = EXCLUDED.following_url,
         public_key = EXCLUDED.public_key, fetched_at = now(), updated_at = now()
       WHERE actors.server_id = EXCLUDED.server_id`,
      [
        actor.type,
        actor.preferredUsername,
        actor.url,
        actor.inboxUrl,
        actor.outboxUrl,
        actor.sharedInboxUrl,
        actor.followersUrl,
        actor.followingUrl,
        actor.publicKey,
        actor.serverId,
      ],
    );
    const stored = await this.getByUrl(actor.url);
    if (!stored || stored.serverId !== actor.serverId) throw new Error(`${actor.url} is not an actor of that server`);
    return stored;
  }

  /** A local actor by its name (accounts, channels and the instance share one name space). */
  getLocalByName(name: string): Promise<ActorEntity | null> {
    return this.dataSource.getRepository(ActorEntity).findOneBy({ preferredUsername: name, serverId: IsNull() });
  }

  create(
    manager: EntityManager,
    actor: Omit<
      ActorEntity,
      'id' | 'createdAt' | 'updatedAt' | 'followersCount' | 'followingCount' | 'server' | 'serverId' | 'fetchedAt'
    > &
      Partial<Pick<ActorEntity, 'serverId' | 'fetchedAt'>>,
  ): Promise<ActorEntity> {
    return manager.getRepository(ActorEntity).save(manager.getRepository(ActorEntity).create(actor));
  }

  async getPrivateKey(actorId: number): Promise<string | null> {
    const row = await this.dataSource
      .getRepository(ActorEntity)
      .createQueryBuilder('actor')
      .select('actor.privateKey', 'privateKey')
      .where('actor.id = :actorId', { actorId })
      .getRawOne<{ privateKey: string | null }>();
    return row?.privateKey ?? null;
  }

  /** Deletes actors and keeps their names reserved. */
  async deleteAndReserveNames(manager: EntityManager, actorIds: number[]): Promise<void> {
    if (actorIds.length === 0) return;
    await manager.query(
      `INSERT INTO reserved_actor_names (name) SELECT preferred_username FROM actors WHERE id = ANY($1) ON CONFLICT DO NOTHING`,
      [actorIds],
    );
    await manager.getRepository(ActorEntity).delete({ id: In(actorIds) });
  }
}
