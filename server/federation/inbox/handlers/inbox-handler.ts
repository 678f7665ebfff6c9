import type { JobStatus } from '../../../core/jobs/job-catalog.js';
import type { ActorEntity } from '../../../modules/actors/actor.entity.js';
import type { JsonObject } from '../../activitypub/remote-document.js';

/** Processes one type of activity that passed the inbox's checks; `actor` is its (fetched) actor. */
export interface InboxHandler {
  handle(activity: JsonObject, actor: ActorEntity): Promise<JobStatus>;
}
