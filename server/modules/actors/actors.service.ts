import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../core/config/config.js';
import { APP_CONFIG } from '../../core/config/config.module.js';
import { generateRsaKeyPair } from '../../core/crypto/keys.js';
import type { ActorEntity, ActorType } from './actor.entity.js';
import { ActorsRepository } from './actors.repository.js';

const COLLECTION_BY_TYPE: Record<ActorType, string> = {
  Person: 'accounts',
  Group: 'video-channels',
  Application: 'accounts',
};

/** Creates local actors with their URLs (the ones PeerTube uses) and their own RSA key pair. */
@Injectable()
export class ActorsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly actors: ActorsRepository,
  ) {}

  async createLocal(manager: EntityManager, type: ActorType, name: string): Promise<ActorEntity> {
    const base = this.config.derived.url;
    const url = `${base}/${COLLECTION_BY_TYPE[type]}/${name}`;
    const keys = await generateRsaKeyPair();
    return this.actors.create(manager, {
      type,
      preferredUsername: name,
      url,
      inboxUrl: `${url}/inbox`,
      outboxUrl: `${url}/outbox`,
      sharedInboxUrl: `${base}/inbox`,
      followersUrl: `${url}/followers`,
      followingUrl: `${url}/following`,
      publicKey: keys.publicKey,
      privateKey: keys.privateKey,
    });
  }

  isLocalNameTaken(name: string, manager?: EntityManager): Promise<boolean> {
    return this.actors.isLocalNameTaken(name, manager);
  }
}
