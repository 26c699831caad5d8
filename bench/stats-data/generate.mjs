// Fills a database of its own with a realistic referral network for the statistics benchmarks:
// the demo network plus generated agencies of every sector in its municipalities, persons, and
// BENCH_REFERRALS referrals (default 1,000,000) sent over the two years before now, each with its event
// history. All rows are made by PostgreSQL itself (INSERT … SELECT over generate_series), never in Node.
//
//   npm run build && node bench/stats-data/generate.mjs
//
// Timings follow plausible shapes: referrals are sent on weekdays in office hours more than at night or on
// weekends; the time to acknowledge and to decide is log-normal with a median that depends on the urgency
// (EMERGENCY about half an hour to acknowledge, LOW a few days) and on the recipient (each agency has its
// own speed factor); about 78 % are accepted, 18 % declined (reasons weighted, a third of them for want of a
// service, capacity or area), 4 % cancelled; most accepted referrals start within days and complete within
// months; the most recent ones are still open. Due times come from the same per-urgency targets in
// calendar time.
// Env: BENCH_DATABASE_URL (admin URL, default postgres://postgres@127.0.0.1:5432/test),
//      BENCH_STATS_DATABASE (default tsunagu_bench_stats; dropped and re-created), BENCH_REFERRALS,
//      BENCH_AGENCIES_PER_SECTOR (per municipality, default 3), BENCH_PERSONS (default 200000).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { CLI, adminQuery, databaseUrl } from '../lib/common.mjs';

const DATABASE = process.env.BENCH_STATS_DATABASE ?? 'tsunagu_bench_stats';
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 1_000_000);
const PER_SECTOR = Number(process.env.BENCH_AGENCIES_PER_SECTOR ?? 3);
const PERSONS = Number(process.env.BENCH_PERSONS ?? 200_000);
const CHUNK = 100_000;

const SECTORS = [
  'POVERTY',
  'PUBLIC_ASSISTANCE',
  'CHILD_FAMILY',
  'EMPLOYMENT',
  'DISABILITY',
  'ELDER_CARE',
  'PENSION',
  'EDUCATION',
  'CORRECTIONS',
  'HEALTH_INSURANCE',
  'SUICIDE_PREVENTION',
  'YOUTH',
  'AGRICULTURE',
  'DEBT',
  'HOUSING',
  'COMMUNITY_WELFARE',
];
const NEEDS = [
  'INCOME',
  'DEBT',
  'HOUSING',
  'EMPLOYMENT',
  'DISABILITY_SUPPORT',
  'CARE',
  'CHILD_FAMILY',
  'EDUCATION',
  'HEALTH',
  'MENTAL_HEALTH',
  'SUICIDE_RISK',
  'SOCIAL_WITHDRAWAL',
  'LEGAL',
  'REENTRY',
  'INSURANCE_PENSION',
  'DAILY_LIVING',
];

const log = (message) => process.stderr.write(`[generate] ${new Date().toISOString().slice(11, 19)} ${message}\n`);

async function timed(db, label, sql, params = []) {
  const started = Date.now();
  const result = await db.query(sql, params);
  log(`${label}: ${result.rowCount ?? 0} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function main() {
  await adminQuery(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE "${DATABASE}"`);

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl(DATABASE),
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
  };
  execFileSync(process.execPath, [CLI, 'migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [CLI, 'seed'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  log(`migrated and seeded ${DATABASE}`);

  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  await db.connect();
  await db.query('SET synchronous_commit = off');

  // Agencies: PER_SECTOR of every sector in each municipality the demo network serves.
  await timed(
    db,
    'agencies',
    `INSERT INTO agency (code, name, sector, kind, need_categories, is_demo, is_hub_coordinator)
     SELECT 'BENCH-' || m.code || '-' || s.sector || '-' || n, 'ベンチ機関 ' || m.code || ' ' || s.sector || ' ' || n,
            s.sector, 'bench', ARRAY[($2::text[])[1 + ((s.ord + n) % 16)::int]], false,
            s.sector = 'DISABILITY' AND n = 1
       FROM (SELECT DISTINCT municipality_code AS code, prefecture_code FROM agency_service_area
              WHERE municipality_code IS NOT NULL) m
      CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS s(sector, ord)
      CROSS JOIN generate_series(1, $3) n`,
    [SECTORS, NEEDS, PER_SECTOR],
  );
  await timed(
    db,
    'service areas',
    `INSERT INTO agency_service_area (agency_id, level, code, prefecture_code, municipality_code)
     SELECT a.id, 'MUNICIPALITY', split_part(a.code, '-', 2),
            (SELECT prefecture_code FROM agency_service_area WHERE municipality_code = split_part(a.code, '-', 2) LIMIT 1),
            split_part(a.code, '-', 2)
       FROM agency a WHERE a.code LIKE 'BENCH-%'`,
  );

  // Persons: ids and the minimum of data (the statistics never read a person).
  await timed(
    db,
    'persons',
    `INSERT INTO person (registered_by_agency_id, family_name, given_name, municipality_code)
     SELECT (SELECT id FROM agency ORDER BY code OFFSET (i % (SELECT count(*) FROM agency)) LIMIT 1),
            'ベンチ', '太郎' || i, (SELECT municipality_code FROM agency_service_area
                                   WHERE municipality_code IS NOT NULL ORDER BY id OFFSET (i % 3) LIMIT 1)
       FROM generate_series(1, $1) i`,
    [PERSONS],
  );

  // Agencies numbered, with a speed factor each (a slow agency takes up to 3× the median).
  await db.query(`CREATE TEMP TABLE bench_agency AS
    SELECT row_number() OVER (ORDER BY id) AS n, id, sector, 0.5 + 2.5 * random() AS speed FROM agency`);
  await db.query(`CREATE TEMP TABLE bench_person AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM person`);
  const [{ agencies }] = (await db.query('SELECT count(*)::int AS agencies FROM bench_agency')).rows;

  // Standard normal draws (Box–Muller) for the log-normal delays.
  await db.query(`CREATE OR REPLACE FUNCTION pg_temp.normal() RETURNS double precision LANGUAGE sql VOLATILE AS
    'SELECT sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())'`);

  for (let offset = 0; offset < REFERRALS; offset += CHUNK) {
    const size = Math.min(CHUNK, REFERRALS - offset);
    await db.query('BEGIN');
    await db.query(
      `CREATE TEMP TABLE bench_referral ON COMMIT DROP AS
      WITH draw AS (
        SELECT gen_random_uuid() AS id,
               1 + floor(random() * $2::int)::int AS from_n,
               floor(random() * ($2::int - 1))::int AS to_step,
               1 + floor(random() * $3::int)::int AS person_n,
               random() AS u_urgency, random() AS u_outcome, random() AS u_reason, random() AS u_need,
               -- Two years back; office hours on weekdays weigh most.
               date_trunc('day', now() - random() * interval '730 days') AS day,
               random() AS u_hour
          FROM generate_series(1, $1)
      ), sent AS (
        SELECT d.*,
               CASE WHEN d.u_urgency < 0.05 THEN 'EMERGENCY' WHEN d.u_urgency < 0.25 THEN 'HIGH'
                    WHEN d.u_urgency < 0.85 THEN 'NORMAL' ELSE 'LOW' END AS urgency,
               LEAST(now() - interval '1 minute', d.day + CASE WHEN extract(isodow FROM d.day) >= 6 AND d.u_hour < 0.7 THEN interval '1 day' * (8 - extract(isodow FROM d.day)) ELSE interval '0' END
                     + CASE WHEN d.u_hour < 0.85 THEN interval '9 hours' + d.u_hour / 0.85 * interval '8 hours'
                            ELSE (d.u_hour - 0.85) / 0.15 * interval '24 hours' END) AS sent_at
          FROM draw d
      ), shaped AS (
        SELECT s.*, f.id AS from_id, t.id AS to_id, t.sector AS to_sector, t.speed, p.id AS person_id,
               -- median minutes to acknowledge and to decide by urgency
               CASE s.urgency WHEN 'EMERGENCY' THEN 30 WHEN 'HIGH' THEN 180 WHEN 'NORMAL' THEN 1440 ELSE 4320 END AS ack_median,
               CASE s.urgency WHEN 'EMERGENCY' THEN 120 WHEN 'HIGH' THEN 1440 WHEN 'NORMAL' THEN 4320 ELSE 10080 END AS decide_median,
               CASE s.urgency WHEN 'EMERGENCY' THEN interval '1 hour' WHEN 'HIGH' THEN interval '4 hours'
                    WHEN 'NORMAL' THEN interval '2 days' ELSE interval '5 days' END AS ack_target,
               CASE s.urgency WHEN 'EMERGENCY' THEN interval '4 hours' WHEN 'HIGH' THEN interval '2 days'
                    WHEN 'NORMAL' THEN interval '7 days' ELSE interval '14 days' END AS decide_target
          FROM sent s
          JOIN bench_agency f ON f.n = s.from_n
          JOIN bench_agency t ON t.n = 1 + ((s.from_n + s.to_step) % $2::int)
          JOIN bench_person p ON p.n = s.person_n
      ), timed AS (
        SELECT sh.*,
               sh.sent_at + interval '1 minute' * sh.ack_median * sh.speed * exp(0.9 * pg_temp.normal()) AS ack_at,
               interval '1 minute' * sh.decide_median * sh.speed * exp(0.8 * pg_temp.normal()) AS decide_after,
               interval '1 day' * 3 * exp(0.7 * pg_temp.normal()) AS start_after,
               interval '1 day' * 60 * exp(0.6 * pg_temp.normal()) AS complete_after
          FROM shaped sh
      )
      SELECT t.id, t.from_id, t.to_id, t.to_sector, t.person_id, t.urgency, t.sent_at,
             t.sent_at + t.ack_target AS acknowledge_due_at, t.sent_at + t.decide_target AS decision_due_at,
             $4::text[] AS needs_all, t.u_need, t.u_outcome, t.u_reason,
             CASE WHEN t.ack_at < now() THEN t.ack_at END AS acknowledged_at,
             CASE WHEN t.ack_at + t.decide_after < now() THEN t.ack_at + t.decide_after END AS decided_at,
             t.ack_at + t.decide_after + t.start_after AS start_at,
             t.ack_at + t.decide_after + t.start_after + t.complete_after AS complete_at
        FROM timed t`,
      [size, agencies, PERSONS, NEEDS],
    );
    await db.query(`INSERT INTO referral (id, from_agency_id, to_agency_id, person_id, status, urgency, need_categories,
          summary, shared_categories, legal_basis, decline_reason, outcome, sent_at, acknowledged_at, decided_at,
          started_at, closed_at, acknowledge_due_at, decision_due_at, acknowledge_breached_at, decision_breached_at,
          created_at, updated_at)
      SELECT b.id, b.from_id, b.to_id, b.person_id,
             CASE WHEN b.u_outcome >= 0.96 AND b.decided_at IS NOT NULL THEN 'CANCELLED'
                  WHEN b.decided_at IS NULL THEN CASE WHEN b.acknowledged_at IS NULL THEN 'REQUESTED' ELSE 'RECEIVED' END
                  WHEN b.u_outcome >= 0.78 THEN 'REJECTED'
                  WHEN b.start_at >= now() THEN 'ACCEPTED'
                  WHEN b.complete_at >= now() OR b.u_outcome >= 0.70 THEN 'IN_PROGRESS'
                  ELSE 'COMPLETED' END,
             b.urgency, ARRAY[b.needs_all[1 + floor(b.u_need * 16)::int]], 'bench', ARRAY['IDENTITY'], 'CONSENT',
             CASE WHEN b.decided_at IS NOT NULL AND b.u_outcome >= 0.78 AND b.u_outcome < 0.96 THEN
               CASE WHEN b.u_reason < 0.15 THEN 'NO_CAPACITY' WHEN b.u_reason < 0.25 THEN 'OUT_OF_AREA'
                    WHEN b.u_reason < 0.35 THEN 'SERVICE_NOT_AVAILABLE' WHEN b.u_reason < 0.65 THEN 'NOT_ELIGIBLE'
                    WHEN b.u_reason < 0.75 THEN 'DUPLICATE' WHEN b.u_reason < 0.9 THEN 'PERSON_DECLINED' ELSE 'OTHER' END END,
             NULL,
             b.sent_at, b.acknowledged_at,
             CASE WHEN b.u_outcome < 0.96 THEN b.decided_at END,
             CASE WHEN b.decided_at IS NOT NULL AND b.u_outcome < 0.78 AND b.start_at < now() THEN b.start_at END,
             CASE WHEN b.u_outcome >= 0.96 AND b.decided_at IS NOT NULL THEN b.decided_at
                  WHEN b.decided_at IS NOT NULL AND b.u_outcome >= 0.78 THEN NULL
                  WHEN b.decided_at IS NOT NULL AND b.u_outcome < 0.70 AND b.complete_at < now() THEN b.complete_at END,
             b.acknowledge_due_at, b.decision_due_at,
             CASE WHEN coalesce(b.acknowledged_at, now()) > b.acknowledge_due_at AND b.acknowledge_due_at < now() THEN b.acknowledge_due_at END,
             CASE WHEN coalesce(b.decided_at, now()) > b.decision_due_at AND b.decision_due_at < now() THEN b.decision_due_at END,
             b.sent_at - interval '5 minutes', now()
        FROM bench_referral b`);
    // The history: CREATED and SENT, then each step the referral reached.
    await db.query(`INSERT INTO referral_event (referral_id, type, from_status, to_status, actor_agency_id, at)
      SELECT r.id, e.type, e.from_status, e.to_status, e.actor, e.at
        FROM referral r
        JOIN bench_referral b ON b.id = r.id
        CROSS JOIN LATERAL (VALUES
          ('CREATED', NULL, 'DRAFT', r.from_agency_id, r.created_at),
          ('SENT', 'DRAFT', 'REQUESTED', r.from_agency_id, r.sent_at),
          ('ACKNOWLEDGED', 'REQUESTED', 'RECEIVED', r.to_agency_id, r.acknowledged_at),
          (CASE WHEN r.decline_reason IS NOT NULL THEN 'DECLINED' ELSE 'ACCEPTED' END, 'RECEIVED',
             CASE WHEN r.decline_reason IS NOT NULL THEN 'REJECTED' ELSE 'ACCEPTED' END, r.to_agency_id, r.decided_at),
          ('STARTED', 'ACCEPTED', 'IN_PROGRESS', r.to_agency_id, r.started_at),
          (CASE WHEN r.status = 'CANCELLED' THEN 'CANCELLED' ELSE 'COMPLETED' END,
             CASE WHEN r.status = 'CANCELLED' THEN 'RECEIVED' ELSE 'IN_PROGRESS' END, r.status,
             CASE WHEN r.status = 'CANCELLED' THEN r.from_agency_id ELSE r.to_agency_id END,
             CASE WHEN r.status IN ('CANCELLED', 'COMPLETED') THEN r.closed_at END)
        ) AS e(type, from_status, to_status, actor, at)
       WHERE e.at IS NOT NULL`);
    await db.query('COMMIT');
    log(`referrals ${offset + size} / ${REFERRALS}`);
  }
  await timed(db, 'analyze', 'ANALYZE');
  const summary = await db.query(`SELECT status, count(*)::int AS n FROM referral GROUP BY status ORDER BY status`);
  log(`by status: ${summary.rows.map((row) => `${row.status} ${row.n}`).join(', ')}`);
  const events = await db.query('SELECT count(*)::int AS n FROM referral_event');
  log(`events: ${events.rows[0].n}; database ${DATABASE} kept for the statistics benchmark`);
  await db.end();
}

main().catch((error) => {
  log(error.stack ?? String(error));
  process.exit(1);
});
