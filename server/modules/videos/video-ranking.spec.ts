import { describe, expect, it } from 'vitest';
import { HOT_HALF_DAY_SECONDS, hotScore, hotScoreSql, trendingSince, type HotInputs } from './video-ranking.js';

const publishedAt = new Date('2026-12-01T00:00:00Z');
const video = (changes: Partial<HotInputs>): HotInputs => ({
  likes: 0,
  dislikes: 0,
  views: 0,
  comments: 0,
  publishedAt,
  ...changes,
});

describe("PeerTube's hot score", () => {
  it('counts likes from the second one on, views from the first, comments from the second', () => {
    const base = hotScore(video({}));
    expect(hotScore(video({ likes: 1 }))).toBe(base);
    expect(hotScore(video({ likes: 2 }))).toBe(base);
    expect(hotScore(video({ likes: 3 }))).toBeCloseTo(base + Math.log10(2) * 150);
    expect(hotScore(video({ views: 9 }))).toBeCloseTo(base + 16);
    expect(hotScore(video({ comments: 1 }))).toBe(base);
    expect(hotScore(video({ comments: 10 }))).toBeCloseTo(base + 100);
    expect(hotScore(video({ dislikes: 11 }))).toBeCloseTo(base - 150);
  });

  it('weighs a few likes above many views, and age in half-days', () => {
    expect(hotScore(video({ likes: 3 }))).toBeGreaterThan(hotScore(video({ views: 50 })));
    const halfDayLater = new Date(publishedAt.getTime() + HOT_HALF_DAY_SECONDS * 1000);
    expect(hotScore(video({ publishedAt: halfDayLater })) - hotScore(video({}))).toBeCloseTo(1);
    // Ten times the views (16) is worth more than a week of age (12.9), less than two weeks.
    const later = (days: number) => new Date(publishedAt.getTime() + days * 86_400_000);
    expect(hotScore(video({ publishedAt: later(7), views: 9 }))).toBeLessThan(hotScore(video({ views: 99 })));
    expect(hotScore(video({ publishedAt: later(14), views: 9 }))).toBeGreaterThan(hotScore(video({ views: 99 })));
  });

  it('is the same formula in SQL', () => {
    const sql = hotScoreSql('v');
    expect(sql).toContain('LOG(GREATEST(1, v.likes - 1)) * 150');
    expect(sql).toContain('LOG(v.views + 1) * 16');
    expect(sql).toContain('LOG(GREATEST(1, v.dislikes - 1)) * -150');
    expect(sql).toContain('/ 47000');
  });
});

describe('the trending window', () => {
  it('starts the given number of days back, on the hour', () => {
    const now = Date.parse('2026-12-10T12:34:56Z');
    expect(trendingSince(7, now).toISOString()).toBe('2026-12-03T12:00:00.000Z');
  });
});
