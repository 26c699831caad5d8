// Webhook latency bench: how long after `acceptReferral` returns does the sender's webhook endpoint get the
// `referral.accepted` event, at a fixed rate of transitions per second? Measured next to the raw BullMQ
// floor on the same Redis in the same run: a job added, processed by a no-op worker, completed.
//
//   npm run bench:webhooks            (needs `npm run build`)
//
// It starts the built API and worker as child processes on a database of its own (created and dropped
// here), registers a webhook pointing at a sink in this process, prepares referrals up to RECEIVED, then for
// each rate and round alternates the two measurements. Prints a markdown summary; raw JSON in bench/results/.
// Env: BENCH_DATABASE_URL (an admin URL; default postgres://postgres@127.0.0.1:5432/test),
//      BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_RATES (default 50,200),
//      BENCH_DURATION (s per measurement, default 8), BENCH_ROUNDS (default 3), BENCH_PROFILE_DIR (CPU profiles),
//      BENCH_NODE_OPTIONS (Node options for the API and the worker only).
// The raw JSON also keeps each accepted referral's latency and hops, by when its call returned (`samples`).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import {
  API_MAIN,
  CLI,
  REDIS_URL,
  ROOT,
  WORKER_MAIN,
  adminQuery,
  appEnvironment,
  benchAgency,
  consentedPerson,
  databaseUrl,
  deleteRedisKeys,
  freePort,
  graphqlClient,
  median,
  waitUntil,
} from '../lib/common.mjs';

const RATES = (process.env.BENCH_RATES ?? '50,200').split(',').map(Number);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DATABASE = `tsunagu_bench_webhooks_${process.pid}`;
const PREFIX = `tsunagu-bench-${process.pid}`;
const PREPARE_CONCURRENCY = 8;

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

// ---- processes and services ------------------------------------------------

const children = new Set();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function start(name, main, env) {
  // BENCH_PROFILE_DIR: each process writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child = spawn(process.execPath, [...profile, main], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  children.add(child);
  child.once('exit', (code) => {
    children.delete(child);
    if (code !== 0 && code !== null) log(`${name} exited with ${code}`);
  });
  return child;
}

// ---- GraphQL ----------------------------------------------------------------

async function pool(items, concurrency, run) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

// ---- statistics -------------------------------------------------------------

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

/** Calls `fire(i)` `rate` times a second for `seconds`, open loop (a slow call does not delay the next). */
async function atRate(rate, seconds, fire) {
  const total = rate * seconds;
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(fire(i));
  }
  await Promise.all(pending);
  return { sent: total, seconds: (performance.now() - started) / 1000 };
}

// ---- the two measurements -----------------------------------------------------

/** Milliseconds since the epoch of a `performance.now()` reading, comparable with BullMQ's job timestamps. */
const epoch = (now) => performance.timeOrigin + now;

/**
 * Where the time between `acceptReferral` returning and the sink receiving goes, per referral, from what the
 * pipeline itself records: the FAN_OUT_EVENT job (its id is the outbox event's) and the DELIVER_WEBHOOK job
 * (its id is the delivery's) keep when they were added, started and finished.
 */
const HOPS = [
  ['relay', 'accept returned → fan-out job added (outbox relay)'],
  ['eventsWait', 'fan-out job added → started (events queue)'],
  ['fanOut', 'fan-out started → webhook job added (fan-out)'],
  ['webhooksWait', 'webhook job added → started (webhooks queue)'],
  ['post', 'webhook job started → sink received (signed POST)'],
];

async function hopsOf({ db, eventsQueue, webhooksQueue, returned, sink }) {
  const { rows } = await db.query(
    `SELECT o.aggregate_id AS referral_id, o.id AS event_id, d.id AS delivery_id
       FROM outbox_event o JOIN webhook_delivery d ON d.event_id = o.id
      WHERE o.type = 'referral.accepted' AND o.aggregate_id = ANY($1::uuid[])`,
    [[...returned.keys()]],
  );
  const hops = Object.fromEntries(HOPS.map(([name]) => [name, []]));
  const samples = [];
  for (const row of rows) {
    const [fanOut, deliver] = await Promise.all([
      eventsQueue.getJob(row.event_id),
      webhooksQueue.getJob(row.delivery_id),
    ]);
    const received = sink.received.get(row.referral_id);
    if (!fanOut?.processedOn || !deliver?.processedOn || received === undefined) continue;
    hops.relay.push(fanOut.timestamp - epoch(returned.get(row.referral_id)));
    hops.eventsWait.push(fanOut.processedOn - fanOut.timestamp);
    hops.fanOut.push(deliver.timestamp - fanOut.processedOn);
    hops.webhooksWait.push(deliver.processedOn - deliver.timestamp);
    hops.post.push(epoch(received) - deliver.processedOn);
    samples.push({
      returned: returned.get(row.referral_id),
      latency: received - returned.get(row.referral_id),
      ...Object.fromEntries(HOPS.map(([name]) => [name, hops[name].at(-1)])),
    });
  }
  return {
    summaries: Object.fromEntries(Object.entries(hops).map(([name, values]) => [name, summary(values)])),
    samples,
  };
}

async function measureWebhook({ gql, recipientKey, referralIds, sink, rate, pipeline }) {
  const returned = new Map();
  const callLatency = [];
  const errors = [];
  const started = performance.now();
  const run = await atRate(rate, DURATION, async (i) => {
    const id = referralIds[i];
    const t0 = performance.now();
    try {
      await gql(recipientKey, 'mutation ($id: ID!) { acceptReferral(id: $id) { id status } }', { id });
      const t1 = performance.now();
      returned.set(id, t1);
      callLatency.push(t1 - t0);
    } catch (error) {
      errors.push(String(error));
    }
  });
  await waitUntil(
    'every accepted event at the sink',
    async () => [...returned.keys()].every((id) => sink.received.has(id)),
    60_000,
  ).catch(() => undefined);
  const latency = [];
  let missing = 0;
  const perHop = await hopsOf({ ...pipeline, returned, sink });
  for (const [id, t1] of returned) {
    const at = sink.received.get(id);
    if (at === undefined) missing += 1;
    else latency.push(at - t1);
  }
  return {
    rate,
    achieved: run.sent / run.seconds,
    errors: errors.length,
    missing,
    call: summary(callLatency),
    latency: summary(latency),
    hops: perHop.summaries,
    // Each accepted referral's latency and hops, by when its call returned (ms since the round's first call):
    // for finding when the slow ones happened. Only in the raw JSON.
    samples: perHop.samples
      .map((sample) => ({ ...sample, returned: sample.returned - started }))
      .sort((a, b) => a.returned - b.returned),
  };
}

async function measureBullmq({ rate }) {
  const connection = { url: REDIS_URL, maxRetriesPerRequest: null };
  const name = `bench-raw-${rate}-${randomBytes(3).toString('hex')}`;
  const queue = new Queue(name, { connection, prefix: `${PREFIX}:bull` });
  const events = new Map();
  const latency = [];
  const worker = new Worker(name, async () => undefined, { connection, prefix: `${PREFIX}:bull`, concurrency: 16 });
  worker.on('completed', (job) => {
    const t0 = events.get(job.id);
    if (t0 !== undefined) latency.push(performance.now() - t0);
  });
  await worker.waitUntilReady();
  const run = await atRate(rate, DURATION, async (i) => {
    const id = `j${i}`;
    events.set(id, performance.now());
    await queue.add('noop', { i }, { jobId: id, removeOnComplete: true });
  });
  await waitUntil('every raw job completed', async () => latency.length >= run.sent, 30_000).catch(() => undefined);
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { rate, achieved: run.sent / run.seconds, missing: run.sent - latency.length, latency: summary(latency) };
}

// ---- main -------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}"`);
  await adminQuery(`CREATE DATABASE "${DATABASE}"`);
  const apiPort = await freePort();
  const { env, adminKey } = appEnvironment(
    { databaseUrl: databaseUrl(DATABASE), redisPrefix: PREFIX, port: apiPort },
    { WORKER_HEALTH_PORT: String(await freePort()), WEBHOOK_ALLOWED_PRIVATE_NETWORKS: '127.0.0.1/32' },
  );
  execFileSync(process.execPath, [CLI, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  start('api', API_MAIN, env);
  start('worker', WORKER_MAIN, env);
  await waitUntil('the API', async () => (await fetch(`http://127.0.0.1:${apiPort}/health/ready`)).ok);
  await waitUntil(
    'the worker',
    async () => (await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/ready`)).ok,
  );
  const gql = graphqlClient(`http://127.0.0.1:${apiPort}/graphql`);

  // The sink: answers 200 at once and notes when each referral's accepted event arrived.
  const sink = { received: new Map(), requests: 0 };
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const at = performance.now();
      sink.requests += 1;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!sink.received.has(event.data.referralId)) sink.received.set(event.data.referralId, at);
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${server.address().port}/hooks`;

  const scopes = [
    'directory:read',
    'persons:read',
    'persons:write',
    'referrals:read',
    'referrals:write',
    'webhooks:manage',
  ];
  const agency = (code, sector, needCategories) => benchAgency(gql, adminKey, { code, sector, needCategories, scopes });

  const sender = await agency('BENCH-SENDER', 'POVERTY', ['INCOME']);
  const recipient = await agency('BENCH-RECIPIENT', 'HOUSING', ['HOUSING']);
  await gql(
    sender.key,
    'mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id } signingSecret } }',
    { input: { url: sinkUrl, events: ['referral.accepted'], description: 'bench sink' } },
  );
  const { personId } = await consentedPerson(gql, sender, recipient, 'ベンチ');

  // Referrals sent and acknowledged, ready to accept: one per accept of every measurement.
  const needed = ROUNDS * RATES.reduce((sum, rate) => sum + rate * DURATION, 0);
  log(`preparing ${needed} referrals …`);
  const referralIds = [];
  await pool(
    Array.from({ length: needed }, (_, i) => i),
    PREPARE_CONCURRENCY,
    async () => {
      const { createReferral } = await gql(
        sender.key,
        'mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id } }',
        {
          input: {
            personId,
            toAgencyId: recipient.id,
            needCategories: ['HOUSING'],
            summary: 'bench',
            urgency: 'NORMAL',
            sharedCategories: ['IDENTITY'],
            send: true,
          },
        },
      );
      await gql(recipient.key, 'mutation ($id: ID!) { acknowledgeReferral(id: $id) { id } }', {
        id: createReferral.id,
      });
      referralIds.push(createReferral.id);
    },
  );
  // Let the worker fan out the preparation's events before measuring.
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  const eventsQueue = new Queue('events', { connection: { url: REDIS_URL }, prefix: `${PREFIX}:bull` });
  const webhooksQueue = new Queue('webhooks', { connection: { url: REDIS_URL }, prefix: `${PREFIX}:bull` });
  const pipeline = { db, eventsQueue, webhooksQueue };
  await waitUntil(
    'the preparation events to be fanned out',
    async () => {
      const { rows } = await db.query('SELECT count(*)::int AS n FROM outbox_event WHERE relayed_at IS NULL');
      const counts = await eventsQueue.getJobCounts('waiting', 'active', 'delayed');
      return rows[0].n === 0 && counts.waiting + counts.active + counts.delayed === 0;
    },
    300_000,
  );

  const results = [];
  let offset = 0;
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const rate of RATES) {
      const ids = referralIds.slice(offset, offset + rate * DURATION);
      offset += rate * DURATION;
      const pair = [
        async () =>
          results.push({
            round,
            kind: 'webhook',
            ...(await measureWebhook({ gql, recipientKey: recipient.key, referralIds: ids, sink, rate, pipeline })),
          }),
        async () => results.push({ round, kind: 'bullmq', ...(await measureBullmq({ rate })) }),
      ];
      // Alternate which goes first, round by round.
      for (const measure of round % 2 ? pair : pair.reverse()) await measure();
      log(`round ${round}, ${rate}/s done`);
    }
  }

  // Report.
  const lines = [
    `Run ${startedAt.toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `${ROUNDS} rounds × ${DURATION} s per rate; medians over rounds of each round's p50 / p99 (ms)`,
    '',
    '| rate (/s) | accepts/s achieved | acceptReferral → sink p50 | p99 | BullMQ enqueue → completed p50 | p99 | ratio p50 | ratio p99 | acceptReferral call p50 / p99 | lost |',
    '| --------: | -----------------: | ------------------------: | --: | -----------------------------: | --: | --------: | --------: | ----------------------------: | ---: |',
  ];
  for (const rate of RATES) {
    const webhook = results.filter((r) => r.kind === 'webhook' && r.rate === rate);
    const raw = results.filter((r) => r.kind === 'bullmq' && r.rate === rate);
    const w50 = median(webhook.map((r) => r.latency.p50));
    const w99 = median(webhook.map((r) => r.latency.p99));
    const b50 = median(raw.map((r) => r.latency.p50));
    const b99 = median(raw.map((r) => r.latency.p99));
    const c50 = median(webhook.map((r) => r.call.p50));
    const c99 = median(webhook.map((r) => r.call.p99));
    const lost = webhook.reduce((sum, r) => sum + r.missing + r.errors, 0) + raw.reduce((sum, r) => sum + r.missing, 0);
    lines.push(
      `| ${rate} | ${median(webhook.map((r) => r.achieved)).toFixed(0)} | ${w50.toFixed(1)} | ${w99.toFixed(1)} | ${b50.toFixed(2)} | ${b99.toFixed(2)} | ${(w50 / b50).toFixed(1)}× | ${(w99 / b99).toFixed(1)}× | ${c50.toFixed(1)} / ${c99.toFixed(1)} | ${lost} |`,
    );
  }
  lines.push(
    '',
    "Per hop, from the jobs' own timestamps (medians over rounds of each round's p50 / p99, ms):",
    '',
    `| hop | ${RATES.map((rate) => `${rate}/s p50 | p99`).join(' | ')} |`,
    `| --- | ${RATES.map(() => '--: | --:').join(' | ')} |`,
  );
  for (const [name, label] of HOPS) {
    const cells = RATES.map((rate) => {
      const rounds = results.filter((r) => r.kind === 'webhook' && r.rate === rate && r.hops[name].n > 0);
      return `${median(rounds.map((r) => r.hops[name].p50)).toFixed(1)} | ${median(rounds.map((r) => r.hops[name].p99)).toFixed(1)}`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  const output = join(ROOT, 'bench/results');
  mkdirSync(output, { recursive: true });
  const file = join(output, `webhook-latency-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { startedAt, rates: RATES, duration: DURATION, rounds: ROUNDS, sinkRequests: sink.requests, results },
      null,
      2,
    ),
  );
  process.stdout.write(`${lines.join('\n')}\n\nraw: ${relative(ROOT, file)}\n`);

  await eventsQueue.close();
  await webhooksQueue.close();
  await db.end();
  server.close();
  const exited = [...children].map((child) => new Promise((resolve) => child.once('exit', resolve)));
  for (const child of children) child.kill('SIGTERM');
  await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 15_000))]);
}

main()
  .catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children) child.kill('SIGKILL');
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`).catch(() => undefined);
    await deleteRedisKeys(REDIS_URL, PREFIX).catch(() => undefined);
    process.exit(process.exitCode ?? 0);
  });
