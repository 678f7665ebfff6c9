import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Activity } from '../../../shared/models/activitypub/activity.js';
import { JobName } from '../../core/jobs/job-catalog.js';
import { JobsService } from '../../core/jobs/jobs.service.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { LocalSigner } from '../signatures/local-signer.service.js';

/** Activities other servers may pass on: they carry their author's Linked Data signature. */
const FORWARDABLE = new Set<Activity['type']>(['Create', 'Update', 'Delete', 'Announce']);

/**
 * Fans an activity out: one delivery job per inbox, whose id is derived from the activity and the inbox, so that
 * enqueueing the same fan-out again (after a crash mid-way) adds nothing twice. Jobs live in Redis and survive
 * restarts; retries and the per-host breaker are DeliveryProcessor's.
 */
@Injectable()
export class DeliveryService {
  constructor(
    private readonly jobs: JobsService,
    private readonly signer: LocalSigner,
  ) {}

  /**
   * `deliveryKey` names this sending of the activity (its id by default): an activity sent again on purpose, such as
   * a video's Announce when it is published anew, gets a new key so the earlier deliveries do not absorb it.
   */
  async deliver(
    activity: Activity,
    signerActorId: number,
    inboxUrls: string[],
    deliveryKey: string = activity.id,
  ): Promise<void> {
    const unsigned = { '@context': ACTIVITY_PUB_CONTEXT, ...activity } as unknown as Record<string, unknown>;
    const document = FORWARDABLE.has(activity.type)
      ? await this.signer.signDocument(signerActorId, unsigned)
      : unsigned;
    for (const inboxUrl of new Set(inboxUrls)) {
      await this.jobs.enqueue(
        { name: JobName.DeliverActivity, data: { activity: document, inboxUrl, signerActorId } },
        deliveryJobId(deliveryKey, inboxUrl),
      );
    }
  }

  /**
   * Passes on another server's activity as it was received, its author's Linked Data signature included (what lets
   * the receivers trust it), the request signed by `signerActorId` (PeerTube forwards comments on its videos so).
   */
  async forward(activity: Record<string, unknown>, signerActorId: number, inboxUrls: string[]): Promise<void> {
    for (const inboxUrl of new Set(inboxUrls)) {
      await this.jobs.enqueue(
        { name: JobName.DeliverActivity, data: { activity, inboxUrl, signerActorId } },
        deliveryJobId(`forward ${String(activity.id)}`, inboxUrl),
      );
    }
  }
}

export function deliveryJobId(deliveryKey: string, inboxUrl: string): string {
  return `deliver-${createHash('sha256').update(`${deliveryKey} ${inboxUrl}`).digest('hex')}`;
}
