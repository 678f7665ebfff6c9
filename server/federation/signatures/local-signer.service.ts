import { Injectable } from '@nestjs/common';
import { ActorsRepository } from '../../modules/actors/actors.repository.js';
import { signRequest } from './http-signatures.js';
import { signLinkedData } from './ld-signatures.js';

/**
 * Signs with a local actor's key (`<actor>#main-key`, as the actor document publishes it): outgoing requests
 * (HTTP Signatures) and documents that may be forwarded (Linked Data signatures).
 */
@Injectable()
export class LocalSigner {
  private readonly keys = new Map<number, { keyId: string; privateKeyPem: string }>();

  constructor(private readonly actors: ActorsRepository) {}

  async headers(
    actorId: number,
    request: { method: 'GET' | 'POST'; url: string; body?: string },
  ): Promise<Record<string, string>> {
    return signRequest({ ...request, ...(await this.key(actorId)) });
  }

  async signDocument<T extends Record<string, unknown>>(actorId: number, document: T): Promise<T> {
    const { keyId, privateKeyPem } = await this.key(actorId);
    return signLinkedData(document, { creator: keyId, privateKeyPem });
  }

  private async key(actorId: number): Promise<{ keyId: string; privateKeyPem: string }> {
    const cached = this.keys.get(actorId);
    if (cached) return cached;
    const [actor, privateKeyPem] = await Promise.all([
      this.actors.getById(actorId),
      this.actors.getPrivateKey(actorId),
    ]);
    if (!actor || !privateKeyPem) throw new Error(`actor ${actorId} is not a local actor with a key`);
    const key = { keyId: `${actor.url}#main-key`, privateKeyPem };
    this.keys.set(actorId, key);
    return key;
  }
}
