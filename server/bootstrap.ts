import { mkdirSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './core/config/config.js';
import { hasRole } from './core/config/process-roles.js';
import { createDataSource, runMigrations } from './core/database/database.module.js';
import { startEmbeddedPostgres } from './core/database/embedded-postgres.js';
import { ProblemFilter } from './core/errors/problem.filter.js';
import { trackConnections } from './core/http/connections.js';
import { correlationMiddleware } from './core/http/correlation.middleware.js';
import { refuseHostileUrls } from './core/http/hostile-input.js';
import { jsonDepthExceeds, jsonTooDeep } from './core/http/json-depth.js';
import { createOpenApiDocument, serveOpenApi } from './core/http/openapi.js';
import { createValidationPipe } from './core/http/validation.pipe.js';
import { NestPinoLogger } from './core/logging/logger.js';
import { startManagedRedis } from './core/redis/managed-redis.js';
import { toRedisOptions, type RedisLocation } from './core/redis/redis.module.js';
import { ENTITIES } from './entities.js';
import type { RawBodyRequest } from './federation/inbox/inbox.service.js';

export interface RunningInstance {
  app: INestApplicationContext;
  stop(): Promise<void>;
}

/**
 * Starts one Shoal process: the managed services it needs (embedded PostgreSQL, redis-server) when no URL is
 * configured (a process with every role only, see config.ts), the migrated database, then the modules of its roles
 * (server/roles): with an HTTP server when it has the api or tracker role, without any listening socket otherwise
 * (a worker).
 */
export async function startInstance(config: AppConfig, logger: Logger): Promise<RunningInstance> {
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse())
      await stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
  };

  try {
    mkdirSync(config.derived.storageDir, { recursive: true });

    // Redis first: a missing redis-server is reported before the slower database start.
    let redisLocation: RedisLocation = { url: config.redis.url };
    if (config.derived.managedRedis) {
      const redis = await startManagedRedis(config.derived.storageDir, logger);
      stops.push(() => redis.stop());
      redisLocation = { socketPath: redis.socketPath };
    }

    let databaseUrl = config.database.url;
    if (config.derived.embeddedDatabase) {
      const database = await startEmbeddedPostgres(config.derived.storageDir, logger);
      stops.push(() => database.stop());
      databaseUrl = database.url;
    }
    const dataSource = createDataSource(databaseUrl, ENTITIES, config.database.pool_size);
    await dataSource.initialize();
    const applied = await runMigrations(dataSource);
    if (applied.length > 0) logger.info({ migrations: applied }, 'applied database migrations');

    const appModule = AppModule.forRoot({ config, logger, dataSource, redisOptions: toRedisOptions(redisLocation) });
    const nestLogger = new NestPinoLogger(logger.child({ component: 'nest' }));
    const roles = config.server.roles;

    if (!hasRole(config, 'api') && !hasRole(config, 'tracker')) {
      const context = await NestFactory.createApplicationContext(appModule, { logger: nestLogger });
      stops.push(() => context.close());
      // What a supervisor or a test waits for: this process has no port to probe.
      logger.info({ roles }, 'Shoal is running without an HTTP port');
      return { app: context, stop: stopAll };
    }

    const app = await NestFactory.create<NestExpressApplication>(appModule, { logger: nestLogger, bodyParser: false });
    stops.push(() => app.close());
    // Pushed after app.close, so it runs before it: the HTTP server is drained first.
    const connections = trackConnections(app.getHttpServer());
    stops.push(() => connections.drain(config.server.shutdown_grace));
    configureHttp(app, config, logger);
    await app.listen(config.server.port, config.server.bind);
    logger.info(
      { roles, url: config.derived.url, port: config.server.port, bind: config.server.bind },
      'Shoal is listening',
    );
    return { app, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function configureHttp(app: NestExpressApplication, config: AppConfig, logger: Logger): void {
  const problems = new ProblemFilter(logger);
  app.set('trust proxy', config.server.trust_proxy);
  app.disable('x-powered-by');
  app.use(correlationMiddleware(logger));
  app.use(refuseHostileUrls());
  app.use(
    express.json({
      limit: '1mb',
      type: ['application/json', 'application/*+json'],
      // The inbox checks HTTP signatures over the exact bytes received (server/federation/inbox).
      verify: (request: RawBodyRequest, _response, body: Buffer) => {
        // Before JSON.parse: what handles a parsed body (validation, signatures, logs) recurses on its depth.
        if (jsonDepthExceeds(body, config.server.max_json_depth)) throw jsonTooDeep(config.server.max_json_depth);
        request.rawBody = body;
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use((error: unknown, request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) return next(error);
    problems.send(error, request, response);
  });
  app.useGlobalFilters(problems);
  app.useGlobalPipes(createValidationPipe());
  // The API's description, where the API is served.
  if (hasRole(config, 'api')) serveOpenApi(app, createOpenApiDocument(app, config.derived.url));
}
