import { SetMetadata } from '@nestjs/common';
import type { DomainEventName } from './domain-events.js';

/** How a listener is run; see OnDomainEvent. */
export type ListenerDelivery = 'consumer' | 'every-process' | 'in-transaction';

export interface OnDomainEventOptions {
  /**
   * Runs in every process of the instance, not as a job: for per-process state such as caches. The emitting process
   * runs it right after the commit (so its next request sees the change), the others when the relay broadcasts the
   * event through Redis. It must be idempotent and cheap; a failure is only logged.
   */
  everyProcess?: boolean;
  /**
   * Runs inside the emitter's transaction, before `emit` returns, with its EntityManager as second argument: for
   * events announcing a deletion (`*.deleting`), whose listeners must read rows before they go. A failure rolls the
   * change back.
   */
  inTransaction?: boolean;
}

export interface ListenerMetadata {
  name: DomainEventName;
  delivery: ListenerDelivery;
}

export const ON_EVENT_METADATA = 'shoal:on-event';

/**
 * Consumers (`Class.method`) of each event, filled as classes are defined rather than when Nest instantiates them:
 * the relay enqueues a job for every consumer of the code base, even one whose module this process does not run.
 */
const consumersByEvent = new Map<DomainEventName, Set<string>>();

/** Events some listener of the code base must hear in every process: the relay broadcasts them. */
const broadcastEvents = new Set<DomainEventName>();

export function consumersOf(name: DomainEventName): string[] {
  return [...(consumersByEvent.get(name) ?? [])];
}

export function isBroadcast(name: DomainEventName): boolean {
  return broadcastEvents.has(name);
}

/**
 * Marks a provider method as a listener of a domain event; it receives the payload. By default it is a durable
 * consumer: after the emitter's commit, one job runs it (in a worker process), retried until it succeeds, and its
 * failure never reaches the emitter. See OnDomainEventOptions for the other two kinds.
 */
export const OnDomainEvent =
  (name: DomainEventName, options: OnDomainEventOptions = {}): MethodDecorator =>
  (target, key, descriptor) => {
    const delivery: ListenerDelivery = options.everyProcess
      ? 'every-process'
      : options.inTransaction
        ? 'in-transaction'
        : 'consumer';
    if (delivery === 'consumer') {
      const consumers = consumersByEvent.get(name) ?? new Set<string>();
      consumers.add(`${target.constructor.name}.${String(key)}`);
      consumersByEvent.set(name, consumers);
    }
    if (delivery === 'every-process') broadcastEvents.add(name);
    SetMetadata<string, ListenerMetadata>(ON_EVENT_METADATA, { name, delivery })(target, key, descriptor);
  };
