import { describe, expect, it } from 'vitest';
import { ACTOR_NAME_PATTERN, localNameOf } from './actor-name.js';

describe('actor names', () => {
  it.each(['alice', 'alice_channel', 'a.b_c9', 'x'.repeat(50)])('accepts %s', (name) =>
    expect(ACTOR_NAME_PATTERN.test(name)).toBe(true),
  );
  it.each(['Alice', 'with space', 'dash-name', '', 'x'.repeat(51), 'émile'])('refuses %j', (name) =>
    expect(ACTOR_NAME_PATTERN.test(name)).toBe(false),
  );

  it('reads local handles and refuses other hosts', () => {
    expect(localNameOf('alice', 'localhost:9000')).toBe('alice');
    expect(localNameOf('alice@localhost:9000', 'localhost:9000')).toBe('alice');
    expect(localNameOf('alice@other.example', 'localhost:9000')).toBeUndefined();
  });
});
