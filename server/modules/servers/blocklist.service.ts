import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ResultList } from '../../../shared/models/common.js';
import type { ServerBlock } from '../../../shared/models/server/server-blocklist.model.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError, notFound, validationFailed } from '../../core/errors/domain-error.js';
import { DomainEvents } from '../../core/events/domain-events.js';
import { toResultList } from '../../core/http/pagination.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { InstanceAccountService } from '../accounts/instance-account.service.js';
import { normalizeHost } from './host.js';
import { ServersRepository } from './servers.repository.js';

/**
 * The instance's server blocklist. Blocking emits `server.blocked`: federation then removes follows with the host;
 * its activities are refused at the inbox and nothing is delivered to it while it is listed.
 */
@Injectable()
export class BlocklistService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly servers: ServersRepository,
    private readonly accounts: AccountsService,
    private readonly instanceAccount: InstanceAccountService,
    private readonly events: DomainEvents,
    private readonly dataSource: DataSource,
  ) {}

  async list(start: number, count: number, sort: string): Promise<ResultList<ServerBlock>> {
    const [rows, total] = await this.servers.listBlocked(start, count, sort.startsWith('-'));
    const byAccount = this.accounts.format(await this.instanceAccount.get());
    return toResultList(
      total,
      rows.map((row) => ({ byAccount, blockedServer: { host: row.host }, createdAt: row.createdAt.toISOString() })),
    );
  }

  async block(text: string): Promise<void> {
    const host = this.validHost(text);
    if (host === this.config.derived.host) {
      throw new DomainError('cannot_block_self', HttpStatus.BAD_REQUEST, 'An instance cannot block itself.');
    }
    await this.dataSource.transaction(async (manager) => {
      if (await this.servers.block(host, manager)) await this.events.emit(manager, 'server.blocked', { host });
    });
  }

  async unblock(text: string): Promise<void> {
    if (!(await this.servers.unblock(this.validHost(text)))) throw notFound('Blocked server');
  }

  private validHost(text: string): string {
    const host = normalizeHost(text);
    if (!host) throw validationFailed([{ name: 'host', reason: 'must be a host name, with an optional port' }]);
    return host;
  }
}
