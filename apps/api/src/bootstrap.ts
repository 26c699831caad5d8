import { fastifyCookie } from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  Metrics,
  MetricsPort,
  proxyTrust,
  registerHttpMetrics,
  registerRequestIdHook,
  requestId,
  type AppConfig,
  type PlatformOptions,
} from '@tsunagu/platform';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { registerConsole } from './console/console.routes.js';
import { registerGraphiQL } from './graphiql/graphiql.routes.js';
import { registerGraphQLHttpHooks } from './http-hooks.js';

/** Builds the API application (used by `main.ts` and by the e2e tests). */
export async function createApiApp(config: AppConfig, options: PlatformOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    logger: false,
    bodyLimit: 1024 * 1024,
    genReqId: requestId,
    ...(config.TRUST_PROXY ? { trustProxy: proxyTrust(config.TRUST_PROXY) } : {}),
  });
  // Parses and writes the console's session cookie (libs/platform/src/auth/staff/session-cookie.ts).
  void adapter.getInstance().register(fastifyCookie);
  registerRequestIdHook(adapter.getInstance());
  registerGraphQLHttpHooks(adapter.getInstance());
  MetricsPort.hideOnApiPort(adapter.getInstance(), config);
  if (config.GRAPHQL_IDE) registerGraphiQL(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, {
    bufferLogs: true,
  });
  await registerConsole(adapter.getInstance());
  app.useLogger(app.get(Logger));
  // Before init, which registers the GraphQL plugin: its routes inherit the hook.
  registerHttpMetrics(adapter.getInstance(), app.get(Metrics));
  app.enableShutdownHooks();
  await app.init();
  return app;
}
