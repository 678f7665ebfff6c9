import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configSchema, ENV_OVERRIDES, parseEnvValue, type ConfigFile } from './config.schema.js';
import { PROCESS_ROLES } from './process-roles.js';

export interface AppConfig extends ConfigFile {
  /** Values computed once from the keys above. */
  derived: {
    /** Public base URL without trailing slash, e.g. https://videos.example.org */
    url: string;
    /** Public host with the port when it is not the scheme's default, e.g. localhost:9000 */
    host: string;
    /** Announce URLs of the embedded tracker: WebSocket (browsers) and HTTP. */
    trackerUrls: string[];
    storageDir: string;
    /** The managed services Shoal starts itself when no URL is configured. */
    embeddedDatabase: boolean;
    managedRedis: boolean;
  };
}

/** A configuration problem, reported as one line naming the key (and the environment variable if any). */
export class ConfigError extends Error {}

type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree => typeof value === 'object' && value !== null && !Array.isArray(value);

function deepMerge(base: Tree, override: Tree): Tree {
  const merged: Tree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isTree(current) && isTree(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function readYaml(file: string): Tree {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isTree(parsed)) throw new ConfigError(`${file}: expected a YAML mapping at the top level`);
  return parsed;
}

function setPath(tree: Tree, dottedPath: string, value: unknown): void {
  const keys = dottedPath.split('.');
  const last = keys.pop()!;
  let node = tree;
  for (const key of keys) {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  }
  node[last] = value;
}

function applyEnv(tree: Tree, env: NodeJS.ProcessEnv): Map<string, string> {
  const origins = new Map<string, string>();
  for (const { env: name, path: keyPath, kind } of ENV_OVERRIDES) {
    const raw = env[name];
    if (raw === undefined) continue;
    const value = parseEnvValue(kind, raw);
    if (value === undefined)
      throw new ConfigError(
        `${name}=${raw}: expected ${kind === 'integer' ? 'an integer' : 'true or false'} (config key ${keyPath})`,
      );
    setPath(tree, keyPath, value);
    origins.set(keyPath, name);
  }
  return origins;
}

function derive(file: ConfigFile, configDir: string): AppConfig['derived'] {
  const scheme = file.server.https ? 'https' : 'http';
  const publicPort = file.server.public_port ?? file.server.port;
  const defaultPort = file.server.https ? 443 : 80;
  const host = publicPort === defaultPort ? file.server.hostname : `${file.server.hostname}:${publicPort}`;
  return {
    url: `${scheme}://${host}`,
    host,
    trackerUrls: [
      `${file.server.https ? 'wss' : 'ws'}://${host}/tracker/socket`,
      `${scheme}://${host}/tracker/announce`,
    ],
    storageDir: path.resolve(path.dirname(configDir), file.storage.dir),
    embeddedDatabase: file.database.url === '',
    managedRedis: file.redis.url === '',
  };
}

/** Loads the layered configuration, validates it once and freezes it. Throws ConfigError naming the bad key. */
export function loadConfig(configDir: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  const files = [path.join(configDir, 'default.yaml')];
  if (env.NODE_ENV) files.push(path.join(configDir, `${env.NODE_ENV}.yaml`));
  files.push(path.join(configDir, 'local.yaml'));
  const layers = files.filter((file) => existsSync(file)).map(readYaml);
  if (env.SHOAL_CONFIG) {
    if (!existsSync(env.SHOAL_CONFIG)) throw new ConfigError(`SHOAL_CONFIG=${env.SHOAL_CONFIG}: no such file`);
    layers.push(readYaml(env.SHOAL_CONFIG));
  }

  const tree = layers.reduce(deepMerge, {});
  const origins = applyEnv(tree, env);
  const result = configSchema.safeParse(tree);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue.path.join('.');
    // An environment variable may set a whole list, and the issue name one of its items (server.roles.1).
    const origin = issue.path
      .map((_, end) => origins.get(issue.path.slice(0, issue.path.length - end).join('.')))
      .find((name) => name !== undefined);
    throw new ConfigError(
      `${origin ? `${origin} (config key ${key})` : `config key ${key || '(root)'}`}: ${issue.message}`,
    );
  }
  checkManagedServices(result.data, origins);
  return deepFreeze({ ...result.data, derived: derive(result.data, configDir) });
}

/**
 * The embedded PostgreSQL and the managed redis-server live and die with one process, so they only serve a
 * process with every role: processes that split the roles share a PostgreSQL and a Redis named by URL.
 */
function checkManagedServices(file: ConfigFile, origins: Map<string, string>): void {
  if (PROCESS_ROLES.every((role) => file.server.roles.includes(role))) return;
  const missing = [
    ...(file.database.url === '' ? ['database.url (SHOAL_DATABASE_URL)'] : []),
    ...(file.redis.url === '' ? ['redis.url (SHOAL_REDIS_URL)'] : []),
  ];
  if (missing.length === 0) return;
  const origin = origins.get('server.roles');
  const roles = file.server.roles.join(',');
  throw new ConfigError(
    `${origin ? `${origin}=${roles} (config key server.roles)` : `config key server.roles (${roles})`}: ` +
      `a process with only some of the roles shares PostgreSQL and Redis with the other processes; ` +
      `set ${missing.join(' and ')} (the embedded PostgreSQL and redis-server serve only a process with every role)`,
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
