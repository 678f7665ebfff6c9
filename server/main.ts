import 'reflect-metadata';
import { startInstance } from './bootstrap.js';
import { ConfigError, loadConfig, type AppConfig } from './core/config/config.js';
import { createLogger } from './core/logging/logger.js';
import { ManagedRedisError } from './core/redis/managed-redis.js';
import { CONFIG_DIR } from './core/paths.js';

function fail(message: string): never {
  process.stderr.write(`shoal: ${message}\n`);
  process.exit(1);
}

let config: AppConfig;
try {
  config = loadConfig(CONFIG_DIR);
} catch (error) {
  if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
  throw error;
}

const logger = createLogger(config.log.level);
const instance = await startInstance(config, logger).catch((error: unknown) => {
  if (error instanceof ManagedRedisError) fail(error.message);
  logger.fatal({ err: error }, 'Shoal failed to start');
  fail(`failed to start: ${(error as Error).message}`);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    void instance.stop().then(() => process.exit(0));
  });
}
