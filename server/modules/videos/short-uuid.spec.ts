import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromShortUuid, toShortUuid } from './short-uuid.js';

describe('shortUUID', () => {
  it('encodes a known UUID like the short-uuid package PeerTube uses', () => {
    expect(toShortUuid('00000000-0000-0000-0000-000000000000')).toBe('1111111111111111111111');
    expect(toShortUuid('ffffffff-ffff-ffff-ffff-ffffffffffff')).toHaveLength(22);
  });

  it('round-trips random UUIDs', () => {
    for (let i = 0; i < 100; i++) {
      const uuid = randomUUID();
      expect(fromShortUuid(toShortUuid(uuid))).toBe(uuid);
    }
  });

  it('refuses characters outside the alphabet', () => {
    expect(fromShortUuid('0OIl')).toBeUndefined();
  });
});
