import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.js';

const deep = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

describe('jsonDepthExceeds', () => {
  it('counts nested objects and arrays', () => {
    expect(jsonDepthExceeds(deep(32), 32)).toBe(false);
    expect(jsonDepthExceeds(deep(33), 32)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 4)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ text: '[[[[{{{{' })), 1)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from(JSON.stringify({ text: 'say \\"[[[[" ok' })), 1)).toBe(false);
  });

  it('answers in one pass for a body nested 50,000 deep', () => {
    expect(jsonDepthExceeds(deep(50_000), 64)).toBe(true);
  });
});
