import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Queue, Worker, type Job, type JobState as BullJobState, type JobsOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { LOGGER } from '../logging/logging.module.js';
import { runWithContext } from '../logging/request-context.js';
import { REDIS_OPTIONS, type RedisConnectionOptions } from '../redis/redis.module.js';
import { consumedQueues, JOB_OPTIONS, JobName, QueueName, type JobItem, type JobStatus } from './job-catalog.js';
import { discoverMethods } from '../discovery/method-discovery.js';
import { ON_JOB_METADATA } from './on-job.decorator.js';

/** The states the admin API lists. */
export type JobState = Extract<BullJobState, 'active' | 'completed' | 'failed' | 'waiting' | 'delayed'>;

type AnyHandler = (data: unknown, job: Job, token: string | undefined) => Promise<JobStatus>;

/**
 * Owns the BullMQ queues of this process (every queue: any process may enqueue any job) and the Workers and job
 * schedulers of the queues its roles consume (`QUEUE_CONSUMERS`), and dispatches each job to its one handler.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly consumed: QueueName[];
  private readonly workers: Worker[] = [];
  private readonly handlers = new Map<JobName, AnyHandler>();
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS_OPTIONS) private readonly redisOptions: RedisConnectionOptions,
    @Inject(LOGGER) logger: Logger,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    this.logger = logger.child({ component: 'jobs' });
    this.consumed = consumedQueues(config.server.roles);
  }

  onModuleInit(): void {
    this.collectHandlers();
    for (const queueName of Object.values(QueueName)) {
      this.queues.set(queueName, new Queue(queueName, { connection: this.redisOptions, prefix: this.prefix }));
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const queueName of this.consumed) {
      const worker = new Worker(queueName, (job, token) => this.process(job, token), {
        connection: { ...this.redisOptions, maxRetriesPerRequest: null },
        prefix: this.prefix,
        concurrency: this.concurrencyOf(queueName),
        // A job whose process died is handed to another worker once its lock expires (checked every 10 s).
        lockDuration: 15_000,
        stalledInterval: 10_000,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.error({ err: error }, 'job worker error'));
      this.workers.push(worker);
    }
    await this.scheduleRepeatingJobs();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }

  /** Enqueues a job. With `jobId`, enqueueing the same id again is a no-op while the first one exists. */
  async enqueue(item: JobItem, jobId?: string): Promise<void> {
    const options = JOB_OPTIONS[item.name];
    await this.queue(options.queue).add(item.name, item.data, { ...this.bullOptions(item.name), jobId });
  }

  /** Jobs of every queue in one state, newest first, for the admin API. */
  async list(state: JobState, start: number, count: number, name?: JobName): Promise<{ total: number; jobs: Job[] }> {
    const queues = name ? [this.queue(JOB_OPTIONS[name].queue)] : [...this.queues.values()];
    const all: Job[] = [];
    for (const queue of queues) all.push(...(await queue.getJobs([state], 0, -1, false)));
    // Scheduler placeholders (the next run of a repeating job) are not work an admin acts on.
    const relevant = all.filter((job) => (!name || job.name === String(name)) && !job.id?.startsWith('repeat:'));
    relevant.sort((a, b) => b.timestamp - a.timestamp);
    return { total: relevant.length, jobs: relevant.slice(start, start + count) };
  }

  queue(name: QueueName): Queue {
    return this.queues.get(name)!;
  }

  private concurrencyOf(queue: QueueName): number {
    switch (queue) {
      case QueueName.Maintenance:
      case QueueName.Events:
        return this.config.jobs.concurrency;
      case QueueName.Transcoding:
        return this.config.transcoding.concurrency;
      case QueueName.Federation:
        return this.config.federation.concurrency;
    }
  }

  private get prefix(): string {
    return `${this.config.redis.key_prefix}:bull`;
  }

  private bullOptions(name: JobName): JobsOptions {
    const options = { ...JOB_OPTIONS[name], ...this.configuredRetries(name) };
    return {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs, jitter: options.jitter },
      removeOnComplete: { age: options.keepCompletedSeconds },
      removeOnFail: { age: options.keepFailedSeconds },
    };
  }

  /** Retries an admin tunes: deliveries retry over about a day by default. */
  private configuredRetries(name: JobName): { attempts?: number; backoffMs?: number } {
    if (name !== JobName.DeliverActivity) return {};
    const { attempts, first_retry } = this.config.federation.delivery;
    return { attempts, backoffMs: first_retry };
  }

  /** Periods an admin tunes. */
  private configuredPeriod(name: JobName): number {
    if (name === JobName.FlushVideoViews) return this.config.views.flush_interval;
    if (name === JobName.BroadcastVideoViewers) return this.config.views.viewer_window;
    if (name === JobName.RelayDomainEvents) return this.config.events.sweep_interval;
    throw new Error(`job ${name} has no configured period`);
  }

  private async scheduleRepeatingJobs(): Promise<void> {
    for (const name of this.consumedJobs()) {
      const { everyMs, queue } = JOB_OPTIONS[name];
      if (everyMs === undefined) continue;
      await this.queue(queue).upsertJobScheduler(
        name,
        { every: everyMs === 'configured' ? this.configuredPeriod(name) : everyMs },
        { name, data: {}, opts: this.bullOptions(name) },
      );
    }
  }

  private async process(job: Job, token: string | undefined): Promise<JobStatus> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`no handler for job ${job.name}`);
    return runWithContext({ correlationId: `job:${job.id}` }, async () => {
      const status = await handler(job.data, job, token);
      this.logger.debug({ job: job.name, jobId: job.id, status }, 'job done');
      return status;
    });
  }

  /** The jobs of the queues this process consumes. */
  private consumedJobs(): JobName[] {
    return Object.values(JobName).filter((name) => this.consumed.includes(JOB_OPTIONS[name].queue));
  }

  /**
   * Boot check: every job this process consumes has exactly one `@OnJob` handler. Jobs of other queues are not
   * looked for: an api process enqueues transcoding without holding its handler.
   */
  private collectHandlers(): void {
    const jobs = this.consumedJobs();
    const found = discoverMethods<JobName>(this.discovery, this.scanner, ON_JOB_METADATA).filter((method) =>
      jobs.includes(method.key),
    );
    const problems = jobs.flatMap((name) => {
      const owners = found.filter((method) => method.key === name).map((method) => method.owner);
      if (owners.length === 1) return [];
      return [
        owners.length === 0 ? `${name} has no handler` : `${name} has ${owners.length} handlers (${owners.join(', ')})`,
      ];
    });
    if (problems.length > 0) throw new Error(`job catalog check failed: ${problems.join('; ')}`);
    for (const method of found) this.handlers.set(method.key, method.call as AnyHandler);
  }
}
