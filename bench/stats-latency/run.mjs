// Statistics latency on the generated network (bench/stats-data/generate.mjs, a million referrals by
// default): `responseTimeStats` for each groupBy and `unmetNeeds` over the last 30 and 90 days and the whole
// two years, plus one agency's months, through the built API over HTTP as the hub admin (who sees every
// agency's figures).
//
//   npm run build && npm run bench:stats-data && npm run bench:stats
//
// Migrates the generated database first (timed: it is what an upgrade costs on that much data), then for each
// query 1 warm-up and BENCH_REPEAT (default 5) timed runs; prints the median and the slowest.
// Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/test),
//      BENCH_STATS_DATABASE (default tsunagu_bench_stats), BENCH_REDIS_URL, BENCH_REPEAT,
//      BENCH_ONLY (a regular expression: only the cases whose "query range" matches, e.g. 'AGENCY.*30 days'),
//      BENCH_PROFILE_DIR (the API writes a V8 CPU profile there when it exits); STATS_* settings are passed
//      to the API (e.g. STATS_SHARE_ROWS=1000000000 to read every statement on one connection).
import { execFileSync, spawn } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ADMIN_URL, API_MAIN, CLI, appEnvironment, deleteRedisKeys, freePort, median } from '../lib/common.mjs';

const DATABASE = process.env.BENCH_STATS_DATABASE ?? 'tsunagu_bench_stats';
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const ONLY = new RegExp(process.env.BENCH_ONLY ?? '');

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
let api;
process.on('exit', () => api?.kill('SIGKILL'));

const SUMMARY = 'count percentileSampleSize p50Ms p90Ms p95Ms maxMs meanMs';
const MEASURE = `calendar { ${SUMMARY} } business { ${SUMMARY} }`;
const RESPONSE_TIME_STATS = `query ($filter: StatsFilter, $groupBy: StatsGroupBy!) {
  responseTimeStats(filter: $filter, groupBy: $groupBy) {
    key referralCount
    acknowledge { ${MEASURE} } decision { ${MEASURE} } start { ${MEASURE} } completion { ${MEASURE} }
    acknowledgeTarget { met missed share } decisionTarget { met missed share }
    overdue { acknowledge decision total }
    backlog { age open awaitingDecision }
  }
}`;
const UNMET_NEEDS = `query ($filter: StatsFilter) {
  unmetNeeds(filter: $filter) { needCategory municipalityCode period referralCount personCount }
}`;

async function main() {
  const databaseUrl = new URL(ADMIN_URL);
  databaseUrl.pathname = `/${DATABASE}`;
  const probe = new pg.Client({ connectionString: databaseUrl.toString() });
  await probe.connect().catch(() => {
    throw new Error(`no database ${DATABASE}: run \`npm run bench:stats-data\` first`);
  });
  const { rows } = await probe.query('SELECT count(*)::int AS referrals, max(sent_at) AS newest FROM referral');
  await probe.end();
  const { referrals, newest } = rows[0];

  const port = await freePort();
  const { env, adminKey } = appEnvironment(
    { databaseUrl: databaseUrl.toString(), redisPrefix: `tsunagu-bench-stats-${process.pid}`, port },
    Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('STATS_'))),
  );
  const migrateStarted = performance.now();
  execFileSync(process.execPath, [CLI, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [CLI, 'seed'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const migrateSeconds = (performance.now() - migrateStarted) / 1000;
  // The monthly totals, as the worker keeps them (every month before the current one).
  const rollupStarted = performance.now();
  execFileSync(process.execPath, [CLI, 'stats:rollup'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const rollupSeconds = (performance.now() - rollupStarted) / 1000;
  // What autovacuum does on a live database (the visibility map behind index-only scans, fresh statistics);
  // a PostgreSQL with autovacuum off, or a database just generated, has not had it yet.
  const vacuumStarted = performance.now();
  const vacuumClient = new pg.Client({ connectionString: databaseUrl.toString() });
  await vacuumClient.connect();
  await vacuumClient.query(
    'VACUUM (ANALYZE) referral_timing, referral_timing_month, referral_timing_month_agency, referral_timing_month_network, referral',
  );
  await vacuumClient.end();
  const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  api = spawn(process.execPath, [...profile, API_MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let tries = 0; ; tries += 1) {
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (tries > 600) throw new Error('the API did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const run = async (query, variables) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    const ms = performance.now() - started;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    const rows = Object.values(body.data)[0];
    // The share of acknowledgement times the percentiles were computed from (1: exact).
    const summaries = rows.map((row) => row.acknowledge?.calendar).filter(Boolean);
    const counted = summaries.reduce((sum, summary) => sum + summary.count, 0);
    const sampled = summaries.reduce((sum, summary) => sum + summary.percentileSampleSize, 0);
    return { ms, rows: rows.length, share: counted > 0 ? sampled / counted : null };
  };
  const end = new Date(newest);
  const daysBack = (days) => ({
    from: new Date(end.getTime() - days * 86400_000).toISOString(),
    to: end.toISOString(),
  });
  const cases = [];
  for (const [range, filter] of [
    ['last 30 days', daysBack(30)],
    ['last 90 days', daysBack(90)],
    ['two years', {}],
  ]) {
    for (const groupBy of ['AGENCY', 'SECTOR', 'URGENCY', 'WEEK', 'MONTH']) {
      cases.push({
        name: `responseTimeStats(${groupBy})`,
        range,
        query: RESPONSE_TIME_STATS,
        variables: { filter, groupBy },
      });
    }
    cases.push({ name: 'unmetNeeds', range, query: UNMET_NEEDS, variables: { filter } });
  }
  // One agency's trend over the whole history: "since when is it slow?"
  const [{ id: busiest }] = await (async () => {
    const client = new pg.Client({ connectionString: databaseUrl.toString() });
    await client.connect();
    try {
      return (await client.query('SELECT to_agency_id AS id FROM referral GROUP BY 1 ORDER BY count(*) DESC LIMIT 1'))
        .rows;
    } finally {
      await client.end();
    }
  })();
  cases.push({
    name: 'responseTimeStats(MONTH)',
    range: 'two years, one agency',
    query: RESPONSE_TIME_STATS,
    variables: { filter: { agencyId: busiest }, groupBy: 'MONTH' },
  });
  const lines = [
    `Run ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `${referrals} referrals; migrate + seed on them: ${migrateSeconds.toFixed(1)} s; monthly totals built in ${rollupSeconds.toFixed(1)} s; VACUUM (ANALYZE) in ${vacuumSeconds.toFixed(1)} s; ${REPEAT} timed runs after 1 warm-up`,
    '',
    '| query | range | groups | median ms | slowest ms | percentiles from |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  for (const item of cases.filter((item) => ONLY.test(`${item.name} ${item.range}`))) {
    await run(item.query, item.variables);
    const times = [];
    let groups = 0;
    let share = null;
    for (let i = 0; i < REPEAT; i += 1) {
      const result = await run(item.query, item.variables);
      times.push(result.ms);
      groups = result.rows;
      share = result.share;
    }
    const from = share === null ? '' : share === 1 ? 'all (exact)' : `${(share * 100).toFixed(1)} %`;
    lines.push(
      `| ${item.name} | ${item.range} | ${groups} | ${median(times).toFixed(0)} | ${Math.max(...times).toFixed(0)} | ${from} |`,
    );
    log(`${item.name} ${item.range}: ${median(times).toFixed(0)} ms`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main()
  .catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  })
  .finally(async () => {
    api?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await deleteRedisKeys(
      process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
      `tsunagu-bench-stats-${process.pid}`,
    ).catch(() => undefined);
    process.exit(process.exitCode ?? 0);
  });
