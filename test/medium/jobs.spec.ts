import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigModule } from '../../server/core/config/config.module.js';
import { JOB_OPTIONS, JobName, JobStatus, type JobPayloads } from '../../server/core/jobs/job-catalog.js';
import { JobsModule } from '../../server/core/jobs/jobs.module.js';
import { JobsService } from '../../server/core/jobs/jobs.service.js';
import { OnJob } from '../../server/core/jobs/on-job.decorator.js';
import { LoggingModule } from '../../server/core/logging/logging.module.js';
import { RedisModule, toRedisOptions } from '../../server/core/redis/redis.module.js';
import { testServices } from '../utils/services.js';
import { mediumConfig, silentLogger } from '../utils/medium.js';

@Injectable()
class RecordingHandler {
  readonly received: JobPayloads[JobName.PurgeExpiredOAuthTokens][] = [];

  @OnJob(JobName.PurgeExpiredOAuthTokens)
  handlePurge(data: JobPayloads[JobName.PurgeExpiredOAuthTokens]): Promise<JobStatus> {
    this.received.push(data);
    return Promise.resolve(JobStatus.Success);
  }
}

/** The other jobs of the catalog, so that the boot check passes. */
@Injectable()
class OtherJobsHandler {
  @OnJob(JobName.PurgeStaleUploads)
  handleStaleUploads(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.TranscodeVideo)
  handleTranscode(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.ProcessInboxActivity)
  handleInbox(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.DeliverActivity)
  handleDelivery(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.CrawlOutbox)
  handleCrawl(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.RefreshRemoteVideo)
  handleRefresh(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.FlushVideoViews)
  handleFlushViews(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.BroadcastVideoViewers)
  handleBroadcastViewers(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.PlaceVideoFiles)
  handlePlaceVideoFiles(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.ResumeTranscoding)
  handleResumeTranscoding(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.RelayDomainEvents)
  handleRelay(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.PruneDomainEvents)
  handlePrune(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }

  @OnJob(JobName.ConsumeDomainEvent)
  handleConsume(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }
}

@Injectable()
class SecondHandler {
  @OnJob(JobName.PurgeExpiredOAuthTokens)
  handlePurgeToo(): Promise<JobStatus> {
    return Promise.resolve(JobStatus.Skipped);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
async function boot(handlers: Function[]) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConfigModule.forRoot(mediumConfig()),
      LoggingModule.forRoot(silentLogger),
      RedisModule.forRoot(toRedisOptions({ url: testServices.redisUrl })),
      JobsModule,
    ],
    providers: handlers as never[],
  }).compile();
  const app = moduleRef.createNestApplication();
  await app.init();
  return app;
}

describe('job catalog and workers (real Redis, BullMQ)', () => {
  let close: (() => Promise<void>) | undefined;

  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('refuses to boot when a job has no handler', async () => {
    await expect(boot([OtherJobsHandler])).rejects.toThrow(
      'job catalog check failed: purge-expired-oauth-tokens has no handler',
    );
  });

  it('refuses to boot when a job has two handlers, naming them', async () => {
    await expect(boot([RecordingHandler, SecondHandler, OtherJobsHandler])).rejects.toThrow(
      /purge-expired-oauth-tokens has 2 handlers \(RecordingHandler\.handlePurge, SecondHandler\.handlePurgeToo\)/,
    );
  });

  it('runs an enqueued job once per job id, and schedules repeating jobs', async () => {
    const app = await boot([RecordingHandler, OtherJobsHandler]);
    close = () => app.close();
    const jobs = app.get(JobsService);
    const queue = jobs.queue(JOB_OPTIONS[JobName.PurgeExpiredOAuthTokens].queue);

    await jobs.enqueue({ name: JobName.PurgeExpiredOAuthTokens, data: {} }, 'same-id');
    await jobs.enqueue({ name: JobName.PurgeExpiredOAuthTokens, data: {} }, 'same-id');
    const handler = app.get(RecordingHandler);
    await expect.poll(() => handler.received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // The job is marked completed a moment after its handler returns.
    const completedOnce = async () => (await queue.getCompleted()).filter((job) => job.id === 'same-id');
    await expect.poll(async () => (await completedOnce()).length, { timeout: 10_000 }).toBe(1);

    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toContain(JobName.PurgeExpiredOAuthTokens);
    const completed = await completedOnce();
    expect(completed[0].returnvalue).toBe(JobStatus.Success);
  });
});
