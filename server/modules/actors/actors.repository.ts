import { Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ActorEntity } from './actor.entity.js';

@Injectable()
export class ActorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether a local actor has, or once had, this name (accounts and channels share one name space). */
  async isLocalNameTaken(name: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM actors WHERE preferred_username = $1
       UNION ALL SELECT 1 FROM reserved_actor_names WHERE name = $1 LIMIT 1`,
      [name],
    );
    return rows.length > 0;
  }

  /** A local actor by its name (accounts, channels and the instance share one name space). */
  getLocalByName(name: string): Promise<ActorEntity | null> {
    return this.dataSource.getRepository(ActorEntity).findOneBy({ preferredUsername: name });
  }

  create(
    manager: EntityManager,
    actor: Omit<ActorEntity, 'id' | 'createdAt' | 'updatedAt' | 'followersCount' | 'followingCount'>,
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
