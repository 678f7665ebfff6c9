import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../server/core/database/migrations/index.js';
import { MAIN_SCRIPT, TestInstance, destroyInstances } from '../utils/instance.js';
import { dropDatabase, queryDatabase } from '../utils/services.js';
import { waitForJobs } from '../utils/wait-for-jobs.js';

/** Every migration, oldest first. */
const MIGRATION_NAMES = MIGRATIONS.map((migration) => new migration().name);

interface ActorKeys {
  preferred_username: string;
  public_key: string;
  private_key: string;
}

const actorKeys = (instance: TestInstance) =>
  queryDatabase<ActorKeys>(
    instance.databaseName,
    'SELECT preferred_username, public_key, private_key FROM actors ORDER BY id',
  );

describe('an instance across restarts', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
  });

  afterAll(async () => {
    await destroyInstances(instance);
  });

  it('gives every actor its own RSA-2048 key pair', async () => {
    await instance.api.registerAndLogin('nora');
    const keys = await actorKeys(instance);
    // `peertube` is the instance's own actor (an Application), created at first boot.
    expect(keys.map((row) => row.preferred_username)).toEqual([
      'peertube',
      'root',
      'root_channel',
      'nora',
      'nora_channel',
    ]);
    for (const row of keys) {
      expect(row.public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(row.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    }
    expect(new Set(keys.map((row) => row.public_key)).size).toBe(keys.length);
  });

  it('keeps users, channels and keys, and applies no migration twice', async () => {
    const admin = await instance.adminToken();
    const token = (await instance.api.login('nora', 'secret-password')).access_token;
    await instance.api.createChannel(token, { name: 'nora_travels', displayName: 'Travels' });
    const usersBefore = await instance.api.listUsers(admin);
    const channelsBefore = await instance.api.listChannels({ sort: 'id', count: 100 });
    const keysBefore = await actorKeys(instance);

    const logLengthBefore = instance.output.length;
    await instance.restart();

    // The sessions opened before the restart still work.
    expect(await instance.api.listUsers(admin)).toEqual(usersBefore);
    expect(await instance.api.listChannels({ sort: 'id', count: 100 })).toEqual(channelsBefore);
    expect(await actorKeys(instance)).toEqual(keysBefore);
    expect((await instance.api.me(token)).username).toBe('nora');

    const migrations = await queryDatabase<{ name: string }>(instance.databaseName, 'SELECT name FROM migrations');
    expect(migrations.map((row) => row.name)).toEqual(MIGRATION_NAMES);
    expect(instance.output.slice(logLengthBefore)).not.toContain('applied database migrations');
  });

  it('schedules its maintenance jobs and leaves nothing pending', async () => {
    await waitForJobs(instance);
  });
});

describe('observability', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
  });

  afterAll(async () => {
    await destroyInstances(instance);
  });

  it('reports liveness and readiness', async () => {
    expect(await instance.api.call('get', '/api/v1/health/live')).toEqual({ status: 'ok' });
    expect(await instance.api.call('get', '/api/v1/health/ready')).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok' },
    });
  });

  it('returns a correlation id on each request and writes it in structured JSON log lines', async () => {
    const response = await instance.api.raw('get', '/api/v1/accounts/ghost').set('X-Request-Id', 'trace-me-12345');
    expect(response.headers['x-request-id']).toBe('trace-me-12345');
    expect(response.body.correlationId).toBe('trace-me-12345');

    const generated = await instance.api.raw('get', '/api/v1/config');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    await expect.poll(() => instance.output.includes('trace-me-12345')).toBe(true);
    const line = instance.output.split('\n').find((candidate) => candidate.includes('trace-me-12345'))!;
    expect(JSON.parse(line)).toMatchObject({
      correlationId: 'trace-me-12345',
      status: 404,
      url: '/api/v1/accounts/ghost',
    });
  });

  it('serves the instance description', async () => {
    const about = await instance.api.getAbout();
    expect(about.instance).toMatchObject({ name: 'Shoal', shortDescription: expect.any(String) });
    expect((await instance.api.getConfig()).serverVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('renders malformed bodies as problem+json', async () => {
    const response = await instance.api
      .raw('post', '/api/v1/users/register')
      .set('Content-Type', 'application/json')
      .send('{"username": ');
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('malformed_request');
  });

  // Last in this block: it takes the instance's database away.
  it('reports not ready, with a problem document, when PostgreSQL is gone', async () => {
    await dropDatabase(instance.databaseName);
    const response = await instance.api.raw('get', '/api/v1/health/ready');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(response.body.detail).toMatch(/^Not ready: database .+; redis ok$/);
    expect((await instance.api.raw('get', '/api/v1/health/live')).status).toBe(200);
  });
});

describe('bad configuration', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [MAIN_SCRIPT], {
      env: { ...process.env, NODE_ENV: 'test', SHOAL_STORAGE_DIR: '/nonexistent/never-used', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });

  it.each([
    ['SHOAL_PORT', 'abc', /SHOAL_PORT=abc: expected an integer/],
    ['SHOAL_PORT', '70000', /SHOAL_PORT \(config key server\.port\)/],
    ['SHOAL_HTTPS', 'maybe', /SHOAL_HTTPS=maybe: expected true or false/],
    ['SHOAL_DATABASE_URL', 'mysql://x', /SHOAL_DATABASE_URL \(config key database\.url\)/],
    ['SHOAL_LOG_LEVEL', 'loud', /SHOAL_LOG_LEVEL \(config key log\.level\)/],
  ])('exits non-zero with one line naming %s=%s', (name, value, message) => {
    const result = run({ [name]: value });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^shoal: invalid configuration: /);
    expect(lines[0]).toMatch(message);
  });

  it('tells how to get Redis when none is configured and redis-server is not installed', () => {
    const result = run({
      SHOAL_REDIS_URL: '',
      SHOAL_DATABASE_URL: 'postgres://127.0.0.1:1/none',
      PATH: '/nonexistent',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'shoal: redis-server was not found on PATH: install it (Debian: apt-get install redis-server) or set SHOAL_REDIS_URL',
    );
  });
});

describe('zero-configuration instance', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create({ embeddedServices: true });
    await instance.start();
  });

  afterAll(async () => {
    await destroyInstances(instance);
  });

  it('runs on its embedded PostgreSQL and its own redis-server, and keeps data across a restart', async () => {
    expect(instance.output).toContain('embedded PostgreSQL started');
    expect(instance.output).toContain('managed redis-server started');
    await instance.api.registerAndLogin('olga');
    // A clean stop (SIGTERM) exits 0 after stopping the embedded PostgreSQL and redis-server.
    expect(await instance.stop()).toBe(0);
    await instance.start();
    expect((await instance.api.getAccount('olga')).name).toBe('olga');
  });

  it('recovers after being killed with SIGKILL, stopping the orphaned servers it had started', async () => {
    await instance.kill();
    await instance.start();
    expect(instance.output).toContain('stopped an embedded PostgreSQL left running by a previous process');
    expect((await instance.api.getAccount('olga')).name).toBe('olga');
  });
});
