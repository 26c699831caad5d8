import { randomBytes } from 'node:crypto';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateApiKey, parseConfig, type AppConfig, type PlatformOptions } from '@tsunagu/platform';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { deleteRedisKeys } from './bus.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  contentType: string | null;
  headers: Record<string, string>;
  body: {
    data?: T | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions: { code: string; field?: string } & Record<string, unknown>;
    }[];
  };
}

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  config: AppConfig;
  /** A hub-admin key of this app (from HUB_ADMIN_KEY). */
  adminKey: string;
  gql<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; key?: string | null; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** A unique suffix for codes and labels, so parallel test files never collide. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex').toUpperCase();
}

export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    SECRETS_KEY: process.env.SECRETS_KEY,
    // Webhook sinks of the tests listen on loopback.
    WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32,::1/128',
    REDIS_PREFIX: `tsunagu-test-${uniqueSuffix().toLowerCase()}`,
    DATABASE_POOL_SIZE: '4',
    LOG_LEVEL: 'silent',
    GRAPHQL_IDE: 'false',
    // Rate limits have tests of their own (security.e2e-spec.ts); elsewhere they would only slow suites down.
    RATE_LIMIT_ENABLED: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
    ...overrides,
  });
}

/** Boots the real API (real PostgreSQL and Redis) on a free loopback port. */
export async function startTestApp(
  overrides: Record<string, string | undefined> = {},
  options: PlatformOptions = {},
): Promise<TestApp> {
  const adminKey = generateApiKey().secret;
  const config = testConfig({ HUB_ADMIN_KEY: adminKey, ...overrides });
  const app = await createApiApp(config, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    adminKey,
    async gql(query, options = {}) {
      const key = options.key === undefined ? adminKey : options.key;
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...options.headers,
        },
        body: JSON.stringify({ query, variables: options.variables ?? {} }),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        headers: Object.fromEntries(response.headers),
        body: (await response.json()) as GraphQLResponse['body'],
      } as never;
    },
    async close() {
      await app.close();
      // The keys of a prefix of its own (queue metadata) on the run's Redis; a prefix shared with a worker is its
      // file's to clean, and a Redis of a test's own is gone.
      if (overrides.REDIS_PREFIX === undefined && overrides.REDIS_URL === undefined) {
        await deleteRedisKeys(config.REDIS_URL, config.REDIS_PREFIX);
      }
    },
  };
}
