import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** ioredis options of the instance's Redis; BullMQ opens its own connections from them. */
export const REDIS_OPTIONS = Symbol('REDIS_OPTIONS');
/** A shared client for short commands (rate limits, health checks). */
export const REDIS = Symbol('REDIS');

/** How to reach Redis; accepted as is by both ioredis and BullMQ. */
export interface RedisConnectionOptions {
  host?: string;
  port?: number;
  db?: number;
  username?: string;
  password?: string;
  tls?: object;
  /** Unix socket of the managed redis-server. */
  path?: string;
}

/** Where Redis is: a URL from the configuration, or the socket of the managed redis-server. */
export type RedisLocation = { url: string } | { socketPath: string };

export function toRedisOptions(location: RedisLocation): RedisConnectionOptions {
  if ('socketPath' in location) return { path: location.socketPath };
  const url = new URL(location.url);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
  };
}

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(options: RedisConnectionOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        { provide: REDIS_OPTIONS, useValue: options },
        { provide: REDIS, useFactory: () => new Redis({ ...options, maxRetriesPerRequest: 2 }) },
      ],
      exports: [REDIS_OPTIONS, REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
