// GraphQL driver bench: Apollo + Express vs Mercurius + Fastify, same resolvers,
// same pg Pool (10), same machine, one server at a time.
//
//   node bench/graphql-driver/run.mjs
//
// Compiles the two apps (tsc), seeds `bench_driver_item`, runs the
// GraphQL-over-HTTP audits against each driver (Mercurius with and without the
// null-extensions fix), then 3 rounds of autocannon load in alternating order.
// Prints a markdown summary; writes raw JSON to bench/results/.
// Env: BENCH_DATABASE_URL, BENCH_DURATION (s, default 10), BENCH_WARMUP (s, default 2).
import { execFileSync, fork } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import autocannon from 'autocannon';
import { serverAudits } from 'graphql-http';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/bench-driver/bench/graphql-driver');
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const CONNECTIONS = 10;
const ROUNDS = 3;
const SEED_ROWS = 200;
const TABLE = 'bench_driver_item'; // same name as in common.ts

const DRIVERS = {
  apollo: { label: 'Apollo + Express', entry: 'apollo-express.js', env: {} },
  mercurius: { label: 'Mercurius + Fastify', entry: 'mercurius-fastify.js', env: {} },
  'mercurius+fix': {
    label: 'Mercurius + Fastify, null-extensions hook',
    entry: 'mercurius-fastify.js',
    env: { BENCH_FIX_NULL_EXTENSIONS: '1' },
  },
};

const WORKLOADS = {
  query: {
    query: '{ items(first: 20) { id name createdAt } }',
    check: (d) => d.items.length === 20,
  },
  mutation: {
    query: 'mutation { createItem(name: "bench") { id name createdAt } }',
    check: (d) => !!d.createItem.id,
  },
};

// ---- child processes -------------------------------------------------------

const children = new Set();
const killAll = () => children.forEach((c) => c.kill('SIGKILL'));
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

const compile = () =>
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(import.meta.dirname, 'tsconfig.json')], {
    stdio: 'inherit',
  });

/** Forks one bench app and resolves with its GraphQL URL once it listens. */
function startServer(name) {
  const { entry, env } = DRIVERS[name];
  // dist/ is shared with the project's own builds, which may clean it mid-run.
  if (!existsSync(join(DIST, entry))) compile();
  const child = fork(join(DIST, entry), {
    env: { ...process.env, ...env, NODE_ENV: 'production', BENCH_DATABASE_URL: DATABASE_URL },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: not ready after 30 s`)), 30_000);
    child.once('exit', (code) => reject(new Error(`${name}: exited early (${code})`)));
    child.once('message', ({ port }) => {
      clearTimeout(timer);
      resolve({ child, url: `http://127.0.0.1:${port}/graphql` });
    });
  });
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

// ---- database ----------------------------------------------------------------

async function withDb(fn) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const seed = () =>
  withDb(async (db) => {
    await db.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.query(`CREATE TABLE ${TABLE} (
      id serial PRIMARY KEY,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    await db.query(`INSERT INTO ${TABLE} (name) SELECT 'item ' || g FROM generate_series(1, $1) g`, [SEED_ROWS]);
  });

// Each measured run starts from the same ~200 rows (the mutation adds thousands).
const resetRows = () =>
  withDb(async (db) => {
    await db.query(`DELETE FROM ${TABLE} WHERE id > $1`, [SEED_ROWS]);
    await db.query(`VACUUM ${TABLE}`);
  });

// ---- audits --------------------------------------------------------------------

async function audit(name) {
  const { child, url } = await startServer(name);
  try {
    const results = [];
    // Sequential: several audits reuse the same server state and we want stable output.
    for (const { fn } of serverAudits({ url })) {
      const r = await fn();
      results.push({ id: r.id, name: r.name, status: r.status, reason: r.reason });
    }
    const failed = (level) => results.filter((r) => r.status !== 'ok' && r.name.startsWith(level));
    return {
      total: results.length,
      passed: results.filter((r) => r.status === 'ok').length,
      mustFailures: failed('MUST '),
      shouldFailures: failed('SHOULD '),
      mayFailures: failed('MAY '),
    };
  } finally {
    await stopServer(child);
  }
}

// ---- load ----------------------------------------------------------------------

async function sanityCheck(url, workload) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: workload.query }),
  });
  const json = await res.json();
  if (res.status !== 200 || json.errors || !workload.check(json.data)) {
    throw new Error(`sanity check failed: ${res.status} ${JSON.stringify(json)}`);
  }
}

const load = (url, query, duration) =>
  autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    connections: CONNECTIONS,
    duration,
  });

async function benchDriver(name) {
  const { child, url } = await startServer(name);
  try {
    const out = {};
    for (const [wl, workload] of Object.entries(WORKLOADS)) {
      await resetRows();
      await sanityCheck(url, workload);
      await load(url, workload.query, WARMUP);
      const r = await load(url, workload.query, DURATION);
      out[wl] = {
        reqPerSec: r.requests.average,
        p50: r.latency.p50,
        p99: r.latency.p99,
        total: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
      };
    }
    return out;
  } finally {
    await stopServer(child);
  }
}

// ---- report --------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function summarize(rounds) {
  const summary = {};
  for (const wl of Object.keys(WORKLOADS)) {
    summary[wl] = {};
    for (const d of ['apollo', 'mercurius']) {
      const runs = rounds.map((r) => r.results[d][wl]);
      const rps = runs.map((x) => x.reqPerSec);
      summary[wl][d] = {
        reqPerSec: median(rps),
        reqPerSecRange: [Math.min(...rps), Math.max(...rps)],
        p50: median(runs.map((x) => x.p50)),
        p99: median(runs.map((x) => x.p99)),
        failedRequests: runs.reduce((n, x) => n + x.non2xx + x.errors + x.timeouts, 0),
      };
    }
    summary[wl].ratio = summary[wl].mercurius.reqPerSec / summary[wl].apollo.reqPerSec;
  }
  return summary;
}

function markdown({ summary, audits }) {
  const lines = [
    `| workload | driver | req/s (median of ${ROUNDS}) | req/s min–max | p50 ms | p99 ms |`,
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const [wl, s] of Object.entries(summary)) {
    for (const d of ['apollo', 'mercurius']) {
      const x = s[d];
      const [lo, hi] = x.reqPerSecRange.map((n) => n.toFixed(0));
      lines.push(`| ${wl} | ${DRIVERS[d].label} | ${x.reqPerSec.toFixed(0)} | ${lo}–${hi} | ${x.p50} | ${x.p99} |`);
    }
    lines.push(`| ${wl} | **Mercurius / Apollo** | **${s.ratio.toFixed(2)}×** | | | |`);
  }
  lines.push('', 'GraphQL-over-HTTP audits (graphql-http serverAudits):', '');
  for (const [d, a] of Object.entries(audits)) {
    lines.push(
      `- ${DRIVERS[d].label}: ${a.passed}/${a.total} ok, ` +
        `${a.mustFailures.length} MUST, ${a.shouldFailures.length} SHOULD, ${a.mayFailures.length} MAY not ok`,
    );
    for (const f of [...a.mustFailures, ...a.shouldFailures]) {
      lines.push(`  - ${f.status} \`${f.name}\`: ${f.reason}`);
    }
  }
  return lines.join('\n');
}

// ---- main ------------------------------------------------------------------------

const startedAt = new Date();
compile();
await seed();

const audits = {};
const rounds = [];
try {
  for (const name of Object.keys(DRIVERS)) audits[name] = await audit(name);

  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first so drift (thermal, autovacuum, caches) hits both.
    const order = i % 2 === 0 ? ['apollo', 'mercurius'] : ['mercurius', 'apollo'];
    const results = {};
    for (const d of order) results[d] = await benchDriver(d);
    rounds.push({ order, results });
  }
} finally {
  await withDb((db) => db.query(`DROP TABLE IF EXISTS ${TABLE}`));
}

const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    postgres: await withDb(async (db) => (await db.query('SHOW server_version')).rows[0].server_version),
  },
  config: {
    connections: CONNECTIONS,
    durationSec: DURATION,
    warmupSec: WARMUP,
    rounds: ROUNDS,
    seedRows: SEED_ROWS,
    poolSize: 10,
  },
  workloads: Object.fromEntries(Object.entries(WORKLOADS).map(([k, v]) => [k, v.query])),
  summary: summarize(rounds),
  rounds,
  audits,
};

const resultsDir = join(ROOT, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `graphql-driver-${report.startedAt.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + '\n');

console.log(markdown(report));
console.log(`\nraw results: ${relative(ROOT, file)}`);
