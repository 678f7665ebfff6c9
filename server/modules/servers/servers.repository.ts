import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ServerBlockEntity } from './server-block.entity.js';

@Injectable()
export class ServersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The id of the server row of a host, created on first sight. */
  async idOf(host: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: { id: number }[] = await manager.query(
      `INSERT INTO servers (host) VALUES ($1) ON CONFLICT (host) DO UPDATE SET host = EXCLUDED.host RETURNING id`,
      [host],
    );
    return rows[0].id;
  }

  async isBlocked(host: string): Promise<boolean> {
    return this.dataSource.getRepository(ServerBlockEntity).existsBy({ host });
  }

  listBlocked(start: number, count: number, descending: boolean): Promise<[ServerBlockEntity[], number]> {
    return this.dataSource.getRepository(ServerBlockEntity).findAndCount({
      order: { createdAt: descending ? 'DESC' : 'ASC', id: descending ? 'DESC' : 'ASC' },
      skip: start,
      take: count,
    });
  }

  /** False when the host was already blocked. */
  async block(host: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO server_blocklist (host) VALUES ($1) ON CONFLICT (host) DO NOTHING RETURNING id`,
      [host],
    );
    return rows.length > 0;
  }

  /** False when the host was not blocked. */
  async unblock(host: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(ServerBlockEntity).delete({ host });
    return (result.affected ?? 0) > 0;
  }
}
