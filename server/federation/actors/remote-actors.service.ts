import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { LOGGER } from '../../core/logging/logging.module.js';
import { InstanceAccountService } from '../../modules/accounts/instance-account.service.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import { ActorImagesRepository } from '../../modules/actors/actor-images.repository.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { hostOf } from '../../modules/servers/host.js';
import { ServersRepository } from '../../modules/servers/servers.repository.js';
import { hostOfUrl, idOf, InvalidRemoteDocument, RemoteDocumentGone } from '../activitypub/remote-document.js';
import { FederationHttpClient, FederationRequestError } from '../http/federation-http-client.js';
import { LocalSigner } from '../signatures/local-signer.service.js';
import { sanitizeRemoteActor, type SanitizedActor } from './remote-actor.sanitizer.js';

/** A cached remote actor is fetched again after this long. */
const REFRESH_AFTER_MS = 24 * 3_600_000;

/** Whether a cached remote actor was fetched recently enough to be used as it is. */
export function isFresh(actor: ActorEntity): boolean {
  return actor.fetchedAt !== null && Date.now() - actor.fetchedAt.getTime() < REFRESH_AFTER_MS;
}

/**
 * Actors by ActivityPub id: this instance's from the database, remote ones from a cache refreshed from their
 * origin (a GET signed by the instance actor, as servers in secure mode require).
 */
@Injectable()
export class RemoteActorsService {
  private readonly logger: Logger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) logger: Logger,
    private readonly http: FederationHttpClient,
    private readonly actors: ActorsRepository,
    private readonly actorImages: ActorImagesRepository,
    private readonly servers: ServersRepository,
    private readonly instanceAccount: InstanceAccountService,
    private readonly signer: LocalSigner,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  /** `refresh` fetches even a fresh cached copy (a signature that fails may mean the key changed). */
  async get(url: string, options: { refresh?: boolean } = {}): Promise<ActorEntity> {
    const cached = await this.actors.getByUrl(url);
    if (cached && cached.serverId === null) return cached;
    if (cached && isFresh(cached) && !options.refresh) return cached;
    return this.fetch(url);
  }

  /**
   * A signed GET of an ActivityPub document (actor, object, collection) from another server. What it claims to be
   * (its `id`) must be on the host that served it, which is the host asked (the client follows no redirect to
   * another host). 404 and 410 throw RemoteDocumentGone.
   */
  async fetchDocument(url: string): Promise<unknown> {
    const instanceActorId = (await this.instanceAccount.get()).actorId;
    const headers = await this.signer.headers(instanceActorId, { method: 'GET', url });
    const response = await this.http.getJson(url, { headers }).catch((error: unknown) => {
      // Not a passing failure: the same request would be redirected again.
      if (error instanceof FederationRequestError && error.kind === 'cross_origin_redirect') {
        throw new InvalidRemoteDocument(error.message);
      }
      throw error;
    });
    if (response.status === 404 || response.status === 410) throw new RemoteDocumentGone(`${url} is gone`);
    if (response.status !== 200) throw new InvalidRemoteDocument(`${url} answered ${response.status}`);
    const id = idOf(response.json);
    if (id !== undefined && hostOfUrl(id) !== hostOfUrl(response.url)) {
      throw new InvalidRemoteDocument(`${response.url} served a document of another host (${id})`);
    }
    return response.json;
  }

  /** Fetches a remote actor now, with the profile its account or channel shows. */
  async fetchWithProfile(
    url: string,
  ): Promise<{ actor: ActorEntity } & Pick<SanitizedActor, 'profile' | 'attributedTo'>> {
    if (hostOf(url) === this.config.derived.host) throw new InvalidRemoteDocument(`${url} is not a remote actor`);
    const sanitized = sanitizeRemoteActor(await this.fetchDocument(url), url);
    const actor = await this.store(sanitized);
    this.logger.debug({ actor: actor.url }, 'fetched remote actor');
    return { actor, profile: sanitized.profile, attributedTo: sanitized.attributedTo };
  }

  /** Stores a remote actor as sanitized from its document, with its avatars and banners. */
  async store({ fields, images }: SanitizedActor): Promise<ActorEntity> {
    const serverId = await this.servers.idOf(hostOf(fields.url));
    const actor = await this.actors.upsertRemote({ ...fields, serverId });
    await this.actorImages.syncRemote(actor.id, 'avatar', images.avatar);
    await this.actorImages.syncRemote(actor.id, 'banner', images.banner);
    return actor;
  }

  private async fetch(url: string): Promise<ActorEntity> {
    return (await this.fetchWithProfile(url)).actor;
  }
}
