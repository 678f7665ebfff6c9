import { SetMetadata } from '@nestjs/common';
import type { JobName } from './job-catalog.js';

export const ON_JOB_METADATA = 'shoal:on-job';

/**
 * Marks a provider method as the one handler of a job. The method takes the job's payload
 * (`JobPayloads[name]`), then the BullMQ job and its lock token (to postpone it), and returns a JobStatus; it throws
 * only for failures worth retrying.
 */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB_METADATA, name);
