import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ACTIVITY_PUB_ACCEPT,
  FederationHttpClient,
  FederationRequestError,
  type FederationHttpClientOptions,
} from './federation-http-client.js';

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  origin: string;
  port: number;
  received: ReceivedRequest[];
}

const servers: Server[] = [];
const clients: FederationHttpClient[] = [];

/** A server on 127.0.0.1 that records every request it receives before handing it to `handler`. */
async function startServer(handler: RequestListener): Promise<TestServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      handler(req, res);
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, received };
}

function makeClient(options: Partial<FederationHttpClientOptions> = {}): FederationHttpClient {
  const client = new FederationHttpClient({
    allowPrivateAddresses: true,
    timeoutMs: 5000,
    maxResponseBytes: 1024,
    userAgent: 'Shoal/test (+http://shoal.test)',
    ...options,
  });
  clients.push(client);
  return client;
}

async function failure(promise: Promise<unknown>): Promise<FederationRequestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(FederationRequestError);
    return error as FederationRequestError;
  }
  throw new Error('the request was expected to fail');
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
});

describe('FederationHttpClient', () => {
  describe('address policy', () => {
    it('refuses loopback addresses written in the URL without sending anything', async () => {
      const server = await startServer((_req, res) => res.end('hello'));
      const client = makeClient({ allowPrivateAddresses: false });

      const error = await failure(client.get(`${server.origin}/`));
      expect(error.kind).toBe('refused_address');
      expect(error.message).toContain(`${server.origin}/`);
      expect(error.message).toContain('127.0.0.1');

      const mapped = await failure(client.get(`http://[::ffff:127.0.0.1]:${server.port}/`));
      expect(mapped.kind).toBe('refused_address');
      expect(server.received).toHaveLength(0);
    });

    it('refuses host names that resolve to loopback, checking after DNS resolution', async () => {
      const server = await startServer((_req, res) => res.end('hello'));
      const client = makeClient({ allowPrivateAddresses: false });

      const error = await failure(client.get(`http://localhost:${server.port}/inbox`));
      expect(error.kind).toBe('refused_address');
      expect(error.message).toContain(`http://localhost:${server.port}/inbox`);
      expect(error.message).toMatch(/127\.0\.0\.1|::1/);
      expect(server.received).toHaveLength(0);
    });

    it('reaches private addresses when they are allowed', async () => {
      const server = await startServer((_req, res) => {
        res.setHeader('X-Test', 'yes');
        res.end('hello');
      });
      const client = makeClient({ allowPrivateAddresses: true });

      const response = await client.get(`http://localhost:${server.port}/path?q=1`);
      expect(response.status).toBe(200);
      expect(response.headers['x-test']).toBe('yes');
      expect(response.body.toString('utf8')).toBe('hello');
      expect(response.url).toBe(`http://localhost:${server.port}/path?q=1`);
      expect(server.received).toHaveLength(1);
    });
  });

  describe('requests', () => {
    it('sends GET headers and the User-Agent, and returns non-2xx answers', async () => {
      const server = await startServer((_req, res) => {
        res.statusCode = 410;
        res.end('gone');
      });
      const client = makeClient();

      const response = await client.get(`${server.origin}/actor`, {
        headers: { Signature: 'sig' },
        accept: 'text/plain',
      });
      expect(response.status).toBe(410);
      expect(response.body.toString('utf8')).toBe('gone');
      const [received] = server.received;
      expect(received.method).toBe('GET');
      expect(received.url).toBe('/actor');
      expect(received.headers['user-agent']).toBe('Shoal/test (+http://shoal.test)');
      expect(received.headers.signature).toBe('sig');
      expect(received.headers.accept).toBe('text/plain');
    });

    it('POSTs the body with its content type', async () => {
      const server = await startServer((_req, res) => {
        res.statusCode = 202;
        res.end();
      });
      const client = makeClient();
      const activity = JSON.stringify({ type: 'Follow' });

      const response = await client.post(`${server.origin}/inbox`, activity, {
        headers: { Digest: 'SHA-256=abc' },
        contentType: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
      });
      expect(response.status).toBe(202);
      const [received] = server.received;
      expect(received.method).toBe('POST');
      expect(received.body).toBe(activity);
      expect(received.headers['content-type']).toBe(
        'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
      );
      expect(received.headers.digest).toBe('SHA-256=abc');
      expect(received.headers['user-agent']).toBe('Shoal/test (+http://shoal.test)');
    });

    it('POSTs ActivityPub JSON by default', async () => {
      const server = await startServer((_req, res) => res.end());
      await makeClient().post(`${server.origin}/inbox`, Buffer.from('{}'));
      expect(server.received[0].headers['content-type']).toBe('application/activity+json');
      expect(server.received[0].body).toBe('{}');
    });

    it('refuses URLs that are not http(s)', async () => {
      const client = makeClient();
      expect((await failure(client.get('ftp://127.0.0.1/file'))).kind).toBe('invalid_url');
      expect((await failure(client.get('file:///etc/passwd'))).kind).toBe('invalid_url');
      expect((await failure(client.get('not a url'))).kind).toBe('invalid_url');
    });

    it('reports connection failures as network errors', async () => {
      const server = await startServer((_req, res) => res.end());
      const closedPort = server.port;
      const [closed] = servers.splice(0);
      await new Promise((resolve) => closed.close(resolve));

      const error = await failure(makeClient().get(`http://127.0.0.1:${closedPort}/`));
      expect(error.kind).toBe('network');
      expect(error.message).toContain(`http://127.0.0.1:${closedPort}/`);
    });
  });

  describe('limits', () => {
    it('accepts a body of exactly maxResponseBytes', async () => {
      const server = await startServer((_req, res) => res.end('x'.repeat(1024)));
      const response = await makeClient({ maxResponseBytes: 1024 }).get(`${server.origin}/`);
      expect(response.body).toHaveLength(1024);
    });

    it('refuses a body whose Content-Length is too big', async () => {
      const server = await startServer((_req, res) => res.end('x'.repeat(1025)));
      const error = await failure(makeClient({ maxResponseBytes: 1024 }).get(`${server.origin}/`));
      expect(error.kind).toBe('too_large');
      expect(error.message).toContain(`${server.origin}/`);
    });

    it('aborts a chunked body as soon as it grows too big', async () => {
      const server = await startServer((_req, res) => {
        res.write('x'.repeat(600));
        res.write('x'.repeat(600));
        // The end only comes after the client's deadline: waiting for it would be a timeout, not too_large.
        setTimeout(() => res.end('x'), 2000).unref();
      });
      const error = await failure(makeClient({ maxResponseBytes: 1024, timeoutMs: 1500 }).get(`${server.origin}/`));
      expect(error.kind).toBe('too_large');
      expect(error.message).toContain('1024 bytes');
    });

    it('gives up on a server that never answers', async () => {
      const server = await startServer(() => undefined);
      const error = await failure(makeClient({ timeoutMs: 300 }).get(`${server.origin}/`));
      expect(error.kind).toBe('timeout');
      expect(error.message).toContain(`${server.origin}/`);
    });

    it('gives up on a body that stops arriving', async () => {
      const server = await startServer((_req, res) => res.write('partial'));
      const error = await failure(makeClient({ timeoutMs: 300 }).get(`${server.origin}/`));
      expect(error.kind).toBe('timeout');
    });
  });

  describe('redirects', () => {
    /** `/hops/<n>` redirects to `/hops/<n - 1>`; `/hops/0` answers. */
    const redirectChain: RequestListener = (req, res) => {
      const left = Number(req.url?.split('/')[2]);
      if (left > 0) {
        res.writeHead(302, { Location: `/hops/${left - 1}` });
        res.end();
      } else {
        res.end('arrived');
      }
    };

    it('follows up to maxRedirects and reports the final URL', async () => {
      const server = await startServer(redirectChain);
      const response = await makeClient({ maxRedirects: 2 }).get(`${server.origin}/hops/2`);
      expect(response.status).toBe(200);
      expect(response.body.toString('utf8')).toBe('arrived');
      expect(response.url).toBe(`${server.origin}/hops/0`);
      expect(server.received.map((request) => request.url)).toEqual(['/hops/2', '/hops/1', '/hops/0']);
    });

    it('refuses longer redirect chains', async () => {
      const server = await startServer(redirectChain);
      const error = await failure(makeClient({ maxRedirects: 2 }).get(`${server.origin}/hops/3`));
      expect(error.kind).toBe('too_many_redirects');
      expect(error.message).toContain(`${server.origin}/hops/3`);
      expect(server.received).toHaveLength(3);
    });

    it('follows 3 redirects by default', async () => {
      const server = await startServer(redirectChain);
      const client = makeClient();
      expect((await client.get(`${server.origin}/hops/3`)).status).toBe(200);
      expect((await failure(client.get(`${server.origin}/hops/4`))).kind).toBe('too_many_redirects');
    });

    it('never reaches another address through a redirect', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(301, { Location: `http://127.0.0.2:${server.port}/internal` });
        res.end();
      });
      const client = makeClient({ isAllowedAddress: (address) => address === '127.0.0.1' });

      const error = await failure(client.get(`${server.origin}/start`));
      // Another host altogether; a same-host hop would have its address checked again on connection.
      expect(error.kind).toBe('cross_origin_redirect');
      expect(error.message).toContain(`http://127.0.0.2:${server.port}/internal`);
      expect(server.received.map((request) => request.url)).toEqual(['/start']);
    });

    it('never follows a redirect to another scheme', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(302, { Location: 'file:///etc/passwd' });
        res.end();
      });
      const error = await failure(makeClient().get(`${server.origin}/`));
      expect(error.kind).toBe('invalid_url');
      expect(error.message).toContain('file:///etc/passwd');
    });

    it('does not follow redirects of POST requests', async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(307, { Location: '/elsewhere' });
        res.end();
      });
      const response = await makeClient().post(`${server.origin}/inbox`, '{}');
      expect(response.status).toBe(307);
      expect(response.headers.location).toBe('/elsewhere');
      expect(server.received.map((request) => request.url)).toEqual(['/inbox']);
    });

    it('keeps headers on a redirect within the same origin', async () => {
      const server = await startServer((req, res) => {
        if (req.url === '/landing') return res.end('here');
        res.writeHead(302, { Location: '/landing' });
        res.end();
      });

      const response = await makeClient().get(`${server.origin}/same`, {
        headers: { Signature: 'sig' },
        accept: 'application/activity+json',
      });
      expect(response.url).toBe(`${server.origin}/landing`);
      expect(server.received.map((request) => request.headers.signature)).toEqual(['sig', 'sig']);
    });

    it('audit #6: never follows a redirect to another host, so nothing of that host passes for the first', async () => {
      const other = await startServer((_req, res) => res.end('{"id":"forged"}'));
      const server = await startServer((req, res) => {
        // An open redirect: `/redirect?to=<any URL>`.
        res.writeHead(302, { Location: new URL(req.url ?? '/', 'http://x').searchParams.get('to') ?? '/' });
        res.end();
      });
      const elsewhere = [
        `${other.origin}/landing`,
        // Same address, another host name: another server as far as federation is concerned.
        `http://localhost:${server.port}/landing`,
      ];
      for (const target of elsewhere) {
        const url = `${server.origin}/redirect?to=${encodeURIComponent(target)}`;
        const error = await failure(makeClient().getJson(url));
        expect(error.kind, target).toBe('cross_origin_redirect');
        expect(error.message).toContain(target);
      }
      expect(other.received).toEqual([]);
      expect(server.received).toHaveLength(2);
    });
  });

  describe('getJson', () => {
    it('sends the ActivityPub Accept header and parses the body', async () => {
      const server = await startServer((_req, res) => {
        res.setHeader('Content-Type', 'application/activity+json');
        res.end(JSON.stringify({ type: 'Person', preferredUsername: 'alice' }));
      });

      const response = await makeClient().getJson<{ type: string; preferredUsername: string }>(
        `${server.origin}/accounts/alice`,
        { headers: { Signature: 'sig' } },
      );
      expect(response.status).toBe(200);
      expect(response.json).toEqual({ type: 'Person', preferredUsername: 'alice' });
      expect(server.received[0].headers.accept).toBe(ACTIVITY_PUB_ACCEPT);
      expect(server.received[0].headers.accept).toContain('application/activity+json');
      expect(server.received[0].headers.signature).toBe('sig');
    });

    it('returns non-2xx answers without parsing them', async () => {
      const server = await startServer((_req, res) => {
        res.statusCode = 404;
        res.end('<html>not found</html>');
      });
      const response = await makeClient().getJson(`${server.origin}/accounts/nobody`);
      expect(response.status).toBe(404);
      expect(response.json).toBeUndefined();
    });

    it('throws invalid_json on a 2xx body that is not JSON', async () => {
      const server = await startServer((_req, res) => res.end('<html></html>'));
      const error = await failure(makeClient().getJson(`${server.origin}/accounts/alice`));
      expect(error.kind).toBe('invalid_json');
    });

    it('checks the size before parsing', async () => {
      const server = await startServer((_req, res) => res.end(JSON.stringify({ padding: 'x'.repeat(2000) })));
      const error = await failure(makeClient({ maxResponseBytes: 1024 }).getJson(`${server.origin}/`));
      expect(error.kind).toBe('too_large');
    });
  });
});
