import { Injectable, SetMetadata, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { discoverMethods } from '../discovery/method-discovery.js';

/**
 * Domain events, by name, with their payloads. Modules emit them; other modules and the subsystems
 * (federation, transcoding, tracker) react without the emitter knowing them.
 */
export interface DomainEventMap {
  /** A user's password, role or blocked state changed: existing sessions must end. */
  'user.credentials-changed': { userId: number };
  /** About to be deleted with everything it owns: listeners remove what is theirs (e.g. video files). */
  'channel.deleting': { channelId: number };
  'account.deleting': { accountId: number };
  /** Transcoding finished: the video has files and is published. */
  'video.published': { videoId: number; uuid: string };
  /** Metadata or privacy changed. */
  'video.updated': { videoId: number; uuid: string };
  /**
   * The video and its files are gone. `federated`: a local video other instances knew (public or unlisted,
   * published), which they must now drop; `url` and `accountActorId` say which and by whom.
   */
  'video.deleted': { videoId: number; uuid: string; url: string; federated: boolean; accountActorId: number | null };
  /**
   * A local account (`actorId`: its actor) rated a video (`null`: no rate), replacing `previous`; the video's
   * origin, or for a local video the followers, must know.
   */
  'video.rated': {
    videoId: number;
    actorId: number;
    previous: 'like' | 'dislike' | null;
    rating: 'like' | 'dislike' | null;
  };
  /**
   * A comment was stored on a video, local or received from another instance. `heldForReview`: the video's
   * policy requires approval, and the comment is not shown until its owner approves it. `inReplyToAccountId`:
   * the author of the comment it answers (null for a thread's first comment).
   */
  'comment.created': {
    commentId: number;
    videoId: number;
    authorAccountId: number;
    inReplyToAccountId: number | null;
    heldForReview: boolean;
  };
  /** A viewer here watched another instance's video: its origin counts the view. */
  'video.viewed': { videoId: number };
  /**
   * A viewer here is watching another instance's video (new, or not reported for most of `views.viewer_window`):
   * its origin counts them among the video's concurrent viewers. `viewerId`: an opaque, stable id of the viewer.
   */
  'video.watching': { videoId: number; viewerId: string };
  /** A local video has viewers now (sent every views.viewer_window while it has): followers get the figure. */
  'video.viewers-counted': { videoId: number; uuid: string; viewers: number };
  /** The views flush raised a local video's view counter: followers get the new figure. */
  'video.views-counted': { videoId: number; uuid: string };
  /** An administrator blocked an instance: follows with it and its content must go. */
  'server.blocked': { host: string };
}

export type DomainEventName = keyof DomainEventMap;

const ON_EVENT_METADATA = 'shoal:on-event';

/** Marks a provider method as a listener of a domain event; it receives the payload. */
export const OnDomainEvent = (name: DomainEventName): MethodDecorator => SetMetadata(ON_EVENT_METADATA, name);

/** In-process event bus; `emit` resolves once every listener has finished, so effects are visible to the caller. */
@Injectable()
export class DomainEvents implements OnModuleInit {
  private readonly listeners = new Map<DomainEventName, ((payload: unknown) => Promise<unknown>)[]>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onModuleInit(): void {
    for (const method of discoverMethods<DomainEventName>(this.discovery, this.scanner, ON_EVENT_METADATA)) {
      this.listeners.set(method.key, [...(this.listeners.get(method.key) ?? []), method.call]);
    }
  }

  async emit<N extends DomainEventName>(name: N, payload: DomainEventMap[N]): Promise<void> {
    await Promise.all((this.listeners.get(name) ?? []).map((listener) => listener(payload)));
  }
}
