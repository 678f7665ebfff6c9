import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { JobName, QueueName } from '../../server/core/jobs/job-catalog.js';
import { queryDatabase, testServices } from './services.js';
import type { TestInstance } from './instance.js';

const POLL_MS = 200;

async function pendingJobs(instance: TestInstance): Promise<number> {
  // Domain events committed but not relayed yet are jobs to come.
  let pending = instance.usesTestDatabase
    ? (
        await queryDatabase<{ unrelayed: number }>(
          instance.databaseName,
          'SELECT count(*)::int AS unrelayed FROM domain_events WHERE relayed_at IS NULL',
        )
      )[0].unrelayed
    : 0;
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, {
      connection: { url: testServices.redisUrl },
      prefix: `${instance.redisPrefix}:bull`,
    });
    try {
      const running = await queue.getJobs(['waiting', 'active', 'prioritized', 'waiting-children']);
      // Delayed jobs count (retries), except the next run of a repeating schedule, which is always there.
      const delayed = await queue.getDelayed();
      // The sweep of domain events runs every second and is work only when it relays something (jobs then).
      pending += running.filter((job) => job.name !== String(JobName.RelayDomainEvents)).length;
      pending += delayed.filter((job) => !job.repeatJobKey && !job.id?.startsWith('repeat:')).length;
    } finally {
      await queue.close();
    }
  }
  return pending;
}

/**
 * Resolves once no instance has a job waiting, running or scheduled for retry, checked twice in a row
 * (a finishing job may enqueue a follow-up). Makes federation tests deterministic instead of sleeping.
 */
export async function waitForJobs(...instances: TestInstance[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  let quietPolls = 0;
  while (quietPolls < 2) {
    if (Date.now() > deadline) throw new Error('jobs still pending after 120 s');
    const pending = (await Promise.all(instances.map(pendingJobs))).reduce((sum, count) => sum + count, 0);
    quietPolls = pending === 0 ? quietPolls + 1 : 0;
    await sleep(POLL_MS);
  }
}
