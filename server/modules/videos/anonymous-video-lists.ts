import { Inject, Injectable } from '@nestjs/common';
import { SharedAnswers } from '../../core/concurrency/shared-answers.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { OnDomainEvent } from '../../core/events/domain-events.js';

/** Distinct anonymous list queries kept at once; beyond it, answers are computed without being kept. */
const MAX_ENTRIES = 1_000;

/**
 * Video list answers (their JSON text) of callers without a token, shared for `videos.anonymous_list_cache` (about
 * a second): a front page asked by many visitors at once costs one computation. Dropped whole, in every process, on the events
 * that change what lists show; a change no event announces shows after the TTL at most. Callers with a token never
 * come here: what they see depends on who they are.
 */
@Injectable()
export class AnonymousVideoLists {
  private readonly answers: SharedAnswers<string>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.answers = new SharedAnswers(config.videos.anonymous_list_cache, MAX_ENTRIES);
  }

  /** The list's JSON for `key` (the list's normalized query and owner), computed by `compute` when not known. */
  get(key: string, compute: () => Promise<string>): Promise<string> {
    return this.answers.get(key, compute);
  }

  // One listener per event: a method carries one event name. Each list shows these videos' fields, counters,
  // channel and account pictures, or filters on them (blocked instances).
  @OnDomainEvent('video.created', { everyProcess: true })
  onCreated(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.transcoding-failed', { everyProcess: true })
  onTranscodingFailed(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.published', { everyProcess: true })
  onPublished(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.updated', { everyProcess: true })
  onUpdated(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.deleted', { everyProcess: true })
  onDeleted(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.received', { everyProcess: true })
  onReceived(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.rated', { everyProcess: true })
  onRated(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('video.views-counted', { everyProcess: true })
  onViewsCounted(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('actor.updated', { everyProcess: true })
  onActorUpdated(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('remote-actor.updated', { everyProcess: true })
  onRemoteActorUpdated(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('server.blocked', { everyProcess: true })
  onServerBlocked(): Promise<void> {
    return this.clear();
  }

  @OnDomainEvent('server.unblocked', { everyProcess: true })
  onServerUnblocked(): Promise<void> {
    return this.clear();
  }

  private clear(): Promise<void> {
    this.answers.clear();
    return Promise.resolve();
  }
}
