import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors/domain-error.js';
import { parseContentRange } from './resumable-upload.service.js';

describe('parseContentRange', () => {
  it('reads a chunk range and a status query', () => {
    expect(parseContentRange('bytes 0-999/5000')).toEqual({ start: 0, end: 999, total: 5000 });
    expect(parseContentRange('bytes */5000')).toEqual({ total: 5000 });
  });

  it.each([undefined, '', 'bytes=0-10/20', 'bytes 10-5/20', 'bytes 0-20/20', 'items 0-1/2'])('refuses %j', (header) => {
    expect(() => parseContentRange(header)).toThrow(DomainError);
  });
});
