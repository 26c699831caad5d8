// The clock reconciliation at scale: BENCH_CLOCK_REFERRALS open referrals (four SLA jobs each: the
// reminder and breach of both clocks, all due in days) and BENCH_CLOCK_CONSENTS consents expiring within a
// year (two jobs each), in a database of their own, and a Redis key prefix with none of their jobs (a Redis
// restarted empty). The built worker starts on them; its first reconciliation round re-creates every job,
// the next ones find them all. Prints the rounds' durations from the worker's log.
//
//   npm run build && npm run bench:clocks
//
// Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL,
//      BENCH_CLOCK_REFERRALS (default 10000), BENCH_CLOCK_CONSENTS (default 10000).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { REDIS_URL, ROOT, WORKER_MAIN, adminQuery, databaseUrl, deleteRedisKeys, freePort } from '../lib/common.mjs';

const DATABASE = 'tsunagu_bench_clocks';
const REFERRALS = Number(process.env.BENCH_CLOCK_REFERRALS ?? 10_000);
const CONSENTS = Number(process.env.BENCH_CLOCK_CONSENTS ?? 10_000);
const ROUNDS = 3;
const PREFIX = `bench-clocks-${randomBytes(4).toString('hex')}`;

const log = (message) => process.stderr.write(`[clocks] ${message}\n`);

async function main() {
  // The statistics generator makes the network, persons and referrals; the referrals are then all made open.
  execFileSync(process.execPath, [join(ROOT, 'bench/stats-data/generate.mjs')], {
    env: {
      ...process.env,
      BENCH_STATS_DATABASE: DATABASE,
      BENCH_REFERRALS: String(REFERRALS),
      BENCH_PERSONS: String(Math.max(CONSENTS, 1000)),
      BENCH_AGENCIES_PER_SECTOR: '1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = databaseUrl(DATABASE);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  await db.query(`
    UPDATE referral
       SET status = 'REQUESTED', sent_at = now() - interval '1 hour', acknowledged_at = NULL, decided_at = NULL,
           started_at = NULL, closed_at = NULL, decline_reason = NULL,
           acknowledge_due_at = now() + interval '1 day' + (random() * interval '1 day'),
           decision_due_at = now() + interval '3 days' + (random() * interval '1 day'),
           acknowledge_reminded_at = NULL, acknowledge_breached_at = NULL,
           decision_reminded_at = NULL, decision_breached_at = NULL`);
  await db.query(
    `INSERT INTO consent (person_id, recipient_sector, purposes, data_categories, method, obtained_at, expires_at,
                          recorded_by_agency_id)
     SELECT p.id, 'HOUSING', ARRAY['REFERRAL'], ARRAY['IDENTITY'], 'WRITTEN', now() - interval '1 day',
            now() + interval '30 days' + (random() * interval '300 days'), p.registered_by_agency_id
       FROM person p LIMIT $1`,
    [CONSENTS],
  );
  await db.query('ANALYZE');
  const { rows } = await db.query(
    `SELECT (SELECT count(*)::int FROM referral) AS referrals,
            (SELECT count(*)::int FROM consent WHERE expires_at > now()) AS consents`,
  );
  await db.end();
  log(`open referrals ${rows[0].referrals}, consents expiring ${rows[0].consents}`);

  const port = await freePort();
  const worker = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      DATABASE_ROLE_CHECK: 'off',
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
      SECRETS_KEY: randomBytes(32).toString('base64'),
      WORKER_HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      CLOCK_RECONCILE_INTERVAL_MS: '2000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const rounds = [];
  let buffer = '';
  const done = new Promise((resolve, reject) => {
    worker.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
    worker.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop();
      for (const line of lines) {
        const message = line.startsWith('{') ? JSON.parse(line).msg : line;
        if (/^Clock (jobs missing|reconciliation)/.test(message ?? '')) {
          rounds.push(message);
          log(message);
          if (rounds.length === ROUNDS) resolve();
        }
      }
    });
  });
  const timeout = setTimeout(() => worker.kill('SIGKILL'), 10 * 60_000);
  try {
    await done;
  } finally {
    clearTimeout(timeout);
    worker.kill('SIGTERM');
    await new Promise((resolve) => (worker.exitCode === null ? worker.once('exit', resolve) : resolve()));
    await deleteRedisKeys(REDIS_URL, PREFIX);
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  }
  const ms = rounds.map((round) => Number(/\((?:round of )?(\d+) ms\)/.exec(round)?.[1]));
  console.log(
    JSON.stringify({
      machine: `${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      date: new Date().toISOString(),
      openReferrals: REFERRALS,
      consents: CONSENTS,
      jobs: REFERRALS * 4 + CONSENTS * 2,
      firstRoundMs: ms[0],
      laterRoundsMs: ms.slice(1),
    }),
  );
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
