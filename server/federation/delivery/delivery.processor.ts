import { Inject, Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { JobName, JobStatus, type JobPayloads } from '../../core/jobs/job-catalog.js';
import { OnJob } from '../../core/jobs/on-job.decorator.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { hostOf } from '../../modules/servers/host.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { FederationHttpClient } from '../http/federation-http-client.js';
import { LocalSigner } from '../signatures/local-signer.service.js';
import { HostCircuitBreaker } from './host-circuit-breaker.js';

/** Statuses worth retrying among the 4xx ones: the server asked to come back later. */
const RETRYABLE_CLIENT_ERRORS = new Set([408, 429]);

/** Sends one signed activity to one inbox (see DeliveryService). */
@Injectable()
export class DeliveryProcessor {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly http: FederationHttpClient,
    private readonly signer: LocalSigner,
    private readonly servers: ServersRepository,
    private readonly breaker: HostCircuitBreaker,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  @OnJob(JobName.DeliverActivity)
  async deliver(
    { activity, inboxUrl, signerActorId }: JobPayloads[JobName.DeliverActivity],
    job: Job,
    token: string | undefined,
  ): Promise<JobStatus> {
    const host = hostOf(inboxUrl);
    if (await this.servers.isBlocked(host)) return JobStatus.Skipped;
    const parkedUntil = await this.breaker.parkedUntil(host);
    if (parkedUntil !== undefined) {
      // Waits for the breaker without spending an attempt.
      await job.moveToDelayed(parkedUntil, token);
      throw new DelayedError();
    }

    const body = JSON.stringify(activity);
    const headers = await this.signer.headers(signerActorId, { method: 'POST', url: inboxUrl, body });
    let status: number;
    try {
      ({ status } = await this.http.post(inboxUrl, body, { headers }));
    } catch (error) {
      await this.breaker.recordFailure(host);
      throw error;
    }
    if (status >= 200 && status < 300) {
      await this.breaker.recordSuccess(host);
      return JobStatus.Success;
    }
    if (status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status)) {
      // The server understood and refused (a block, a bad signature): trying again would get the same answer.
      this.logger.info({ inboxUrl, status, activity: activity.id }, 'delivery refused');
      throw new UnrecoverableError(`${inboxUrl} refused the activity with ${status}`);
    }
    await this.breaker.recordFailure(host);
    throw new Error(`${inboxUrl} answered ${status}`);
  }
}
