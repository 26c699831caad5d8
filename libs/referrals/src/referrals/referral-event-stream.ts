import { Logger } from '@nestjs/common';
import { BadUserInputError, DomainError, ErrorCode, type BusEvent } from '@tsunagu/platform';
import { type DataSource } from 'typeorm';

/**
 * Resumable `referralEvents`: the ordered stream of one agency's `referral.*` events, read from the outbox.
 *
 * ## The cursor, and why it is safe
 *
 * Every outbox row records the id of the transaction that wrote it (`xid`, an `xid8` defaulting to
 * `pg_current_xact_id()`, migration 1764241200000). The stream is ordered by `(xid, seq)` and only ever shows
 * rows whose transaction is older than the oldest transaction still running (`xid < horizon`). Every
 * transaction below the horizon has ended, so the set of rows below it is final; when the horizon moves on, the rows it uncovers all have an `xid` at or above the old
 * horizon, i.e. above every row shown so far. The stream therefore only ever grows at its end, and
 * "the rows after position p" is the same answer whenever it is asked.
 *
 * A plain `seq > cursor` (a bigserial) would not be safe: sequence values are taken when rows are inserted, not
 * when they commit, so a transaction that took seq 103 and commits after the one that took seq 105 makes 103
 * appear after a reader already moved past 105, and it would be skipped.
 *
 * The horizon is the oldest transaction of *this database* still running when the statement's snapshot was
 * taken (its xmax when none is): transaction ids are cluster-wide, but a transaction of another database
 * cannot write this outbox, so it is left out when `pg_stat_activity` shows it in another database (unknown
 * transactions, e.g. prepared ones, count as ours). See {@link HORIZON_SQL}.
 *
 * The price: an event is shown once every transaction of the database that started before it has ended.
 * Those are short in Tsunagu (milliseconds); a session left idle in a writing transaction holds the stream
 * back (not the other channels) until it ends — `idle_in_transaction_session_timeout` bounds that.
 *
 * ## Live without a gap or a duplicate at the seam
 *
 * The stream never forwards the bus message itself: the bus only says "something new for this agency", and
 * the subscription then reads the rows after its position from PostgreSQL. It listens to the bus before it
 * reads anything, so no wake-up is lost while it replays; a wake-up that arrives during the replay only
 * means "read again". Because every event a subscriber gets comes from the one ordered query, the position
 * only moves forward: an event is never sent twice (also when the worker emits it twice on a retry), and
 * never skipped (also when Redis dropped the bus message: a slow poll catches up).
 *
 * The cursor handed out with each event is its `(xid, seq)` and the time it happened, base64url-encoded.
 * Clients treat it as opaque. It names a position in the outbox order, not an event of an agency: another
 * agency's cursor only starts the caller's own stream at that position, and says nothing about that agency.
 */

/** A cursor older than this cannot be resumed. */
export const REPLAY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** At most this many events may lie after a cursor for it to be resumed. */
export const REPLAY_MAX_EVENTS = 10_000;
/** Rows per read. */
export const STREAM_PAGE_SIZE = 200;
/** The safety net: without bus messages (Redis dropped them) the stream still reads this often. */
export const STREAM_IDLE_POLL_MS = 5000;
/** After a bus message whose row is not readable yet (an older transaction still runs), re-read this soon. */
const PENDING_POLL_MIN_MS = 25;
const PENDING_POLL_MAX_MS = 1000;
/** A bus message whose row never shows up (it came before the stream's start) is forgotten after this. */
const PENDING_FORGET_MS = 30_000;
/** Ids of recently sent events kept to recognise their late bus messages. */
const RECENT_IDS = 2000;

export interface StreamPosition {
  /** The writing transaction's id (xid8), as a decimal string. */
  xid: string;
  /** The row's insertion sequence, as a decimal string. */
  seq: string;
}

export interface StreamCursor extends StreamPosition {
  /** When the event happened (epoch ms). */
  at: number;
}

/** A bus-shaped event of the stream, with its cursor. */
export type StreamEvent = BusEvent & { cursor: string };

/**
 * The stream's horizon in the statement's snapshot: the lowest in-progress transaction id that may belong to
 * this database, else the snapshot's xmax. Rows below it are final.
 */
export const HORIZON_SQL = `
  SELECT coalesce(
           (SELECT min("x")
              FROM pg_snapshot_xip("s"."snap") AS "x"
             WHERE NOT EXISTS (
                     SELECT 1
                       FROM pg_stat_activity AS "a"
                      WHERE "a"."backend_xid" = xid("x")
                        AND "a"."datid" IS NOT NULL
                        AND "a"."datid" <> (SELECT "oid" FROM pg_database WHERE "datname" = current_database()))),
           pg_snapshot_xmax("s"."snap")) AS "xmin"
    FROM (SELECT pg_current_snapshot() AS "snap") AS "s"`;

const MAX_XID8 = 18446744073709551615n;
const MAX_BIGINT = 9223372036854775807n;

export function encodeCursor(cursor: StreamCursor): string {
  return Buffer.from(`v1:${cursor.xid}:${cursor.seq}:${cursor.at}`, 'utf8').toString('base64url');
}

/** The cursor `value` names, or null when it is not one this server made. */
export function decodeCursor(value: string): StreamCursor | null {
  if (value.length === 0 || value.length > 96 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = /^v1:(\d{1,20}):(\d{1,19}):(\d{1,15})$/.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match) return null;
  const [, xid, seq, at] = match;
  if (BigInt(xid) > MAX_XID8 || BigInt(seq) > MAX_BIGINT) return null;
  return { xid: BigInt(xid).toString(), seq: BigInt(seq).toString(), at: Number(at) };
}

interface StreamRow {
  horizon: string;
  id: string | null;
  type: string | null;
  agency_ids: string[] | null;
  payload: Record<string, unknown> | null;
  occurred_at: Date | null;
  xid: string | null;
  seq: string | null;
}

/** The agency's referral events after `after` and below the horizon, in stream order. */
async function readAfter(
  dataSource: DataSource,
  agencyId: string,
  after: StreamPosition,
  limit: number,
): Promise<{ horizon: string; events: StreamEvent[]; positions: StreamPosition[] }> {
  const rows = await dataSource.query<StreamRow[]>(
    `WITH "h" AS (${HORIZON_SQL})
     SELECT "h"."xmin"::text AS "horizon", "e".*
       FROM "h"
       LEFT JOIN LATERAL (
         SELECT "id", "type", "agency_ids", "payload", "occurred_at", "xid"::text AS "xid", "seq"::text AS "seq"
           FROM "outbox_event"
          WHERE ("xid", "seq") > ($2::xid8, $3::bigint)
            AND "xid" < "h"."xmin"
            AND "agency_ids" @> ARRAY[$1::uuid]
            AND "type" LIKE 'referral.%'
          ORDER BY "xid", "seq"
          LIMIT $4
       ) AS "e" ON true`,
    [agencyId, after.xid, after.seq, limit],
  );
  const found = rows.filter((row) => row.id !== null);
  return {
    horizon: rows[0].horizon,
    positions: found.map((row) => ({ xid: row.xid!, seq: row.seq! })),
    events: found.map((row) => ({
      id: row.id!,
      type: row.type!,
      agencyIds: row.agency_ids!,
      payload: row.payload!,
      occurredAt: row.occurred_at!.toISOString(),
      cursor: encodeCursor({ xid: row.xid!, seq: row.seq!, at: row.occurred_at!.getTime() }),
    })),
  };
}

/** Where a stream without `after` starts: at the horizon, so every event committed from now on is in it. */
export async function currentPosition(dataSource: DataSource): Promise<StreamPosition> {
  const [row] = await dataSource.query<{ xmin: string }[]>(
    `SELECT "h"."xmin"::text AS "xmin" FROM (${HORIZON_SQL}) AS "h"`,
  );
  return { xid: row.xmin, seq: '0' };
}

/**
 * Where a stream resumed `after` a cursor starts, or why it cannot: a malformed cursor is BAD_USER_INPUT
 * (field `after`), one beyond the replay bounds CURSOR_EXPIRED. Only the caller's own events are counted, so
 * the answer says nothing about whose stream the cursor came from.
 */
export async function resumePosition(
  dataSource: DataSource,
  agencyId: string,
  after: string,
  now: Date,
): Promise<StreamPosition> {
  const cursor = decodeCursor(after);
  if (!cursor) throw new BadUserInputError('after', 'Not a cursor of referralEvents', { reason: 'MALFORMED_CURSOR' });
  const oldest = now.getTime() - REPLAY_MAX_AGE_MS;
  const expired = () =>
    new DomainError(
      ErrorCode.CURSOR_EXPIRED,
      `The cursor is too far behind to resume (more than ${REPLAY_MAX_EVENTS} events or older than 7 days); subscribe without \`after\` and catch up through the referral queries`,
      { field: 'after', maxEvents: REPLAY_MAX_EVENTS, maxAgeDays: 7 },
    );
  if (cursor.at < oldest) throw expired();
  // The time in the cursor is the client's to send: the events after it must be recent too.
  const [row] = await dataSource.query<{ behind: number; first: Date | null }[]>(
    `SELECT count(*)::int AS "behind", min("occurred_at") AS "first"
       FROM (SELECT "occurred_at"
               FROM "outbox_event"
              WHERE ("xid", "seq") > ($2::xid8, $3::bigint)
                AND "agency_ids" @> ARRAY[$1::uuid]
                AND "type" LIKE 'referral.%'
              ORDER BY "xid", "seq"
              LIMIT $4) AS "after"`,
    [agencyId, cursor.xid, cursor.seq, REPLAY_MAX_EVENTS + 1],
  );
  if (row.behind > REPLAY_MAX_EVENTS || (row.first && row.first.getTime() < oldest)) throw expired();
  return { xid: cursor.xid, seq: cursor.seq };
}

function later(a: StreamPosition, b: StreamPosition): StreamPosition {
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax > bx ? a : b;
  return BigInt(a.seq) >= BigInt(b.seq) ? a : b;
}

let openStreams = 0;

/** Streams open in this process (their subscribers have not left yet). */
export function openReferralEventStreams(): number {
  return openStreams;
}

export interface StreamOptions {
  dataSource: DataSource;
  agencyId: string;
  /** The bus topic of the agency, already listened to (its messages only wake the stream). */
  live: AsyncIterableIterator<BusEvent>;
  start: StreamPosition;
  /** Aborted when the subscriber leaves (graphql-ws `complete` or a closed socket): the stream ends at once. */
  signal?: AbortSignal;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * The agency's events after `start`, in stream order, replayed from PostgreSQL and then followed live.
 * `return()` stops it (and the bus listener) at once, also while it waits.
 */
export function openReferralEventStream(options: StreamOptions): AsyncIterableIterator<StreamEvent> {
  const { dataSource, agencyId, live } = options;
  const logger = options.logger ?? new Logger('ReferralEventStream');
  let position = options.start;
  let done = false;
  let dirty = true; // something may be there to read
  const queue: StreamEvent[] = [];
  /** Bus messages not sent yet (id → when heard): re-read soon until they are. */
  const pending = new Map<string, number>();
  const recent = new Set<string>();
  let failures = 0;
  let pendingDelay = PENDING_POLL_MIN_MS;
  let wake: (() => void) | null = null;

  const signal = () => {
    dirty = true;
    const resolve = wake;
    wake = null;
    resolve?.();
  };

  void (async () => {
    try {
      for await (const message of live) {
        if (done) break;
        if (message?.id && !recent.has(message.id)) pending.set(message.id, Date.now());
        signal();
      }
    } catch {
      // The bus listener ended; the idle poll keeps the stream going.
    }
  })();

  const remember = (id: string) => {
    pending.delete(id);
    recent.add(id);
    if (recent.size > RECENT_IDS) recent.delete(recent.values().next().value as string);
  };

  const read = async (): Promise<void> => {
    const { horizon, events, positions } = await readAfter(dataSource, agencyId, position, STREAM_PAGE_SIZE);
    for (const [index, event] of events.entries()) {
      queue.push(event);
      remember(event.id);
      position = positions[index];
    }
    if (events.length === STREAM_PAGE_SIZE) {
      dirty = true;
    } else {
      // Every row of the agency below the horizon has been read: later ones are at or above it, so the next
      // read may start there (it stays cheap however quiet the agency is).
      position = later(position, { xid: horizon, seq: '0' });
    }
  };

  const idle = (): Promise<void> => {
    const now = Date.now();
    for (const [id, heard] of pending) if (now - heard > PENDING_FORGET_MS) pending.delete(id);
    let delay = STREAM_IDLE_POLL_MS;
    if (failures > 0) delay = Math.min(PENDING_POLL_MAX_MS * 2 ** Math.min(failures, 4), 15_000);
    else if (pending.size > 0) {
      delay = pendingDelay;
      pendingDelay = Math.min(pendingDelay * 2, PENDING_POLL_MAX_MS);
    } else pendingDelay = PENDING_POLL_MIN_MS;
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        dirty = true;
        resolve();
      }, delay);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  };

  const iterator: AsyncIterableIterator<StreamEvent> = {
    async next(): Promise<IteratorResult<StreamEvent>> {
      while (!done) {
        const event = queue.shift();
        if (event) return { value: event, done: false };
        if (dirty) {
          dirty = false;
          try {
            await read();
            if (failures > 0) logger.warn('referralEvents: reading the outbox works again');
            failures = 0;
          } catch (error) {
            // A database blip: the position has not moved, so the next read resumes where this one failed.
            if (failures === 0) {
              const message = error instanceof Error ? error.message : String(error);
              logger.warn(`referralEvents: cannot read the outbox (${message}); retrying`);
            }
            failures += 1;
          }
          continue;
        }
        await idle();
      }
      return { value: undefined, done: true };
    },
    async return(): Promise<IteratorResult<StreamEvent>> {
      if (!done) openStreams -= 1;
      done = true;
      queue.length = 0;
      wake?.();
      wake = null;
      await live.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown): Promise<IteratorResult<StreamEvent>> {
      await iterator.return!();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  openStreams += 1;
  // The iterator's own `return()` may wait behind a pending `next()` in the wrappers around it (an async
  // generator queues it), so the subscriber leaving is also told directly.
  if (options.signal?.aborted) void iterator.return!();
  else options.signal?.addEventListener('abort', () => void iterator.return!(), { once: true });
  return iterator;
}
