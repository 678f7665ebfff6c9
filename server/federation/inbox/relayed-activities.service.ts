import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../../core/logging/logging.module.js';
import { RemoteActorsService } from '../actors/remote-actors.service.js';
import {
  idOf,
  InvalidRemoteDocument,
  isObject,
  RemoteDocumentGone,
  type JsonObject,
} from '../activitypub/remote-document.js';

/** Activities exchanged between two actors only: nobody has a reason to relay them. */
const NEVER_RELAYED = new Set(['Follow', 'Accept', 'Reject']);

/**
 * What Shoal takes from an activity that another server relayed (forwarded): only its ids. Its actor's Linked Data
 * signature was checked at the inbox, but a signature covers the document's JSON-LD meaning, not the JSON the
 * handlers read, and it never expires; so, as Mastodon and PeerTube do, the object of a Create or Update is fetched
 * from its origin by id, a Delete is believed only if the origin no longer serves the object, and every other
 * activity is reduced to its type, actor and object ids.
 */
@Injectable()
export class RelayedActivitiesService {
  private readonly logger: Logger;

  constructor(
    @Inject(LOGGER) logger: Logger,
    private readonly remoteActors: RemoteActorsService,
  ) {
    this.logger = logger.child({ component: 'federation' });
  }

  /** The activity to process in place of `activity`, or undefined when there is nothing to process. */
  async resolve(activity: JsonObject): Promise<JsonObject | undefined> {
    const type = activity.type as string;
    const objectId = idOf(activity.object);
    const ids = { id: activity.id, type, actor: idOf(activity.actor) };
    if (NEVER_RELAYED.has(type) || objectId === undefined) return this.skip(activity, 'not taken from a relay');
    switch (type) {
      case 'Create':
      case 'Update': {
        const object = await this.fetchFromOrigin(objectId);
        if (!object) return this.skip(activity, `its origin does not serve ${objectId}`);
        return { ...ids, object };
      }
      case 'Delete': {
        const object = await this.fetchFromOrigin(objectId);
        if (object && object.type !== 'Tombstone') return this.skip(activity, `its origin still serves ${objectId}`);
        return { ...ids, object: objectId };
      }
      case 'Undo': {
        const undone = activity.object;
        if (!isObject(undone)) return this.skip(activity, 'an Undo without the activity it undoes');
        const undoneIds = { id: undone.id, type: undone.type, actor: idOf(undone.actor), object: idOf(undone.object) };
        return { ...ids, object: undoneIds };
      }
      default:
        return { ...ids, object: objectId };
    }
  }

  /** The document the origin serves under `id`, undefined when it answers 404 or 410. */
  private async fetchFromOrigin(id: string): Promise<JsonObject | undefined> {
    let document: unknown;
    try {
      document = await this.remoteActors.fetchDocument(id);
    } catch (error) {
      if (error instanceof RemoteDocumentGone) return undefined;
      throw error;
    }
    if (!isObject(document) || document.id !== id) {
      throw new InvalidRemoteDocument(`the origin of ${id} served a document with another id`);
    }
    return document;
  }

  private skip(activity: JsonObject, reason: string): undefined {
    this.logger.info({ activity: activity.id, type: activity.type, reason }, 'relayed activity ignored');
    return undefined;
  }
}
