import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { QueueName } from '../../server/core/jobs/job-catalog.js';
import { testServices } from './services.js';
import type { TestInstance } from './instance.js';

const POLL_MS = 200;

async function pendingJobs(instance: TestInstance): Promise<number> {
  let pending = 0;
  for (const name of Object.values(QueueName)) {
    const queue = new Queue(name, {
      connection: { url: testServices.redisUrl },
      prefix: `${instance.redisPrefix}:bull`,
    });
    try {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children');
      // Delayed jobs count (retries), except the next run of a repeating schedule, which is always there.
      const delayed = await queue.getDelayed();
      pending += Object.values(counts).reduce((sum, count) => sum + count, 0);
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
