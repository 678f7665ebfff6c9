import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SortOrder } from '../../core/http/pagination.js';
import { UserRegistrationEntity } from './user-registration.entity.js';

export type RegistrationSortColumn = 'createdAt' | 'state';

@Injectable()
export class RegistrationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repository(manager: EntityManager = this.dataSource.manager) {
    return manager.getRepository(UserRegistrationEntity);
  }

  getById(id: number, manager?: EntityManager): Promise<UserRegistrationEntity | null> {
    return this.repository(manager)
      .createQueryBuilder('registration')
      .addSelect('registration.passwordHash')
      .where('registration.id = :id', { id })
      .getOne();
  }

  /** Lookup at login, so a user waiting for approval is told so. */
  getForLogin(login: string): Promise<UserRegistrationEntity | null> {
    return this.repository()
      .createQueryBuilder('registration')
      .addSelect('registration.passwordHash')
      .where('lower(registration.username) = lower(:login) OR lower(registration.email) = lower(:login)', { login })
      .getOne();
  }

  async conflicts(username: string, email: string, channelHandle: string, manager?: EntityManager): Promise<boolean> {
    const count = await this.repository(manager)
      .createQueryBuilder('registration')
      .where(
        'lower(registration.username) = lower(:username) OR lower(registration.email) = lower(:email) OR registration.channelHandle = :channelHandle',
        { username, email, channelHandle },
      )
      .getCount();
    return count > 0;
  }

  list(query: {
    start: number;
    count: number;
    sort: SortOrder<RegistrationSortColumn>;
  }): Promise<[UserRegistrationEntity[], number]> {
    return this.repository()
      .createQueryBuilder('registration')
      .orderBy(`registration.${query.sort.column}`, query.sort.direction)
      .addOrderBy('registration.id', 'ASC')
      .skip(query.start)
      .take(query.count)
      .getManyAndCount();
  }

  create(
    manager: EntityManager,
    registration: Omit<UserRegistrationEntity, 'id' | 'createdAt' | 'updatedAt' | 'moderationResponse' | 'userId'>,
  ): Promise<UserRegistrationEntity> {
    return this.repository(manager).save(this.repository(manager).create(registration));
  }

  async update(
    manager: EntityManager,
    id: number,
    changes: Partial<Pick<UserRegistrationEntity, 'state' | 'moderationResponse' | 'userId'>>,
  ): Promise<void> {
    await this.repository(manager).update({ id }, changes);
  }

  async delete(id: number): Promise<void> {
    await this.repository().delete({ id });
  }
}
