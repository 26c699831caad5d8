import { jest } from '@jest/globals';
import { readRedisDurability, redisDurabilityWarnings } from '@tsunagu/platform';
import { Redis } from 'ioredis';
import { createOwnDatabase, type OwnDatabase } from './support/own-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { startRedisServer, startWorker, waitFor, type RedisServer } from './support/worker-process.js';

describe('health endpoints', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the process live', async () => {
    const response = await fetch(`${t.url}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports ready when PostgreSQL and Redis answer, with how durable Redis is', async () => {
    const response = await fetch(`${t.url}/health/ready`);
    expect(response.status).toBe(200);
    // Whatever the shared Redis is configured with (the CI one has no persistence: ready all the same, warned).
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      const durability = await readRedisDurability(redis);
      expect(await response.json()).toEqual({
        status: 'ok',
        checks: { database: 'up', redis: 'up' },
        redis: durability,
        warnings: redisDurabilityWarnings(durability),
      });
    } finally {
      redis.disconnect();
    }
  });

  it('echoes a well-formed request id and makes one otherwise', async () => {
    const given = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'partner-trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('partner-trace-42');
    const made = await fetch(`${t.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness without Redis', () => {
  it('answers 503 naming Redis as down', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const response = await fetch(`${t.url}/health/ready`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        status: 'unavailable',
        checks: { database: 'up', redis: 'down' },
        warnings: [],
      });
    } finally {
      await t.close();
    }
  });
});

describe('readiness and the durability of Redis (private redis-servers)', () => {
  let servers: RedisServer[] = [];
  let own: OwnDatabase | undefined;

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    servers = [];
    await own?.drop();
  });

  async function readinessWith(extraArgs: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
    const server = await startRedisServer(extraArgs);
    servers.push(server);
    const t = await startTestApp({ REDIS_URL: server.url });
    try {
      const response = await fetch(`${t.url}/health/ready`);
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    } finally {
      await t.close();
    }
  }

  it('warns, and stays ready, when Redis has neither AOF nor RDB save points', async () => {
    const { status, body } = await readinessWith(['--maxmemory-policy', 'noeviction']);
    expect(status).toBe(200);
    expect(body.redis).toEqual({ persistence: 'none', maxmemoryPolicy: 'noeviction' });
    expect(body.warnings).toEqual([expect.stringMatching(/^Redis has no persistence/)]);
  });

  it('has nothing to say about an AOF Redis that never evicts', async () => {
    const { status, body } = await readinessWith(['--appendonly', 'yes', '--maxmemory-policy', 'noeviction']);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', redis: { persistence: 'aof', maxmemoryPolicy: 'noeviction' } });
    expect(body.warnings).toEqual([]);
  });

  it('warns when Redis may evict keys, and reads RDB save points as persistence', async () => {
    // BullMQ says so too, on the console, when its queues connect: kept out of the test run's output.
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { status, body } = await readinessWith(['--save', '3600 1', '--maxmemory-policy', 'allkeys-lru']).finally(
      () => consoleWarn.mockRestore(),
    );
    expect(status).toBe(200);
    expect(body.redis).toEqual({ persistence: 'rdb', maxmemoryPolicy: 'allkeys-lru' });
    expect(body.warnings).toEqual([expect.stringMatching(/maxmemory-policy is allkeys-lru, not noeviction/)]);
  });

  it('says so in the log at start (the built worker), when Redis has no persistence', async () => {
    const server = await startRedisServer();
    servers.push(server);
    // A database of its own: the worker's relay and clock reconciliation never reach other files' rows.
    own = await createOwnDatabase('health-durability');
    const worker = await startWorker({ DATABASE_URL: own.url, REDIS_URL: server.url, REDIS_PREFIX: own.prefix });
    try {
      await waitFor('the start-up warning', () => worker.output().includes('Redis has no persistence'), {
        timeoutMs: 10_000,
      });
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it('falls back to INFO where CONFIG is refused (managed Redis), and says unknown what INFO does not tell', async () => {
    const noConfig = await readinessWith(['--rename-command', 'CONFIG', '', '--maxmemory-policy', 'noeviction']);
    expect(noConfig.status).toBe(200);
    // INFO says whether AOF is on, not the RDB save points: unknown without AOF.
    expect(noConfig.body.redis).toEqual({ persistence: 'unknown', maxmemoryPolicy: 'noeviction' });
    expect(noConfig.body.warnings).toEqual([expect.stringMatching(/persistence is unknown/)]);

    const aofNoConfig = await readinessWith(['--rename-command', 'CONFIG', '', '--appendonly', 'yes']);
    expect(aofNoConfig.body.redis).toMatchObject({ persistence: 'aof' });
  });
});
