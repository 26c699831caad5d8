// Hot-path throughput: the referral round trip every partner runs — `createReferral(send: true)`, then
// `acknowledgeReferral`, then `acceptReferral` — under autocannon with 10 connections against the built API,
// next to the raw limit measured in the same run: 10 plain `pg` clients doing the same writes per
// transaction on the same PostgreSQL (referral + CREATED and SENT events + their outbox rows; then for each
// transition a locked read, an update, the event and its outbox row).
//
//   npm run build && npm run bench:hot-path
//
// The API runs alone (no worker: the outbox rows wait, as they would for a moment in production), on a
// database of the run's own. 3 rounds alternate which of the two goes first. Prints a markdown summary; raw
// JSON in bench/results/.
// Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL,
//      BENCH_DURATION (s per measurement, default 10), BENCH_ROUNDS (default 3), BENCH_PROFILE_DIR (the API writes
//      a V8 CPU profile there when it exits; open it in Chrome DevTools), BENCH_NODE_OPTIONS (Node options for
//      the API only).
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import pg from 'pg';
import {
  API_MAIN,
  CLI,
  REDIS_URL,
  ROOT,
  adminQuery,
  appEnvironment,
  benchAgency,
  consentedPerson,
  databaseUrl,
  deleteRedisKeys,
  freePort,
  graphqlClient,
  median,
} from '../lib/common.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const DATABASE = `tsunagu_bench_hot_path_${process.pid}`;

const log = (message) => process.stderr.write(`[bench] ${message}\n`);
let api;
process.on('exit', () => api?.kill('SIGKILL'));

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
// ---- the API under autocannon ----------------------------------------------------

const CREATE = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id status } }`;
const ACK = `mutation ($id: ID!) { acknowledgeReferral(id: $id) { id status } }`;
const ACCEPT = `mutation ($id: ID!) { acceptReferral(id: $id) { id status } }`;

function measureApi(url, setup) {
  const input = {
    personId: setup.personId,
    toAgencyId: setup.recipient.id,
    needCategories: ['HOUSING'],
    summary: 'bench',
    urgency: 'NORMAL',
    sharedCategories: ['IDENTITY'],
    send: true,
  };
  let errors = 0;
  const check = (field, status) => (statusCode, body, context) => {
    const parsed = JSON.parse(body);
    const data = parsed.data?.[field];
    if (statusCode !== 200 || !data || data.status !== status) errors += 1;
    if (data) context.id = data.id;
  };
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${url}/graphql`,
        method: 'POST',
        connections: CONNECTIONS,
        duration: DURATION,
        requests: [
          {
            headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.sender.key}` },
            body: JSON.stringify({ query: CREATE, variables: { input } }),
            onResponse: check('createReferral', 'REQUESTED'),
          },
          {
            headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.recipient.key}` },
            setupRequest: (request, context) => ({
              ...request,
              body: JSON.stringify({ query: ACK, variables: { id: context.id } }),
            }),
            onResponse: check('acknowledgeReferral', 'RECEIVED'),
          },
          {
            headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.recipient.key}` },
            setupRequest: (request, context) => ({
              ...request,
              body: JSON.stringify({ query: ACCEPT, variables: { id: context.id } }),
            }),
            onResponse: check('acceptReferral', 'ACCEPTED'),
          },
        ],
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          roundTripsPerSecond: result.requests.total / 3 / DURATION,
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: errors + result.errors + result.timeouts,
          total: result.requests.total,
        });
      },
    );
  });
}

// ---- the raw limit: the same writes with plain pg ------------------------------------

async function measureRaw(databaseUrl, setup) {
  const clients = await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const latencies = [];
  let statements = 0;
  const deadline = performance.now() + DURATION * 1000;
  const timed = async (work) => {
    const started = performance.now();
    await work();
    latencies.push(performance.now() - started);
  };
  const outbox = (client, id, type, referralId, agencyIds) =>
    client.query(
      `INSERT INTO outbox_event (id, type, aggregate_id, agency_ids, payload, occurred_at) VALUES ($1, $2, $3, $4, $5, now())`,
      [id, type, referralId, agencyIds, { eventId: id, type, referralId }],
    );
  const transition = async (client, id, from, to, type, column) => {
    await client.query('BEGIN');
    const { rows } = await client.query('SELECT status, version FROM referral WHERE id = $1 FOR UPDATE', [id]);
    if (rows[0].status !== from) throw new Error(`unexpected status ${rows[0].status}`);
    await client.query(
      `UPDATE referral SET status = $2, ${column} = now(), version = version + 1, updated_at = now() WHERE id = $1 AND version = $3`,
      [id, to, rows[0].version],
    );
    const eventId = randomUUID();
    await client.query(
      `INSERT INTO referral_event (id, referral_id, type, from_status, to_status, actor_agency_id, at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
      [eventId, id, type, from, to, setup.recipient.id],
    );
    await outbox(client, eventId, `referral.${type.toLowerCase()}`, id, [setup.sender.id, setup.recipient.id]);
    await client.query('COMMIT');
  };
  let roundTrips = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const id = randomUUID();
        await timed(async () => {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO referral (id, from_agency_id, to_agency_id, person_id, status, urgency, need_categories, summary,
               shared_categories, legal_basis, consent_ids, sent_at, acknowledge_due_at, decision_due_at)
             VALUES ($1, $2, $3, $4, 'REQUESTED', 'NORMAL', '{HOUSING}', 'bench', '{IDENTITY}', 'CONSENT', $5, now(),
               now() + interval '2 days', now() + interval '7 days')`,
            [id, setup.sender.id, setup.recipient.id, setup.personId, [setup.consentId]],
          );
          for (const [type, from, to] of [
            ['CREATED', null, 'DRAFT'],
            ['SENT', 'DRAFT', 'REQUESTED'],
          ]) {
            const eventId = randomUUID();
            await client.query(
              `INSERT INTO referral_event (id, referral_id, type, from_status, to_status, actor_agency_id, at) VALUES ($1, $2, $3, $4, $5, $6, now())`,
              [eventId, id, type, from, to, setup.sender.id],
            );
            await outbox(client, eventId, `referral.${type.toLowerCase()}`, id, [setup.sender.id]);
          }
          await client.query('COMMIT');
        });
        await timed(() => transition(client, id, 'REQUESTED', 'RECEIVED', 'ACKNOWLEDGED', 'acknowledged_at'));
        await timed(() => transition(client, id, 'RECEIVED', 'ACCEPTED', 'ACCEPTED', 'decided_at'));
        roundTrips += 1;
        statements += 2 + 1 + 2 * 2 + 2 * 6;
      }
    }),
  );
  await Promise.all(clients.map((client) => client.end()));
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: latencies.length / DURATION,
    roundTripsPerSecond: roundTrips / DURATION,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    statements,
  };
}

// ---- main ---------------------------------------------------------------------------

async function main() {
  const startedAt = new Date();
  await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}"`);
  await adminQuery(`CREATE DATABASE "${DATABASE}"`);
  const port = await freePort();
  const { env, adminKey } = appEnvironment({
    databaseUrl: databaseUrl(DATABASE),
    redisPrefix: `tsunagu-bench-hot-${process.pid}`,
    port,
  });
  execFileSync(process.execPath, [CLI, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const profile = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  api = spawn(process.execPath, [...profile, API_MAIN], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries += 1) {
    const ready = await fetch(`${url}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (tries > 300) throw new Error('the API did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const gql = graphqlClient(`${url}/graphql`);

  const scopes = ['persons:read', 'persons:write', 'referrals:read', 'referrals:write'];
  const agency = (code, sector, needCategories) => benchAgency(gql, adminKey, { code, sector, needCategories, scopes });

  const sender = await agency('BENCH-SENDER', 'POVERTY', ['INCOME']);
  const recipient = await agency('BENCH-RECIPIENT', 'HOUSING', ['HOUSING']);
  const { personId, consentId } = await consentedPerson(gql, sender, recipient, 'ベンチ');
  const setup = { sender, recipient, personId, consentId };

  const results = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const pair = [
      async () => results.push({ round, kind: 'api', ...(await measureApi(url, setup)) }),
      async () => results.push({ round, kind: 'raw', ...(await measureRaw(env.DATABASE_URL, setup)) }),
    ];
    for (const measure of round % 2 ? pair : pair.reverse()) await measure();
    log(`round ${round} done`);
  }

  const of = (kind, field) => median(results.filter((r) => r.kind === kind).map((r) => r[field]));
  const lines = [
    `Run ${startedAt.toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    `${ROUNDS} rounds × ${DURATION} s, ${CONNECTIONS} connections; medians over rounds`,
    '',
    '| | round trips/s (create+send, acknowledge, accept) | requests or transactions/s | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| API (GraphQL) | ${of('api', 'roundTripsPerSecond').toFixed(1)} | ${of('api', 'requestsPerSecond').toFixed(0)} | ${of('api', 'p50')} | ${of('api', 'p99')} |`,
    `| raw pg, same writes | ${of('raw', 'roundTripsPerSecond').toFixed(1)} | ${of('raw', 'requestsPerSecond').toFixed(0)} | ${of('raw', 'p50').toFixed(1)} | ${of('raw', 'p99').toFixed(1)} |`,
    `| **API / raw** | **${(of('api', 'roundTripsPerSecond') / of('raw', 'roundTripsPerSecond')).toFixed(2)}** | | | |`,
    '',
    `errors and non-2xx in the API runs: ${results.filter((r) => r.kind === 'api').reduce((sum, r) => sum + r.errors + r.non2xx, 0)}`,
  ];
  const output = join(ROOT, 'bench/results');
  mkdirSync(output, { recursive: true });
  const file = join(output, `hot-path-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ startedAt, duration: DURATION, rounds: ROUNDS, results }, null, 2));
  process.stdout.write(`${lines.join('\n')}\n\nraw: ${relative(ROOT, file)}\n`);
}

main()
  .catch((error) => {
    log(error.stack ?? String(error));
    process.exitCode = 1;
  })
  .finally(async () => {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api.once('exit', resolve));
      api.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`).catch(() => undefined);
    await deleteRedisKeys(REDIS_URL, `tsunagu-bench-hot-${process.pid}`).catch(() => undefined);
    process.exit(process.exitCode ?? 0);
  });
