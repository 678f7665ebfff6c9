import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import { hostOfUrl, idOf, isObject, type JsonObject } from '../activitypub/remote-document.js';
import { verifyRequest, type ResolvedKey, type SignatureVerification } from '../signatures/http-signatures.js';
import { verifyLinkedData } from '../signatures/ld-signatures.js';
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
 * (HTTP Signatures over the raw body, a recent Date, the required headers) by a key of a server that is the
 * activity's actor's (or, when forwarded, carrying its actor's Linked Data signature), about objects of that server. Processing happens later (InboxProcessor); the sender gets 202.
 */
@Injectable()
export class InboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly remoteActors: RemoteActorsService,
    private readonly servers: ServersRepository,
    private readonly jobs: JobsService,
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
    const signerHost = hostOfUrl(verification.ownerId);
    if (signerHost !== actorHost && !(await this.signedByActor(activity, actorUrl!))) {
      throw refusals.forbidden('actor_mismatch', `Signed by ${signerHost}, but the actor is on ${actorHost}.`);
    }
    const problem = originProblem(activity);
    if (problem) throw refusals.forbidden('object_origin_mismatch', problem);

    await this.jobs.enqueue({
      name: JobName.ProcessInboxActivity,
      data: { activity, signerActorUrl: verification.ownerId },
    });
  }

  /**
   * A forwarded activity (the request signed by another server) is accepted when it carries its actor's own
   * RsaSignature2017 Linked Data signature.
   */
  private async signedByActor(activity: JsonObject, actorUrl: string): Promise<boolean> {
    const signature = activity.signature;
    if (!isObject(signature) || typeof signature.creator !== 'string') return false;
    if (signature.creator.split('#')[0] !== actorUrl) return false;
    const actor = await this.remoteActors.get(actorUrl).catch(() => undefined);
    return actor !== undefined && actor.serverId !== null && verifyLinkedData(activity, actor.publicKey);
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
