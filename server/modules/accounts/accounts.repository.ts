import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { ActorImagesRepository } from '../actors/actor-images.repository.js';
import { AccountEntity } from './account.entity.js';

@Injectable()
export class AccountsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly images: ActorImagesRepository,
  ) {}

  /** A local account with its actor and the actor's images (what the REST shape needs). */
  async getByName(name: string): Promise<AccountEntity | null> {
    const account = await this.dataSource
      .getRepository(AccountEntity)
      .findOne({ where: { actor: { preferredUsername: name, serverId: IsNull() } }, relations: { actor: true } });
    await this.images.attach([account?.actor]);
    return account;
  }

  getByUserId(userId: number, manager: EntityManager = this.dataSource.manager): Promise<AccountEntity | null> {
    return manager.getRepository(AccountEntity).findOne({ where: { userId }, relations: { actor: true } });
  }

  /** Accounts of users, with their actors and the actors' images. */
  async getByUserIds(userIds: number[]): Promise<AccountEntity[]> {
    if (userIds.length === 0) return [];
    const accounts = await this.dataSource
      .getRepository(AccountEntity)
      .createQueryBuilder('account')
      .innerJoinAndSelect('account.actor', 'actor')
      .where('account.userId IN (:...userIds)', { userIds })
      .getMany();
    await this.images.attach(accounts.map((account) => account.actor));
    return accounts;
  }

  create(
    manager: EntityManager,
    account: Pick<AccountEntity, 'actorId' | 'userId' | 'displayName' | 'description'>,
  ): Promise<AccountEntity> {
    const repository = manager.getRepository(AccountEntity);
    return repository.save(repository.create(account));
  }

  /** Refreshes the profile of a remote actor's account, if there is one. */
  async updateRemoteProfile(actorId: number, profile: { displayName: string; description: string | null }) {
    await this.dataSource.query(
      `UPDATE accounts SET display_name = $2, description = $3, updated_at = now() WHERE actor_id = $1`,
      [actorId, profile.displayName, profile.description],
    );
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
