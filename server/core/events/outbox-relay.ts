import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { JobName, JobStatus, type JobPayloads } from '../jobs/job-catalog.js';
import { JobsService } from '../jobs/jobs.service.js';
import { OnJob } from '../jobs/on-job.decorator.js';
import { LOGGER } from '../logging/logging.module.js';
import type { DomainEventName } from './domain-events.js';
import { EventBroadcast } from './event-broadcast.js';
import { EventListeners } from './event-listeners.js';
import { consumersOf, isBroadcast } from './on-domain-event.js';

/** Events claimed per relay transaction. */
const BATCH_SIZE = 100;

interface OutboxRow {
  id: string;
  name: DomainEventName;
  payload: unknown;
}

/**
 * Turns committed outbox rows into work: one consume-domain-event job per (event, consumer), and a broadcast of the
 * events every-process listeners hear. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so any number of processes
 * relay at once without taking the same event; the jobs are enqueued before the row is marked relayed, with ids made
 * of the event's id and the consumer, so a relay that dies in between leaves jobs that the next one adds nothing to.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger: Logger;
  private readonly keepRelayedMs: number;
  /** The relay running in this process, if any; a kick meanwhile asks it for one more pass. */
  private running: Promise<unknown> | undefined;
  private kickedWhileRunning = false;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly broadcast: EventBroadcast,
    private readonly listeners: EventListeners,
  ) {
    this.logger = logger.child({ component: 'events' });
    this.keepRelayedMs = config.events.keep_relayed;
  }

  /**
   * Relays soon, without waiting: called after a commit that wrote events. A failure is logged; the sweep
   * (`relay-domain-events`) relays what is left.
   */
  kick(): void {
    if (this.running) {
      this.kickedWhileRunning = true;
      return;
    }
    this.running = this.relayUntilEmpty()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'relaying domain events failed; the sweep will'))
      .finally(() => {
        this.running = undefined;
        if (this.kickedWhileRunning) {
          this.kickedWhileRunning = false;
          this.kick();
        }
      });
  }

  /** Relays batches until none is left unclaimed; answers how many events it relayed. */
  async relayUntilEmpty(): Promise<number> {
    let total = 0;
    for (;;) {
      const relayed = await this.relayBatch();
      total += relayed;
      if (relayed < BATCH_SIZE) return total;
    }
  }

  /** One transaction: claim up to a batch of unrelayed events, enqueue and broadcast them, mark them relayed. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, name, payload FROM domain_events WHERE relayed_at IS NULL ORDER BY id LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      for (const row of rows) await this.hand(row);
      await manager.query('UPDATE domain_events SET relayed_at = now() WHERE id = ANY($1::bigint[])', [
        rows.map((row) => row.id),
      ]);
      return rows.length;
    });
  }

  private async hand(row: OutboxRow): Promise<void> {
    await Promise.all(
      consumersOf(row.name).map((consumer) =>
        this.jobs.enqueue(
          {
            name: JobName.ConsumeDomainEvent,
            data: { eventId: row.id, name: row.name, payload: row.payload, consumer },
          },
          `event-${row.id}-${consumer}`,
        ),
      ),
    );
    if (isBroadcast(row.name)) await this.broadcast.publish(row.name, row.payload);
  }

  @OnJob(JobName.ConsumeDomainEvent)
  async consume({ consumer, payload }: JobPayloads[JobName.ConsumeDomainEvent]): Promise<JobStatus> {
    await this.listeners.runConsumer(consumer, payload);
    return JobStatus.Success;
  }

  @OnJob(JobName.RelayDomainEvents)
  async sweep(): Promise<JobStatus> {
    const relayed = await this.relayUntilEmpty();
    if (relayed > 0) this.logger.info({ events: relayed }, 'sweep relayed domain events left behind');
    return relayed > 0 ? JobStatus.Success : JobStatus.Skipped;
  }

  @OnJob(JobName.PruneDomainEvents)
  async prune(): Promise<JobStatus> {
    await this.dataSource.query('DELETE FROM domain_events WHERE relayed_at < $1', [
      new Date(Date.now() - this.keepRelayedMs),
    ]);
    return JobStatus.Success;
  }
}
