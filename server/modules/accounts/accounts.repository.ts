import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { AccountEntity } from './account.entity.js';

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  getByName(name: string): Promise<AccountEntity | null> {
    return this.dataSource
      .getRepository(AccountEntity)
      .findOne({ where: { actor: { preferredUsername: name, serverId: IsNull() } }, relations: { actor: true } });
  }

  getByUserId(userId: number, manager: EntityManager = this.dataSource.manager): Promise<AccountEntity | null> {
    return manager.getRepository(AccountEntity).findOne({ where: { userId }, relations: { actor: true } });
  }

  getByUserIds(userIds: number[]): Promise<AccountEntity[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('account')
      .innerJoinAndSelect('account.actor', 'actor')
      .where('account.userId IN (:...userIds)', { userIds })
      .getMany();
  }

  create(
    manager: EntityManager,
    account: Pick<AccountEntity, 'actorId' | 'userId' | 'displayName' | 'description'>,
  ): Promise<AccountEntity> {
    const repository = manager.getRepository(AccountEntity);
    return repository.save(repository.create(account));
  }

  /** The account row of a remote actor, created or refreshed from its profile; answers its id. */
  async upsertRemote(actorId: number, profile: { displayName: string; description: string | null }): Promise<number> {
    const rows: { id: number }[] = await this.dataSource.query(
      `INSERT INTO accounts (actor_id, user_id, display_name, description) VALUES ($1, NULL, $2, $3)
       ON CONFLICT (actor_id) DO UPDATE SET display_name = EXCLUDED.display_name, description = EXCLUDED.description,
         updated_at = now()
       RETURNING id`,
      [actorId, profile.displayName, profile.description],
    );
    return rows[0].id;
  }
}
