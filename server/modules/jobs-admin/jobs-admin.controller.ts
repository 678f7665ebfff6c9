import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { ResultList } from '../../../shared/models/common.js';
import type { Job, JobState } from '../../../shared/models/server/job.model.js';
import { UserRight } from '../../../shared/models/users/user-role.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { PaginationQueryDto } from '../../core/http/pagination.js';
import { validationFailed } from '../../core/errors/domain-error.js';
import { RequireRight } from '../auth/auth.decorators.js';

const STATES: JobState[] = ['active', 'completed', 'failed', 'waiting', 'delayed'];

class ListJobsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: Object.values(JobName) })
  @IsOptional()
  @IsIn(Object.values(JobName))
  jobType?: JobName;
}

@ApiTags('Job')
@Controller('api/v1/jobs')
export class JobsAdminController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':state')
  @RequireRight(UserRight.ManageJobs)
  @ApiOperation({ summary: 'List jobs in a state (active, completed, failed, waiting, delayed)' })
  async list(@Param('state') state: string, @Query() query: ListJobsQueryDto): Promise<ResultList<Job>> {
    if (!STATES.includes(state as JobState))
      throw validationFailed([{ name: 'state', reason: `must be one of ${STATES.join(', ')}` }]);
    const { total, jobs } = await this.jobs.list(state as JobState, query.start, query.count, query.jobType);
    return {
      total,
      data: jobs.map((job) => ({
        id: job.id ?? '',
        state: state as JobState,
        type: job.name,
        data: job.data as unknown,
        progress: typeof job.progress === 'number' ? job.progress : 0,
        error: job.failedReason ?? null,
        attempts: job.attemptsMade,
        createdAt: new Date(job.timestamp).toISOString(),
        processedOn: job.processedOn ? new Date(job.processedOn).toISOString() : null,
        finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      })),
    };
  }
}
