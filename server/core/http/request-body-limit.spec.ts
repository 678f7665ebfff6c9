import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyLimitExceeded, readWithinLimit } from './request-body-limit.js';

async function collect(body: PassThrough, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of readWithinLimit(body, limit)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('readWithinLimit', () => {
  it('yields a body up to its limit', async () => {
    const body = new PassThrough();
    body.end(Buffer.from('0123456789'));
    expect((await collect(body, 10)).toString()).toBe('0123456789');
  });

  it('throws past the limit without yielding the excess, and leaves the body usable', async () => {
    const body = new PassThrough();
    body.write(Buffer.from('0123'));
    const read: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of readWithinLimit(body, 6)) read.push(chunk);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    body.write(Buffer.from('456'));
    await expect(reading).rejects.toBeInstanceOf(BodyLimitExceeded);
    expect(Buffer.concat(read).toString()).toBe('0123');
    expect(body.destroyed).toBe(false);
  });
});
