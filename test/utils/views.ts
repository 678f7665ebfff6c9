import { Queue } from 'bullmq';
import { JOB_OPTIONS, JobName } from '../../server/core/jobs/job-catalog.js';
import type { TestInstance } from './instance.js';
import { testServices } from './services.js';
import { waitForJobs } from './wait-for-jobs.js';

/**
 * Runs the views flush of an instance now (it otherwise runs every views.flush_interval, an hour in tests) and waits
 * for it and what it triggers (Updates to followers): buffered views reach the database.
 */
export async function flushViews(instance: TestInstance): Promise<void> {
  const queue = new Queue(JOB_OPTIONS[JobName.FlushVideoViews].queue, {
    connection: { url: testServices.redisUrl },
    prefix: `${instance.redisPrefix}:bull`,
  });
  try {
    await queue.add(JobName.FlushVideoViews, {}, { removeOnComplete: true, removeOnFail: true });
  } finally {
    await queue.close();
  }
  await waitForJobs(instance);
}
