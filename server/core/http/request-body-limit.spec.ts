import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { abandonRequestBody, BodyLimitExceeded, readWithinLimit } from './request-body-limit.js';

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

describe('abandonRequestBody', () => {
  /** A server that refuses every body past 1 KiB with a 413, as the upload routes do. */
  async function refusingServer(): Promise<{ server: Server; port: number }> {
    const server = createServer((request, response) => {
      // As Express does: the body is abandoned through its request, which knows its response.
      Object.assign(request, { res: response });
      void (async () => {
        try {
          for await (const chunk of readWithinLimit(request, 1024)) void chunk;
          response.end('stored');
        } catch {
          abandonRequestBody(request);
          response.writeHead(413).end('too large');
        }
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as AddressInfo).port };
  }

  it('keeps a Connection: close request open after its answer, so a client still sending reads the answer', async () => {
    const { server, port } = await refusingServer();
    try {
      const socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n');
      const size = 16 * 1024;
      const chunk = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size), Buffer.from('\r\n')]);
      const sendChunk = () =>
        new Promise<void>((resolve, reject) => socket.write(chunk, (error) => (error ? reject(error) : resolve())));
      let answer = '';
      socket.on('data', (data: Buffer) => (answer += data.toString()));
      const errors: Error[] = [];
      socket.on('error', (error) => errors.push(error));
      await sendChunk();
      while (!answer.includes('too large')) await sendChunk();
      // The body goes on for a while after the answer, as a client that does not watch for one sends it.
      for (let i = 0; i < 64; i++) await sendChunk();
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      expect(errors).toEqual([]);
      socket.destroy();
    } finally {
      server.close();
      server.closeAllConnections();
    }
  });
});
