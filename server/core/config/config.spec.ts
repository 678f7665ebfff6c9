import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_DIR } from '../paths.js';
import { ConfigError, loadConfig } from './config.js';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['10 minutes', 600_000],
    ['1 day', 86_400_000],
    ['2 weeks', 1_209_600_000],
    ['30 seconds', 30_000],
    ['1.5 hours', 5_400_000],
  ])('parses %s', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['ten minutes', '10', '5 fortnights', ''])('refuses %j', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );
});

describe('loadConfig', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig(CONFIG_DIR, env);
  const errorOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('loads the defaults, frozen, with durations in ms and derived URLs', () => {
    const config = load({});
    expect(config.server.port).toBe(9000);
    expect(config.oauth.access_token_lifetime).toBe(86_400_000);
    expect(config.derived).toMatchObject({
      url: 'http://localhost:9000',
      host: 'localhost:9000',
      embeddedDatabase: true,
      managedRedis: true,
    });
    expect(Object.isFrozen(config.server)).toBe(true);
  });

  it('applies environment overrides and builds absolute URLs from them', () => {
    const config = load({ SHOAL_HOSTNAME: 'videos.example.org', SHOAL_HTTPS: 'true', SHOAL_PORT: '443' });
    expect(config.derived.url).toBe('https://videos.example.org');
    expect(load({ SHOAL_PUBLIC_PORT: '8443', SHOAL_HTTPS: '1' }).derived.host).toBe('localhost:8443');
  });

  it('layers config/${NODE_ENV}.yaml over the defaults', () => {
    expect(load({ NODE_ENV: 'test' }).rate_limit.login.max).toBe(5);
  });

  it('reads the process roles from SHOAL_ROLES, all of them by default', () => {
    expect(load({}).server.roles).toEqual(['api', 'worker', 'tracker', 'live']);
    const urls = {
      SHOAL_DATABASE_URL: 'postgres://db.example.org/shoal',
      SHOAL_REDIS_URL: 'redis://redis.example.org',
    };
    expect(load({ ...urls, SHOAL_ROLES: ' worker, tracker ,worker' }).server.roles).toEqual(['worker', 'tracker']);
    expect(errorOf(() => load({ SHOAL_ROLES: 'api,cron' }))).toMatch(/^SHOAL_ROLES \(config key server\.roles\.1\): /);
    expect(errorOf(() => load({ SHOAL_ROLES: '' }))).toMatch(
      /^SHOAL_ROLES \(config key server\.roles\): expected at least one of api/,
    );
  });

  it('refuses split roles without the URLs of a shared PostgreSQL and Redis', () => {
    expect(errorOf(() => load({ SHOAL_ROLES: 'api,tracker' }))).toBe(
      'SHOAL_ROLES=api,tracker (config key server.roles): a process with only some of the roles shares PostgreSQL and ' +
        'Redis with the other processes; set database.url (SHOAL_DATABASE_URL) and redis.url (SHOAL_REDIS_URL) ' +
        '(the embedded PostgreSQL and redis-server serve only a process with every role)',
    );
    expect(errorOf(() => load({ SHOAL_ROLES: 'worker', SHOAL_DATABASE_URL: 'postgres://db/shoal' }))).toMatch(
      /: .*; set redis\.url \(SHOAL_REDIS_URL\) \(/,
    );
    expect(load({ SHOAL_ROLES: 'live,tracker,worker,api' }).derived.embeddedDatabase).toBe(true);
  });

  it('names the environment variable of a bad value', () => {
    expect(errorOf(() => load({ SHOAL_PORT: 'abc' }))).toBe(
      'SHOAL_PORT=abc: expected an integer (config key server.port)',
    );
    expect(errorOf(() => load({ SHOAL_PORT: '0' }))).toMatch(/^SHOAL_PORT \(config key server\.port\): /);
  });

  it('names the key of a bad value in a file, and refuses unknown keys', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'shoal-config-'));
    const file = path.join(dir, 'custom.yaml');
    writeFileSync(file, 'oauth:\n  access_token_lifetime: forever\n');
    expect(errorOf(() => load({ SHOAL_CONFIG: file }))).toMatch(
      /^config key oauth\.access_token_lifetime: expected a duration/,
    );
    writeFileSync(file, 'server:\n  prot: 80\n');
    expect(errorOf(() => load({ SHOAL_CONFIG: file }))).toMatch(/^config key server: .*prot/);
    writeFileSync(file, "p2p:\n  ice_servers: [{ urls: 'https://stun.example.org' }]\n");
    expect(errorOf(() => load({ SHOAL_CONFIG: file }))).toMatch(/^config key p2p\.ice_servers\.0\.urls: /);
    writeFileSync(file, "p2p:\n  ice_servers: [{ urls: ['stun:a.example.org', 'turn:b.example.org'], username: u }]\n");
    expect(load({ SHOAL_CONFIG: file }).p2p.ice_servers).toEqual([
      { urls: ['stun:a.example.org', 'turn:b.example.org'], username: 'u' },
    ]);
    expect(errorOf(() => load({ SHOAL_CONFIG: path.join(dir, 'missing.yaml') }))).toMatch(/no such file/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts config/production.yaml.example as it is', () => {
    const config = load({ SHOAL_CONFIG: path.join(CONFIG_DIR, 'production.yaml.example') });
    expect(config.derived.url).toBe('https://videos.example.org');
    expect(config.derived.trackerUrls[0]).toBe('wss://videos.example.org/tracker/socket');
  });
});
