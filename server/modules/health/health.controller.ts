import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { CommonErrorCode, DomainError } from '../../core/errors/domain-error.js';
import { REDIS } from '../../core/redis/redis.module.js';

const CHECK_TIMEOUT_MS = 2_000;

/** 'ok', or why the probe failed. */
async function check(probe: () => Promise<unknown>): Promise<string> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
      ),
    ]);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

@ApiTags('Health')
@Controller('api/v1/health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer (503 problem+json otherwise)' })
  async ready(): Promise<{ status: 'ok'; checks: Record<string, string> }> {
    const [database, redis] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.redis.ping()),
    ]);
    if (database !== 'ok' || redis !== 'ok') {
      throw new DomainError(
        CommonErrorCode.ServiceUnavailable,
        HttpStatus.SERVICE_UNAVAILABLE,
        `Not ready: database ${database}; redis ${redis}`,
      );
    }
    return { status: 'ok', checks: { database, redis } };
  }
}
