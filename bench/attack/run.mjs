// `npm run bench:attack`: how the API holds up while clients without a key flood it with expensive documents.
// Ten clients send the ~34 KB document of docs/security.md (one field repeated 1,000 times plus a unique alias,
// so no cache helps) back to back for 10 s, without a key, while a probe times `GET /health/live` every 20 ms.
// Three phases side by side: no attack (baseline), the attack with the production rate limits, and the attack
// with the rate limits off (only "authenticate before parsing" protects). Needs `npm run build`.
// BENCH_BEFORE=<checkout of an earlier commit, built> adds a fourth phase: the same attack on that build, in its own
// database, in the same run (how docs/benchmarks.md compares with the code before the guard).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  adminQuery,
  API_MAIN,
  appEnvironment,
  CLI,
  databaseUrl,
  deleteRedisKeys,
  freePort,
  REDIS_URL,
  waitUntil,
} from '../lib/common.mjs';

const DATABASE = `tsunagu_bench_attack_${process.pid}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CLIENTS = 10;

function document() {
  return `{ unique${randomUUID().slice(0, 8)}: __typename ${'agencies(first:1){totalCount} '.repeat(1000)}}`;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function phase(url, name, attackers) {
  const stopAt = Date.now() + SECONDS * 1000;
  const statuses = new Map();
  let sent = 0;
  const attack = async () => {
    while (Date.now() < stopAt) {
      const body = JSON.stringify({ query: document() });
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }).catch(() => null);
      sent += 1;
      const status = response?.status ?? 'error';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      await response?.arrayBuffer().catch(() => undefined);
    }
  };
  const latencies = [];
  const probe = async () => {
    while (Date.now() < stopAt) {
      const started = performance.now();
      await fetch(`${url}/health/live`).then((response) => response.arrayBuffer());
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: attackers }, attack)]);
  latencies.sort((a, b) => a - b);
  const result = {
    phase: name,
    probes: latencies.length,
    p50: percentile(latencies, 50).toFixed(1),
    p99: percentile(latencies, 99).toFixed(1),
    max: latencies[latencies.length - 1].toFixed(1),
    attackRequests: sent,
    statuses: Object.fromEntries(statuses),
  };
  console.log(JSON.stringify(result));
  return result;
}

const BEFORE = process.env.BENCH_BEFORE;

async function withApi(extra, run, { database = DATABASE, main = API_MAIN } = {}) {
  const port = await freePort();
  const redisPrefix = `tsunagu-bench-attack-${process.pid}-${port}`;
  const { env } = appEnvironment({ databaseUrl: databaseUrl(database), redisPrefix, port }, extra);
  const api = spawn(process.execPath, [main], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitUntil('the API', async () => (await fetch(`${url}/health/ready`)).ok);
    return await run(url);
  } finally {
    api.kill('SIGTERM');
    await new Promise((resolve) => api.once('exit', resolve));
    await deleteRedisKeys(REDIS_URL, redisPrefix);
  }
}

async function migratedDatabase(name, cli) {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}"`);
  await adminQuery(`CREATE DATABASE "${name}"`);
  const { env } = appEnvironment({ databaseUrl: databaseUrl(name), redisPrefix: 'unused', port: 0 });
  execFileSync(process.execPath, [cli, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
}

try {
  await migratedDatabase(DATABASE, CLI);
  console.log(`${CLIENTS} clients without a key, ${SECONDS} s per phase, node ${process.version}`);
  await withApi({ RATE_LIMIT_ENABLED: 'true' }, async (url) => {
    await phase(url, 'baseline (no attack)', 0);
    await phase(url, 'attack, rate limits on (production defaults)', CLIENTS);
  });
  await withApi({ RATE_LIMIT_ENABLED: 'false' }, (url) => phase(url, 'attack, rate limits off', CLIENTS));
  if (BEFORE) {
    const dist = join(BEFORE, 'dist/apps/api/apps/api/src');
    await migratedDatabase(`${DATABASE}_before`, join(dist, 'cli.js'));
    await withApi({}, (url) => phase(url, `attack, build of ${BEFORE}`, CLIENTS), {
      database: `${DATABASE}_before`,
      main: join(dist, 'main.js'),
    });
  }
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`).catch(() => undefined);
  await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}_before" WITH (FORCE)`).catch(() => undefined);
}
