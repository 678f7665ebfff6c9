import { describe, expect, it } from 'vitest';
import { parseSort, sortValues } from './pagination.js';

describe('sorting', () => {
  it('accepts each column in both directions', () => {
    expect(sortValues(['id', 'name'])).toEqual(['id', '-id', 'name', '-name']);
  });

  it('parses a leading dash as descending', () => {
    expect(parseSort('-createdAt')).toEqual({ column: 'createdAt', direction: 'DESC' });
    expect(parseSort('name')).toEqual({ column: 'name', direction: 'ASC' });
  });
});
