import { describe, expect, it } from 'vitest';
import { reorderedIds } from './playlists.repository.js';

describe('reorderedIds', () => {
  const ids = [1, 2, 3, 4, 5];

  it('moves one element to the top, or after a later one', () => {
    expect(reorderedIds(ids, 4, 0, 1)).toEqual([4, 1, 2, 3, 5]);
    expect(reorderedIds(ids, 1, 3, 1)).toEqual([2, 3, 1, 4, 5]);
    expect(reorderedIds(ids, 2, 5, 1)).toEqual([1, 3, 4, 5, 2]);
  });

  it('moves a block, keeping its order', () => {
    expect(reorderedIds(ids, 1, 5, 2)).toEqual([3, 4, 5, 1, 2]);
    expect(reorderedIds(ids, 4, 1, 2)).toEqual([1, 4, 5, 2, 3]);
  });

  it('changes nothing when the block is moved after itself or where it is', () => {
    expect(reorderedIds(ids, 2, 2, 2)).toEqual(ids);
    expect(reorderedIds(ids, 2, 3, 2)).toEqual(ids);
    expect(reorderedIds(ids, 2, 1, 1)).toEqual(ids);
  });
});
