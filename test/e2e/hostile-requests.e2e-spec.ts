import http from 'node:http';
import net from 'node:net';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../../server/federation/signatures/http-signatures.js';
import { ADMIN_PASSWORD, TestInstance } from '../utils/instance.js';
import { instanceActorKey } from '../utils/signed-activity.js';

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A request with the path exactly as written (fetch and supertest would normalise or refuse some of them). */
function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, contentType: response.headers['content-type'] ?? '', body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Writes `text` on a fresh TCP connection and resolves with the first bytes answered (or '' after `waitMs`). */
function rawExchange(port: number, text: string, waitMs = 3000): Promise<{ answer: string; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    const timer = setTimeout(() => resolve({ answer, socket }), waitMs);
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      if (/\r\n\r\n/.test(answer)) {
        clearTimeout(timer);
        // Let the body arrive too.
        setTimeout(() => resolve({ answer, socket }), 100);
      }
    });
    socket.on('error', reject);
  });
}

const H2C_HEADERS =
  'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n';

describe('hostile requests', () => {
  let instance: TestInstance;
  /** Signs inbox requests: the target knows how to fetch its key. */
  let sender: TestInstance;
  let adminToken: string;
  const sockets: net.Socket[] = [];

  const expectProblem = (answer: RawAnswer, label: string) => {
    expect(answer.status, `${label}: ${answer.status} ${answer.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(answer.status, `${label}: ${answer.body.slice(0, 300)}`).toBeLessThan(500);
    expect(answer.contentType, label).toMatch(/^application\/problem\+json/);
    expect((JSON.parse(answer.body) as { code?: string }).code, label).toEqual(expect.any(String));
  };

  const expectAlive = async () => {
    const live = await fetch(`${instance.url}/api/v1/health/live`).catch(() => undefined);
    expect(live?.status, 'the instance still answers').toBe(200);
  };

  beforeAll(async () => {
    [instance, sender] = await Promise.all([TestInstance.create(), TestInstance.create()]);
    await Promise.all([instance.start(), sender.start()]);
    adminToken = await instance.adminToken();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([instance?.destroy(), sender?.destroy()]);
  });

  it.each([
    '/api/v1/videos/2147483648',
    '/api/v1/videos/99999999999999999999',
    '/api/v1/videos?start=1e20',
    '/api/v1/videos?start=99999999999999999999',
    '/api/v1/videos?count=9007199254740993',
    '/api/v1/users/2147483648',
    '/api/v1/users/99999999999999999999',
    '/api/v1/users?start=1e20',
    '/accounts/root/outbox?page=1e18',
    '/accounts/root/outbox?page=9223372036854775807',
    '/video-channels/root_channel/followers?page=99999999999999999999',
    '/videos/watch/99999999999999999999',
    '/videos/watch/1e20',
    '/api/v1/video-channels/%00',
    '/api/v1/accounts/%00',
    '/api/v1/accounts/root%00',
    '/api/v1/videos?search=%00',
    '/api/v1/video-channels/%E0%A4%A',
    '/.well-known/webfinger?resource=acct:%00@localhost',
    '/.well-known/webfinger?resource=http://localhost/accounts/%E0%A4%A',
    '/.well-known/webfinger?resource=http%3A%2F%2Flocalhost%2Faccounts%2F%25E0%25A4%25A',
  ])('audit #12: GET %s is a 4xx problem, not a 500', async (path) => {
    const resource = path.includes('webfinger') ? path.replace('localhost', instance.host) : path;
    const answer = await rawRequest(instance.port, resource, {
      headers: { Authorization: `Bearer ${adminToken}`, Accept: 'application/activity+json' },
    });
    expectProblem(answer, path);
  });

  it('audit #12: an out-of-range integer in a JSON body is a 400, not a 500', async () => {
    const { user } = await instance.api.createUser(adminToken, {
      username: 'quota_user',
      email: 'quota@example.com',
      password: 'secret-password',
      role: 2,
    });
    for (const videoQuota of [1e20, 9007199254740993]) {
      const answer = await rawRequest(instance.port, `/api/v1/users/${user.id}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body: `{"videoQuota": ${String(videoQuota)}}`,
      });
      expectProblem(answer, `videoQuota ${videoQuota}`);
    }
  });

  it('audit #12: a NUL character in a JSON or form body is a 400, not a 500', async () => {
    const json = await rawRequest(instance.port, '/api/v1/video-channels', {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'nul_channel', displayName: 'Bad\u0000name' }),
    });
    expectProblem(json, 'JSON');
    const client = await instance.api.getOAuthClient();
    const form = await rawRequest(instance.port, '/api/v1/users/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': '198.51.100.1' },
      body: `client_id=${client.client_id}&client_secret=${client.client_secret}&grant_type=password&username=ro%00ot&password=x`,
    });
    expectProblem(form, 'form');
  });

  it('audit #12: JSON nested 50,000 deep is refused with a problem, and the instance lives on', async () => {
    const deepArray = '['.repeat(50_000) + ']'.repeat(50_000);
    const deepObject = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    for (const [path, body] of [
      ['/api/v1/users/register', deepArray],
      ['/api/v1/users/register', deepObject],
      ['/api/v1/users/me', deepObject],
    ] as const) {
      const answer = await rawRequest(instance.port, path, {
        method: path.endsWith('/me') ? 'PUT' : 'POST',
        headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
        body,
      });
      expectProblem(answer, path);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'json_too_deep' });
      await expectAlive();
    }
  });

  it('audit #12: a signed inbox request nested 20,000 deep is refused with a problem', async () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    for (const [field, value] of [
      ['to', deep],
      ['@context', deep],
      ['signature', deep],
    ]) {
      const activity = {
        '@context': 'https://www.w3.org/ns/activitystreams',
        type: 'View',
        id: `${sender.url}/views/${field}`,
        actor: `${sender.url}/accounts/peertube`,
        object: `${instance.url}/videos/watch/00000000-0000-4000-8000-000000000000`,
      };
      // Written by hand: JSON.stringify itself recurses.
      const body = JSON.stringify({ ...activity, [field]: 0 }).replace(`"${field}":0`, `"${field}":${value}`);
      const headers = signRequest({
        method: 'POST',
        url: `${instance.url}/inbox`,
        body,
        keyId: `${sender.url}/accounts/peertube#main-key`,
        privateKeyPem: await instanceActorKey(sender),
      });
      const answer = await rawRequest(instance.port, '/inbox', {
        method: 'POST',
        headers: { ...headers, Host: instance.host, 'Content-Type': 'application/activity+json' },
        body,
      });
      expectProblem(answer, `inbox, deep ${field}`);
    }
    await expectAlive();
  });

  it('audit #10: 60 concurrent wrong passwords get no more tries than the limit (5 in config/test.yaml)', async () => {
    const form = await instance.api.tokenForm({ grant_type: 'password', username: 'root', password: 'wrong-password' });
    const guess = () =>
      instance.api.raw('post', '/api/v1/users/token', { form }).set('X-Forwarded-For', '198.51.100.60');
    const statuses = (await Promise.all(Array.from({ length: 60 }, guess))).map((response) => response.status);
    expect(statuses.filter((status) => status === 400).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(55);
    // The right password from that address waits for the window too; another address logs in.
    const right = await instance.api.tokenForm({ grant_type: 'password', username: 'root', password: ADMIN_PASSWORD });
    const blocked = await instance.api
      .raw('post', '/api/v1/users/token', { form: right })
      .set('X-Forwarded-For', '198.51.100.60');
    expect(blocked.status).toBe(429);
    const other = await instance.api
      .raw('post', '/api/v1/users/token', { form: right })
      .set('X-Forwarded-For', '198.51.100.61');
    expect(other.status).toBe(200);
  });

  it('audit #13: a request carrying Upgrade: h2c is answered like any other, body and keep-alive included', async () => {
    const get = await rawExchange(
      instance.port,
      `GET /api/v1/config HTTP/1.1\r\nHost: ${instance.host}\r\n${H2C_HEADERS}\r\n`,
    );
    sockets.push(get.socket);
    expect(get.answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(get.answer).toContain('"serverVersion"');

    const body = 'grant_type=password';
    const post = await rawExchange(
      instance.port,
      `POST /api/v1/users/token HTTP/1.1\r\nHost: ${instance.host}\r\n${H2C_HEADERS}` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    sockets.push(post.socket);
    expect(post.answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(post.answer).toContain('application/problem+json');

    // An upgrade to a WebSocket nobody serves here gets its 404 too.
    const ws = await rawExchange(
      instance.port,
      `GET /api/v1/nothing HTTP/1.1\r\nHost: ${instance.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    sockets.push(ws.socket);
    expect(ws.answer).toMatch(/^HTTP\/1\.1 404 /);
  });

  // Last: it stops the instance.
  it('audit #13: SIGTERM with idle, upgraded and half-sent sockets open exits within the grace period', async () => {
    const idle = await rawExchange(
      instance.port,
      `GET /api/v1/config HTTP/1.1\r\nHost: ${instance.host}\r\n${H2C_HEADERS}\r\n`,
      1000,
    );
    const halfSent = await rawExchange(instance.port, `GET /api/v1/config HTTP/1.1\r\nHost: ${instance.host}\r\n`, 200);
    sockets.push(idle.socket, halfSent.socket);
    const tracker = new WebSocket(`${instance.url.replace(/^http/, 'ws')}/tracker/socket`);
    await new Promise((resolve, reject) => tracker.once('open', resolve).once('error', reject));
    const closed = new Promise((resolve) => tracker.once('close', resolve));

    const started = Date.now();
    // The default grace period is 10 s (server.shutdown_grace); a stop that hangs fails here rather than never.
    const exitCode = await Promise.race([
      instance.stop(),
      new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000)),
    ]);
    expect(exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(12_000);
    await closed;
  }, 30_000);
});
