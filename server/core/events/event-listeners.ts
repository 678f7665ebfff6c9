import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { discoverMethods } from '../discovery/method-discovery.js';
import { LOGGER } from '../logging/logging.module.js';
import type { DomainEventName } from './domain-events.js';
import { ON_EVENT_METADATA, type ListenerDelivery, type ListenerMetadata } from './on-domain-event.js';

type Listener = (payload: unknown, manager?: EntityManager) => Promise<unknown>;

/** The `@OnDomainEvent` methods of this process's providers, by kind, and how to run them. */
@Injectable()
export class EventListeners implements OnModuleInit {
  /** Durable consumers by `Class.method`: a consumer job names the one it runs. */
  private readonly consumers = new Map<string, Listener>();
  private readonly byEvent = new Map<ListenerDelivery, Map<DomainEventName, { owner: string; call: Listener }[]>>();
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    this.logger = logger.child({ component: 'events' });
  }

  onModuleInit(): void {
    for (const method of discoverMethods<ListenerMetadata>(this.discovery, this.scanner, ON_EVENT_METADATA)) {
      const { name, delivery } = method.key;
      if (delivery === 'consumer') this.consumers.set(method.owner, method.call);
      const byName = this.byEvent.get(delivery) ?? new Map<DomainEventName, { owner: string; call: Listener }[]>();
      byName.set(name, [...(byName.get(name) ?? []), { owner: method.owner, call: method.call }]);
      this.byEvent.set(delivery, byName);
    }
  }

  /** Runs one consumer; it throws what the consumer throws, for its job to be retried. */
  async runConsumer(consumer: string, payload: unknown): Promise<void> {
    const call = this.consumers.get(consumer);
    // Another process's code base may name a consumer this one lacks (a rename between versions): retried until a
    // process that has it takes the job, or given up with this reason.
    if (!call) throw new Error(`no consumer ${consumer} in this process`);
    await call(payload);
  }

  /** Runs the in-transaction listeners one after the other, with the emitter's EntityManager. */
  async runInTransaction(name: DomainEventName, payload: unknown, manager: EntityManager): Promise<void> {
    for (const listener of this.listenersOf('in-transaction', name)) await listener.call(payload, manager);
  }

  /** Runs the every-process listeners without waiting for them; they only drop per-process state. */
  runEveryProcess(name: DomainEventName, payload: unknown): void {
    for (const listener of this.listenersOf('every-process', name)) {
      Promise.resolve()
        .then(() => listener.call(payload))
        .catch((error: unknown) =>
          this.logger.error({ err: error, event: name, listener: listener.owner }, 'every-process listener failed'),
        );
    }
  }

  private listenersOf(delivery: ListenerDelivery, name: DomainEventName): { owner: string; call: Listener }[] {
    return this.byEvent.get(delivery)?.get(name) ?? [];
  }
}
