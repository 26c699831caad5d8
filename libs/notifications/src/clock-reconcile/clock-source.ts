import { type JobName } from '@tsunagu/platform';
import { type EntityManager } from 'typeorm';

/** One delayed job that must exist on the CLOCKS queue: its name, deterministic id and data, and when it fires. */
export interface DueClock {
  jobName: JobName;
  jobId: string;
  data: object;
  /** When the job is due; a time already past fires at once. */
  at: Date;
}

/** One page of a source's clocks, and the cursor of the next page (null: the last page). */
export interface ClockPage {
  clocks: DueClock[];
  next: string | null;
}

/**
 * One kind of clock whose delayed jobs PostgreSQL can derive (referral SLA clocks, consent expiry, …): every
 * clock that must still fire, read from rows in bounded pages. A clock whose effect is done (its row says so)
 * is not listed; one whose time is past but whose effect is not done is listed, if it fell due after `since`.
 * The job ids are those the scheduling code uses, so re-creating a job that exists adds nothing.
 */
export interface ClockSource {
  /** The `kind` label of `tsunagu_clocks_recreated_total`, e.g. `referral-sla`. */
  readonly kind: string;
  /** Up to `limit` rows' clocks after `cursor` (null: from the start), in a stable order. */
  page(manager: EntityManager, cursor: string | null, limit: number, now: Date, since: Date): Promise<ClockPage>;
}

/** Every clock source of the worker (a list provider: add a source here and to its module's providers). */
export const CLOCK_SOURCES = Symbol('CLOCK_SOURCES');
