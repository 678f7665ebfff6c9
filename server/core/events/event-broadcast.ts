import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { LOGGER } from '../logging/logging.module.js';
import { REDIS, REDIS_OPTIONS, type RedisConnectionOptions } from '../redis/redis.module.js';
import type { DomainEventName } from './domain-events.js';
import { EventListeners } from './event-listeners.js';

interface BroadcastMessage {
  name: DomainEventName;
  payload: unknown;
}

/**
 * Redis pub/sub of domain events to every process of the instance (those sharing its Redis key prefix), where their
 * every-process listeners run. Delivery is at most once per connected process: what listens this way (caches) must
 * also expire on its own, for a process that was disconnected meanwhile.
 */
@Injectable()
export class EventBroadcast implements OnModuleInit, OnApplicationShutdown {
  private readonly channel: string;
  private readonly subscriber: Redis;
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS_OPTIONS) redisOptions: RedisConnectionOptions,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(LOGGER) logger: Logger,
    private readonly listeners: EventListeners,
  ) {
    this.channel = `${config.redis.key_prefix}:domain-events`;
    // A subscribed connection can run no other command: it is this service's own.
    this.subscriber = new Redis({ ...redisOptions, lazyConnect: true });
    this.logger = logger.child({ component: 'events' });
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel) this.receive(message);
    });
    this.subscriber.on('error', (error) => this.logger.warn({ err: error }, 'event broadcast connection error'));
    await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  async publish(name: DomainEventName, payload: unknown): Promise<void> {
    const message: BroadcastMessage = { name, payload };
    await this.redis.publish(this.channel, JSON.stringify(message));
  }

  private receive(message: string): void {
    const { name, payload } = JSON.parse(message) as BroadcastMessage;
    this.listeners.runEveryProcess(name, payload);
  }
}
