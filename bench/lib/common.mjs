// What the benchmark runners share: ports, waiting, the admin database connection, medians.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/** The repository's root. */
export const ROOT = join(import.meta.dirname, '../..');
/** The built apps (`npm run build`) the runners start. */
export const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
export const WORKER_MAIN = join(ROOT, 'dist/apps/worker/apps/worker/src/main.js');
export const CLI = join(ROOT, 'dist/apps/api/apps/api/src/cli.js');
/** The Redis the runners use, each under a key prefix of its own. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The admin URL benchmarks create their databases through. */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns something truthy (a throw counts as not yet); fails after `timeoutMs`. */
export async function waitUntil(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** ADMIN_URL with another database. */
export function databaseUrl(database) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on the admin connection (CREATE / DROP DATABASE). */
export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Removes the Redis keys a run's processes made under `prefix` (queues, bus, metadata). */
export async function deleteRedisKeys(redisUrl, prefix) {
  const redis = new Redis(redisUrl);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}

/** A GraphQL caller for `url`: (key, query, variables) → data; GraphQL errors throw. */
export function graphqlClient(url) {
  return async (key, query, variables = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

/** An agency in Nagoya (231100) made by the hub admin, with a key of `scopes`: { id, key }. */
export async function benchAgency(gql, adminKey, { code, sector, needCategories, scopes }) {
  const { createAgency } = await gql(
    adminKey,
    'mutation ($input: CreateAgencyInput!) { createAgency(input: $input) { id } }',
    {
      input: {
        code,
        name: `ベンチ ${code}`,
        sector,
        kind: 'bench',
        needCategories,
        serviceAreas: [{ level: 'MUNICIPALITY', code: '231100' }],
      },
    },
  );
  const { issueApiKey } = await gql(
    adminKey,
    'mutation ($input: IssueApiKeyInput!) { issueApiKey(input: $input) { secret } }',
    {
      input: { agencyId: createAgency.id, scopes },
    },
  );
  return { id: createAgency.id, key: issueApiKey.secret };
}

/**
 * A person registered by `sender`, with written consent to refer them to `recipient`:
 * { personId, consentId }.
 */
export async function consentedPerson(gql, sender, recipient, familyName) {
  const { registerPerson } = await gql(
    sender.key,
    'mutation ($input: RegisterPersonInput!) { registerPerson(input: $input) { id } }',
    { input: { familyName, givenName: '太郎' } },
  );
  const { recordConsent } = await gql(
    sender.key,
    'mutation ($input: RecordConsentInput!) { recordConsent(input: $input) { id } }',
    {
      input: {
        personId: registerPerson.id,
        recipientAgencyId: recipient.id,
        purposes: ['REFERRAL'],
        dataCategories: ['IDENTITY'],
        method: 'WRITTEN',
      },
    },
  );
  return { personId: registerPerson.id, consentId: recordConsent.id };
}

/**
 * The environment a runner starts the built apps with: production mode on the database at `databaseUrl`, the
 * runner's Redis under `redisPrefix`, a fresh SECRETS_KEY and hub-admin key, the API on 127.0.0.1:`port`,
 * warnings only; `extra` on top. Returns it with the hub-admin key.
 */
export function appEnvironment({ databaseUrl: url, redisPrefix, port }, extra = {}) {
  const adminKey = execFileSync(process.execPath, [CLI, 'key:new'], { encoding: 'utf8' }).trim();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    REDIS_URL,
    REDIS_PREFIX: redisPrefix,
    SECRETS_KEY: randomBytes(32).toString('base64'),
    HUB_ADMIN_KEY: adminKey,
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    // The runners' databases are made and migrated through the admin URL, which the apps use too: no app role.
    DATABASE_ROLE_CHECK: 'off',
    // Throughput runs send far more than a partner may; the limits have a benchmark of their own (bench/attack).
    RATE_LIMIT_ENABLED: 'false',
    // BENCH_NODE_OPTIONS: Node options for the apps only (e.g. heap sizes), not for the runner.
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...extra,
  };
  return { env, adminKey };
}
