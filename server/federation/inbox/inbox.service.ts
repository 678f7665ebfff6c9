import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { REDIS } from '../../core/redis/redis.module.js';
import { CommentsRepository } from '../../modules/comments/comments.repository.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf, isObject, type JsonObject } from '../activitypub/remote-document.js';
import { verifyRequest, type ResolvedKey, type SignatureVerification } from '../signatures/http-signatures.js';
import { untrustedContextProblem } from '../signatures/json-ld-context-policy.js';
import { signatureTimeProblem, verifyLinkedData } from '../signatures/ld-signatures.js';
import { originProblem } from './activity-origin.js';

/** The body parser keeps the bytes it parsed (server/bootstrap.ts): signatures are checked over them. */
export type RawBodyRequest = Request & { rawBody?: Buffer };

const refusals = {
  invalid: (detail: string) => new DomainError('invalid_activity', HttpStatus.BAD_REQUEST, detail),
  signature: (detail: string) => new DomainError('invalid_signature', HttpStatus.UNAUTHORIZED, detail),
  blocked: (host: string) => new DomainError('server_blocked', HttpStatus.FORBIDDEN, `${host} is blocked here.`),
  forbidden: (code: string, detail: string) => new DomainError(code, HttpStatus.FORBIDDEN, detail),
};

/**
 * The checks an incoming activity passes before it is queued: a JSON activity, not from a blocked server, signed
 * (HTTP Signatures over the raw body, a recent Date, the required headers) by its actor's key, or relayed by another
 * actor and then carrying its actor's recent Linked Data signature in trusted JSON-LD contexts; about objects of its
 * actor's server; not received before. Processing happens later (InboxProcessor, which for a relayed activity trusts
 * only the ids); the sender gets 202.
 */
@Injectable()
export class InboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly remoteActors: RemoteActorsService,
    private readonly servers: ServersRepository,
    private readonly jobs: JobsService,
    private readonly comments: CommentsRepository,
  ) {}

  async receive(request: RawBodyRequest): Promise<void> {
    const activity: unknown = request.body;
    if (!request.rawBody || !isObject(activity)) throw refusals.invalid('The body must be a JSON activity.');
    const actorUrl = idOf(activity.actor);
    const actorHost = hostOfUrl(actorUrl);
    if (typeof activity.type !== 'string' || typeof activity.id !== 'string' || !actorHost) {
      throw refusals.invalid('An activity needs a type, an id and an actor.');
    }
    if (await this.servers.isBlocked(actorHost)) throw refusals.blocked(actorHost);

    const verification = await this.verify(request, request.rawBody);
    if (!verification.ok) throw refusals.signature(`${verification.reason}: ${verification.detail}`);
    // One actor's key speaks for that actor only, even among the actors of one server.
    const relayed = verification.ownerId !== actorUrl;
    if (relayed) await this.checkRelayed(activity, actorUrl!, verification.ownerId);
    const problem = originProblem(activity);
    if (problem && !(await this.isCommentDeletionByVideoOwner(activity))) {
      throw refusals.forbidden('object_origin_mismatch', problem);
    }

    // What vouches for the activity: its actor's HTTP signature, or, relayed, its actor's Linked Data signature.
    const signature = relayed
      ? Buffer.from((activity.signature as { signatureValue: string }).signatureValue, 'base64')
      : verification.signature;
    const receipt = this.receiptKey(actorUrl!, activity.id, signature);
    if (!(await this.firstReceipt(receipt))) return;
    try {
      await this.jobs.enqueue({
        name: JobName.ProcessInboxActivity,
        data: { activity, signerActorUrl: verification.ownerId },
      });
    } catch (error) {
      // Not queued: the sender's retry must not be taken for a replay.
      await this.redis.del(receipt);
      throw error;
    }
  }

  /**
   * An activity relayed (forwarded) by another actor than its own is accepted when it carries its actor's own
   * RsaSignature2017 Linked Data signature, recent, over contexts that give its JSON keys their usual meaning.
   */
  private async checkRelayed(activity: JsonObject, actorUrl: string, signerUrl: string): Promise<void> {
    const signature = activity.signature;
    const mismatch = () =>
      refusals.forbidden('actor_mismatch', `Signed by ${signerUrl}, without a valid signature of ${actorUrl}.`);
    if (!isObject(signature) || typeof signature.creator !== 'string') throw mismatch();
    if (signature.creator.split('#')[0] !== actorUrl) throw mismatch();
    const contextProblem = untrustedContextProblem(activity);
    if (contextProblem) throw refusals.forbidden('untrusted_context', contextProblem);
    const { relayed_signature_max_age: maxAgeMs, signature_max_age: maxSkewMs } = this.config.federation;
    const timeProblem = signatureTimeProblem(activity, { maxAgeMs, maxSkewMs });
    if (timeProblem) throw refusals.forbidden('stale_signature', timeProblem);
    const actor = await this.remoteActors.get(actorUrl).catch(() => undefined);
    if (!actor || actor.serverId === null || !(await verifyLinkedData(activity, actor.publicKey))) throw mismatch();
  }

  /**
   * The one Delete of an object of another server that is taken: the owner of a video deleting a comment on it, as
   * PeerTube's video owners do (the comment's author is elsewhere).
   */
  private async isCommentDeletionByVideoOwner(activity: JsonObject): Promise<boolean> {
    const objectId = idOf(activity.object);
    if (activity.type !== 'Delete' || objectId === undefined) return false;
    const comment = await this.comments.getByUrl(objectId);
    return comment !== null && comment.video.channel.account.actor.url === idOf(activity.actor);
  }

  /**
   * Whether this signed activity is received for the first time (and records it). A replay, or another relay of the
   * same signed activity, carries the same signature, which nobody but its actor can make anew; an actor that sends
   * an id again on purpose signs it again (PeerTube reuses the ids of a Follow or a Like after their Undo).
   */
  private async firstReceipt(key: string): Promise<boolean> {
    return (await this.redis.set(key, '1', 'PX', this.config.federation.activity_dedup_ttl, 'NX')) === 'OK';
  }

  private receiptKey(actorUrl: string, activityId: string, signature: Buffer): string {
    const digest = createHash('sha256').update(`${actorUrl} ${activityId} `).update(signature).digest('hex');
    return `${this.config.redis.key_prefix}:federation:inbox-received:${digest}`;
  }

  /** Verifies with the cached key first and, if that fails, once more with a fresh copy (keys get rotated). */
  private async verify(request: RawBodyRequest, rawBody: Buffer): Promise<SignatureVerification> {
    if (request.headers.host?.toLowerCase() !== this.config.derived.host) {
      return { ok: false, reason: 'bad_signature', detail: `addressed to ${request.headers.host}, not this instance` };
    }
    const attempt = (refresh: boolean) =>
      verifyRequest(
        {
          method: request.method,
          path: request.originalUrl,
          url: `${this.config.derived.url}${request.originalUrl}`,
          headers: request.headers,
          rawBody,
        },
        { maxAgeMs: this.config.federation.signature_max_age, resolveKey: (keyId) => this.resolveKey(keyId, refresh) },
      );
    const first = await attempt(false);
    return !first.ok && first.reason === 'bad_signature' ? attempt(true) : first;
  }

  /** The key `<actor>#...` of a remote actor; none for blocked servers or actors that cannot be fetched. */
  private async resolveKey(keyId: string, refresh: boolean): Promise<ResolvedKey | undefined> {
    const actorUrl = keyId.split('#')[0];
    const host = hostOfUrl(actorUrl);
    if (!host || (await this.servers.isBlocked(host))) return undefined;
    const actor = await this.remoteActors.get(actorUrl, { refresh }).catch(() => undefined);
    return actor && actor.serverId !== null ? { publicKeyPem: actor.publicKey, ownerId: actor.url } : undefined;
  }
}
