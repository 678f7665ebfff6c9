import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { NodeInfo20, NodeInfoDiscovery } from '../../../shared/models/activitypub/nodeinfo.js';
import type { WebFingerData } from '../../../shared/models/activitypub/webfinger.js';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { notFound, validationFailed } from '../../core/errors/domain-error.js';
import { decodePercentEncoded } from '../../core/http/hostile-input.js';
import { SHOAL_VERSION } from '../../core/version.js';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { UsersRepository } from '../../modules/users/users.repository.js';
import { VideosRepository } from '../../modules/videos/videos.repository.js';

const NODEINFO_20_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/2.0';

/** WebFinger, host-meta and NodeInfo: how other servers find this instance's actors and software. */
@ApiExcludeController()
@Controller()
export class DiscoveryController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: ActorsRepository,
    private readonly users: UsersRepository,
    private readonly videos: VideosRepository,
  ) {}

  /** `acct:name@host` (accounts, channels, and `peertube`, the instance) or an actor's URL. */
  @Get('.well-known/webfinger')
  async webfinger(@Query('resource') resource: string | undefined, @Res() response: Response): Promise<void> {
    const name = this.localNameOf(resource);
    const actor = await this.actors.getLocalByName(name);
    if (!actor) throw notFound('Actor');
    const document: WebFingerData = {
      subject: `acct:${name}@${this.config.derived.host}`,
      aliases: [actor.url],
      links: [{ rel: 'self', type: 'application/activity+json', href: actor.url }],
    };
    response.setHeader('Content-Type', 'application/jrd+json; charset=utf-8');
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.send(JSON.stringify(document));
  }

  @Get('.well-known/host-meta')
  hostMeta(@Res() response: Response): void {
    const template = `${this.config.derived.url}/.well-known/webfinger?resource={uri}`;
    response.setHeader('Content-Type', 'application/xrd+xml; charset=utf-8');
    response.send(
      `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n` +
        `  <Link rel="lrdd" type="application/xrd+xml" template="${template}"/>\n</XRD>\n`,
    );
  }

  @Get('.well-known/nodeinfo')
  nodeInfoDiscovery(): NodeInfoDiscovery {
    return {
      links: [
        { rel: NODEINFO_20_SCHEMA, href: `${this.config.derived.url}/nodeinfo/2.0.json` },
        // The instance actor (FEP-2677), as PeerTube 8 names it.
        {
          rel: 'https://www.w3.org/ns/activitystreams#Application',
          href: `${this.config.derived.url}/accounts/peertube`,
        },
      ],
    };
  }

  @Get('nodeinfo/2.0.json')
  async nodeInfo(@Res() response: Response): Promise<void> {
    const [users, localPosts] = await Promise.all([this.users.countAll(), this.videos.countLocalPublished()]);
    const document: NodeInfo20 = {
      version: '2.0',
      software: { name: 'shoal', version: SHOAL_VERSION },
      protocols: ['activitypub'],
      services: { inbound: [], outbound: [] },
      openRegistrations: this.config.signup.enabled,
      // Shoal does not track activity per user: every account counts as active.
      // No comments exist yet (PeerTube 8 counts them here).
      usage: { users: { total: users, activeMonth: users, activeHalfyear: users }, localPosts, localComments: 0 },
      metadata: {
        taxonomy: { postsName: 'Videos' },
        nodeName: this.config.instance.name,
        nodeDescription: this.config.instance.short_description,
      },
    };
    response.setHeader('Content-Type', `application/json; profile="${NODEINFO_20_SCHEMA}#"`);
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.send(JSON.stringify(document));
  }

  /** The local name a WebFinger resource designates, or a 400/404 problem. */
  private localNameOf(resource: string | undefined): string {
    if (!resource) {
      throw validationFailed([{ name: 'resource', reason: 'required: acct:name@host or an actor URL' }]);
    }
    const host = this.config.derived.host;
    const acct = /^(?:acct:)?@?([^@/\s]+)@([^@/\s]+)$/.exec(resource);
    if (acct) {
      if (acct[2].toLowerCase() !== host.toLowerCase()) throw notFound('Actor');
      return acct[1];
    }
    const base = `${this.config.derived.url}/`;
    const path = resource.startsWith(base) ? resource.slice(base.length) : undefined;
    const actorPath = path === undefined ? null : /^(?:accounts|video-channels)\/([^/?#]+)$/.exec(path);
    const name = actorPath ? decodePercentEncoded(actorPath[1]) : undefined;
    if (name === undefined) throw notFound('Actor');
    return name;
  }
}
