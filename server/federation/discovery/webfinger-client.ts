import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { InvalidRemoteDocument, isObject, urlField } from '../activitypub/remote-document.js';
import { FederationHttpClient } from '../http/federation-http-client.js';

/** WebFinger lookups of other instances' actors (`acct:name@host`), over the scheme this instance uses itself. */
@Injectable()
export class WebFingerClient {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly http: FederationHttpClient,
  ) {}

  /**
   * The ActivityPub id of `acct:name@host` (its `self` link); undefined when the host knows no such name (404 or
   * 410), an InvalidRemoteDocument when its answer names no actor.
   */
  async actorUrl(name: string, host: string): Promise<string | undefined> {
    const scheme = this.config.server.https ? 'https' : 'http';
    const resource = encodeURIComponent(`acct:${name}@${host}`);
    const { status, json } = await this.http.getJson(`${scheme}://${host}/.well-known/webfinger?resource=${resource}`);
    if (status === 404 || status === 410) return undefined;
    if (status !== 200) throw new InvalidRemoteDocument(`its WebFinger answered ${status}`);
    const links = isObject(json) && Array.isArray(json.links) ? (json.links as unknown[]) : [];
    const self = links.find((link) => isObject(link) && link.rel === 'self' && typeof link.href === 'string');
    if (!isObject(self)) throw new InvalidRemoteDocument('its WebFinger answer has no self link');
    return urlField(self, 'href');
  }
}
