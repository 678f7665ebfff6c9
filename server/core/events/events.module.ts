import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DomainEvents } from './domain-events.js';
import { EventBroadcast } from './event-broadcast.js';
import { EventListeners } from './event-listeners.js';
import { OutboxRelay } from './outbox-relay.js';

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [DomainEvents, EventListeners, EventBroadcast, OutboxRelay],
  exports: [DomainEvents],
})
export class EventsModule {}
