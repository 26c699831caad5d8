import { Redis } from 'ioredis';
import type pg from 'pg';

/** One event as the database recorded it (the outbox row written in the change's own transaction). */
export interface RecordedEvent {
  seq: number;
  id: string;
  type: string;
  agencyIds: string[];
  actorAgencyId: string | null;
}

export type Channel = 'webhook' | 'subscription' | 'email';

/** Who should receive what on a channel: `<receiver>/<event id>` keys, with the receiver's tally. */
export interface Expectation {
  channel: Channel;
  keys: string[];
  /** A snapshot of the receivers' counts: how many times `key` arrived. */
  counter: () => (key: string) => number;
}

export interface ChannelResult {
  channel: Channel;
  expected: number;
  once: number;
  duplicates: number;
  missing: number;
}

/** The events of the run's agencies with seq above `afterSeq` (at most `untilSeq`), from PostgreSQL. */
export async function recordedEvents(
  pool: pg.Pool,
  agencyIds: readonly string[],
  afterSeq: number,
  untilSeq = Number.MAX_SAFE_INTEGER,
): Promise<RecordedEvent[]> {
  const { rows } = await pool.query<{
    seq: string;
    id: string;
    type: string;
    agency_ids: string[];
    actor: string | null;
  }>(
    `SELECT seq, id, type, agency_ids, payload->>'actorAgencyId' AS actor
       FROM outbox_event
      WHERE seq > $1 AND seq <= $2 AND agency_ids && $3::uuid[]
      ORDER BY seq`,
    [afterSeq, untilSeq, agencyIds],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    id: row.id,
    type: row.type,
    agencyIds: row.agency_ids,
    actorAgencyId: row.actor,
  }));
}

export async function lastSeq(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM outbox_event');
  return Number(rows[0].seq ?? 0);
}

/** Counts, per channel, how many expected deliveries arrived once, more than once, or not at all. */
export function measure(expectations: readonly Expectation[]): ChannelResult[] {
  return expectations.map(({ channel, keys, counter }) => {
    const count = counter();
    const result: ChannelResult = { channel, expected: keys.length, once: 0, duplicates: 0, missing: 0 };
    for (const key of keys) {
      const times = count(key);
      if (times === 0) result.missing += 1;
      else if (times === 1) result.once += 1;
      else result.duplicates += 1;
    }
    return result;
  });
}

export interface PhaseReport {
  fault: string;
  detail: string;
  /** Per channel (as in `atDrain`): ms from the end of the stream until every expected delivery had arrived; null: not within the bound. */
  drainMs: (number | null)[];
  atDrain: ChannelResult[];
  final: ChannelResult[];
  calls: { ok: number; retries: number; failed: Record<string, number> };
  /** The clocks of every referral still waiting (the whole run's, not only this phase's), after the drain. */
  clocks: ClockCheck;
}

/** A markdown table of the phases: per channel, expected / once / duplicates / lost, and the drain time. */
export function table(reports: readonly PhaseReport[], drainBoundMs: number): string {
  const lines = [
    '| fault | channel | expected | delivered once | duplicates | lost | missing at drain | drain |',
    '| ----- | ------- | -------: | -------------: | ---------: | ---: | ---------------: | ----: |',
  ];
  for (const report of reports) {
    report.final.forEach((result, index) => {
      const atDrain = report.atDrain[index];
      const ms = report.drainMs[index];
      const drain = ms === null ? `> ${(drainBoundMs / 1000).toFixed(0)} s` : `${(ms / 1000).toFixed(1)} s`;
      lines.push(
        `| ${index === 0 ? report.fault : ''} | ${result.channel} | ${result.expected} | ${result.once} | ${result.duplicates} | ${result.missing} | ${atDrain.missing} | ${drain} |`,
      );
    });
  }
  return lines.join('\n');
}

export interface ClockCheck {
  /** Sent referrals still waiting for the recipient (acknowledgement or decision due later than a minute from now). */
  open: number;
  /** Of those, how many have no job of theirs waiting on the clocks queue: no reminder or breach will ever fire. */
  withoutClock: number;
}

/**
 * Whether the SLA clocks of the waiting referrals still exist: PostgreSQL says which referrals wait for the
 * recipient; Redis holds (or not) their CHECK_DUE jobs on the `clocks` queue (delayed, waiting or prioritized),
 * found by the `referralId` in the job's data.
 */
export async function clockCheck(
  pool: pg.Pool,
  redisUrl: string,
  bullPrefix: string,
  recipientId: string,
): Promise<ClockCheck> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM referral
      WHERE to_agency_id = $1 AND status IN ('REQUESTED', 'RECEIVED') AND sent_at IS NOT NULL
        AND greatest(acknowledge_due_at, decision_due_at) > now() + interval '1 minute'`,
    [recipientId],
  );
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const queue = `${bullPrefix}:clocks`;
    const ids = new Set<string>([
      ...(await redis.zrange(`${queue}:delayed`, '0', '-1')),
      ...(await redis.zrange(`${queue}:prioritized`, '0', '-1')),
      ...(await redis.lrange(`${queue}:wait`, 0, -1)),
    ]);
    const scheduled = new Set<string>();
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hget(`${queue}:${id}`, 'data');
    for (const [, data] of (await pipeline.exec()) ?? []) {
      try {
        const referralId = (JSON.parse(String(data)) as { referralId?: unknown }).referralId;
        if (typeof referralId === 'string') scheduled.add(referralId);
      } catch {
        // not a job of a referral clock
      }
    }
    return { open: rows.length, withoutClock: rows.filter((row) => !scheduled.has(row.id)).length };
  } finally {
    redis.disconnect();
  }
}
