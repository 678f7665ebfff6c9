import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SortOrder } from '../../core/http/pagination.js';
import { UserEntity } from './user.entity.js';

export const USER_SORT_COLUMNS = ['id', 'username', 'createdAt', 'lastLoginDate', 'role'] as const;
export type UserSortColumn = (typeof USER_SORT_COLUMNS)[number];

export interface UserListQuery {
  start: number;
  count: number;
  sort: SortOrder<UserSortColumn>;
  search?: string;
  blocked?: boolean;
}

export type NewUser = Omit<
  UserEntity,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'lastLoginDate'
  | 'blocked'
  | 'blockedReason'
  | 'nsfwPolicy'
  | 'p2pEnabled'
  | 'autoPlayVideo'
>;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(UserEntity);
  }

  getById(id: number): Promise<UserEntity | null> {
    return this.repository().findOneBy({ id });
  }

  /** Login lookup: by username or e-mail, case-insensitively, with the password hash. */
  getForLogin(login: string): Promise<UserEntity | null> {
    return this.repository()
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('lower(user.username) = lower(:login) OR lower(user.email) = lower(:login)', { login })
      .getOne();
  }

  async isUsernameOrEmailTaken(username: string, email: string, manager?: EntityManager): Promise<boolean> {
    const count = await this.repository(manager)
      .createQueryBuilder('user')
      .where('lower(user.username) = lower(:username) OR lower(user.email) = lower(:email)', { username, email })
      .getCount();
    return count > 0;
  }

  countAll(manager?: EntityManager): Promise<number> {
    return this.repository(manager).count();
  }

  list(query: UserListQuery): Promise<[UserEntity[], number]> {
    const builder = this.repository().createQueryBuilder('user');
    if (query.search) {
      builder.andWhere('(user.username ILIKE :search OR user.email ILIKE :search)', {
        search: `%${escapeLike(query.search)}%`,
      });
    }
    if (query.blocked !== undefined) builder.andWhere('user.blocked = :blocked', { blocked: query.blocked });
    return builder
      .orderBy(`user.${query.sort.column}`, query.sort.direction, 'NULLS LAST')
      .addOrderBy('user.id', 'ASC')
      .skip(query.start)
      .take(query.count)
      .getManyAndCount();
  }

  create(manager: EntityManager, user: NewUser): Promise<UserEntity> {
    return this.repository(manager).save(this.repository(manager).create(user));
  }

  async update(
    id: number,
    changes: Partial<Omit<UserEntity, 'id' | 'createdAt' | 'updatedAt'>>,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repository(manager).update({ id }, changes);
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await this.repository(manager).delete({ id });
  }
}

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (char) => `\\${char}`);
