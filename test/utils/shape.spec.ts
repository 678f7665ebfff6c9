import { describe, expect, it } from 'vitest';
import { shapeMismatches } from './shape.js';

describe('shapeMismatches', () => {
  const expected = {
    type: 'Person',
    summary: null,
    url: [{ type: 'Link', mediaType: 'text/html', href: 'x' }],
    publicKey: { id: 'k', owner: 'o' },
    tags: ['a'],
  };

  it('accepts the same shape with other values, null or text where null is expected, and empty text arrays', () => {
    const actual = {
      type: 'Group',
      summary: 'text',
      url: [
        { type: 'Link', mediaType: 'video/mp4', href: 'y' },
        { type: 'Link', mediaType: 'text/html', href: 'z' },
      ],
      publicKey: { id: 'k2', owner: 'o2', extra: 1 },
      tags: [],
    };
    expect(shapeMismatches(actual, expected)).toEqual([]);
  });

  it('names missing keys, other types and missing array elements, except optional keys', () => {
    const actual = { type: 1, url: [{ type: 'Link', mediaType: 'video/mp4', href: 'y' }], publicKey: { id: 'k' } };
    expect(shapeMismatches(actual, expected, ['$.tags'])).toEqual([
      '$.type: expected a string, got 1',
      '$.summary: missing',
      '$.url: no element like {"type":"Link","mediaType":"text/html"}',
      '$.publicKey.owner: missing',
    ]);
  });
});
