import { describe, expect, it } from 'vitest';
import { STATS_ACTIVITY_TYPES } from '../../../shared/models/server/server-stats.model.js';
import { activityPubFigures } from './server-stats.service.js';

const counts = (values: Partial<Record<(typeof STATS_ACTIVITY_TYPES)[number], number>>) =>
  Object.fromEntries(STATS_ACTIVITY_TYPES.map((type) => [type, values[type] ?? 0])) as Record<
    (typeof STATS_ACTIVITY_TYPES)[number],
    number
  >;

describe("the inbox figures of PeerTube's server stats", () => {
  it('totals successes and errors, names each type as PeerTube does, and rates since counting began', () => {
    const since = Date.parse('2026-12-01T00:00:00Z');
    const figures = activityPubFigures(
      { successes: counts({ Create: 3, View: 5 }), errors: counts({ Create: 1, Flag: 1 }), since },
      4,
      since + 10_000,
    );
    expect(figures).toMatchObject({
      totalActivityPubMessagesProcessed: 10,
      totalActivityPubMessagesSuccesses: 8,
      totalActivityPubMessagesErrors: 2,
      totalActivityPubMessagesWaiting: 4,
      activityPubMessagesProcessedPerSecond: 1,
      totalActivityPubCreateMessagesSuccesses: 3,
      totalActivityPubCreateMessagesErrors: 1,
      totalActivityPubViewMessagesSuccesses: 5,
      totalActivityPubFlagMessagesErrors: 1,
      totalActivityPubApproveReplyMessagesSuccesses: 0,
    });
    // Five totals and two figures per type.
    expect(Object.keys(figures)).toHaveLength(5 + 2 * STATS_ACTIVITY_TYPES.length);
  });

  it('does not divide by a zero age', () => {
    const now = Date.now();
    const figures = activityPubFigures({ successes: counts({ Like: 2 }), errors: counts({}), since: now }, 0, now);
    expect(figures.activityPubMessagesProcessedPerSecond).toBe(2);
  });
});
