import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestInstance } from '../utils/instance.js';

describe('authentication (PeerTube OAuth shapes)', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('registers, logs in and returns the user with its account and default channel', async () => {
    const result = await instance.api.register({
      username: 'alice',
      password: 'alice-password',
      email: 'alice@example.test',
      displayName: 'Alice',
    });
    expect(result.state).toEqual({ id: 3, label: 'Accepted' });

    const token = await instance.api.login('alice', 'alice-password');
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 86_400, refresh_token_expires_in: 1_209_600 });
    expect(token.access_token).toMatch(/^[0-9a-f]{64}$/);

    const me = await instance.api.me(token.access_token);
    expect(me).toMatchObject({
      username: 'alice',
      email: 'alice@example.test',
      role: { id: 2, label: 'User' },
      blocked: false,
    });
    expect(me.account).toMatchObject({
      name: 'alice',
      displayName: 'Alice',
      host: instance.host,
      url: `${instance.url}/accounts/alice`,
    });
    expect(me.videoChannels.map((channel) => channel.name)).toEqual(['alice_channel']);
    expect(me.lastLoginDate).not.toBeNull();
    expect(JSON.stringify(me)).not.toMatch(/PRIVATE KEY|password/i);
  });

  it('logs in with the e-mail address too, whatever its case', async () => {
    const token = await instance.api.login('ALICE@example.test', 'alice-password');
    expect((await instance.api.me(token.access_token)).username).toBe('alice');
  });

  it('renews a session with the refresh grant and refuses to reuse the old refresh token', async () => {
    const first = await instance.api.login('alice', 'alice-password');
    const second = await instance.api.refresh(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await instance.api.me(second.access_token)).username).toBe('alice');

    const replay = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'refresh_token', refresh_token: first.refresh_token }),
    });
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('invalid_grant');
    // Rotation ended the old session.
    expect((await instance.api.raw('get', '/api/v1/users/me', { token: first.access_token })).status).toBe(401);
  });

  it('answers 401 with a problem document once the token is revoked', async () => {
    const { access_token: token } = await instance.api.login('alice', 'alice-password');
    expect(await instance.api.revoke(token)).toEqual({ success: true });

    const response = await instance.api.raw('get', '/api/v1/users/me', { token });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 401, code: 'invalid_token', title: 'Unauthorized' });
  });

  it('answers 401 unauthorized_request without a token', async () => {
    const response = await instance.api.raw('get', '/api/v1/users/me');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('unauthorized_request');
  });

  it('refuses a wrong password with a problem+json 400 carrying invalid_grant', async () => {
    const response = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'password', username: 'alice', password: 'not-her-password' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      code: 'invalid_grant',
      detail: 'Invalid grant: user credentials are invalid',
    });
    expect(response.body.correlationId).toBe(response.headers['x-request-id']);
  });

  it('refuses an unknown client and an unsupported grant with OAuth codes', async () => {
    const badClient = await instance.api.raw('post', '/api/v1/users/token', {
      form: { client_id: 'nope', client_secret: 'nope', grant_type: 'password', username: 'alice', password: 'x' },
    });
    expect(badClient.status).toBe(400);
    expect(badClient.body.code).toBe('invalid_client');

    const badGrant = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'client_credentials' }),
    });
    expect(badGrant.status).toBe(400);
    expect(badGrant.body.code).toBe('unsupported_grant_type');
  });

  it('gives a plain user 403 on administration endpoints', async () => {
    const { token } = await instance.api.registerAndLogin('bob');
    for (const [method, path] of [
      ['get', '/api/v1/users'],
      ['get', '/api/v1/users/1'],
      ['delete', '/api/v1/users/1'],
      ['get', '/api/v1/users/registrations'],
    ] as const) {
      const response = await instance.api.raw(method, path, { token });
      expect(response.status, `${method} ${path}`).toBe(403);
      expect(response.body.code).toBe('missing_right');
    }
    const create = await instance.api.raw('post', '/api/v1/users', {
      token,
      json: { username: 'mallory', password: 'password', email: 'm@example.test', role: 0 },
    });
    expect(create.status).toBe(403);
  });

  // Last: it exhausts the login budget of 127.0.0.1 (5 failures per minute in config/test.yaml).
  it('answers 429 after repeated failed logins, even with the right password', async () => {
    const form = await instance.api.tokenForm({
      grant_type: 'password',
      username: 'alice',
      password: 'wrong-password',
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await instance.api.raw('post', '/api/v1/users/token', { form })).status);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.slice(0, statuses.indexOf(429)).every((status) => status === 400)).toBe(true);

    const blocked = await instance.api.raw('post', '/api/v1/users/token', {
      form: await instance.api.tokenForm({ grant_type: 'password', username: 'alice', password: 'alice-password' }),
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('too_many_login_failures');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
