import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  appendToOutbox,
  coalescingLoader,
  attemptFailureReason,
  Metrics,
  openSecret,
  type AppConfig,
  preparedQuery,
} from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { type DeliverWebhookData } from './deliver-webhook.job.js';
import { WebhookDeliveryStatus } from './entities/webhook-delivery.entity.js';
import { postWebhook, type WebhookAttemptResult } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signature.js';
import { WebhookTargetGuard } from './webhook-target.js';

/** What `last_error` says of a delivery dead-lettered because its endpoint is disabled. */
export const ENDPOINT_DISABLED_ERROR = 'endpoint disabled';

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  agency_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: WebhookDeliveryStatus;
  redeliveries: number;
  attempts: number;
  url: string;
  secret_ciphertext: string;
  enabled: boolean;
}

export interface AttemptPlan {
  /** The job's last attempt: a failure dead-letters the delivery. */
  final: boolean;
  /** How long the queue waits before the next attempt, when this one fails and is not the last. */
  retryDelayMs: number;
}

export type WebhookAttemptOutcome =
  /** The delivery no longer exists. */
  | 'GONE'
  /** Succeeded or dead-lettered already: this job is a duplicate. */
  | 'NOT_PENDING'
  /** A job of an earlier or abandoned round of the delivery. */
  | 'STALE'
  /** Dead-lettered without an attempt: its endpoint is disabled. */
  | 'ENDPOINT_DISABLED'
  | 'SUCCEEDED';

/** How the transaction before the POST ended: with the attempt opened, or why not. */
type Begun =
  | { outcome: 'GONE' | 'NOT_PENDING' | 'STALE' }
  | { outcome: 'ENDPOINT_DISABLED' | 'SEALED'; row: DeliveryRow }
  | { outcome: 'OPENED'; row: DeliveryRow; secret: string; number: number };

/** What an attempt left open by a crash (or a database error after its POST) is closed with. */
export const INTERRUPTED_ATTEMPT_ERROR = 'interrupted: the outcome of this POST was never recorded';

/**
 * PostgreSQL (or Redis) failed the worker, not the receiver: the delivery's attempts are not used up for it.
 * The processor moves the job back to delayed, with a backoff of its own, without counting a job attempt.
 */
export class WebhookInfrastructureError extends Error {
  constructor(
    readonly deliveryId: string,
    cause: unknown,
  ) {
    super(
      `webhook delivery ${deliveryId}: infrastructure error (${cause instanceof Error ? cause.message : String(cause)})`,
      { cause },
    );
    this.name = 'WebhookInfrastructureError';
  }
}

/** Runs a database step of an attempt; its failure is the infrastructure's, never the receiver's. */
async function infrastructure<T>(deliveryId: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw new WebhookInfrastructureError(deliveryId, error);
  }
}

/** An attempt failed (recorded); thrown so that the queue retries the job, or keeps it as failed after the last. */
export class WebhookAttemptFailedError extends Error {
  constructor(
    readonly deliveryId: string,
    readonly attempt: number,
    readonly final: boolean,
    reason: string,
  ) {
    super(`webhook delivery ${deliveryId} attempt ${attempt}${final ? ' (dead-lettered)' : ''}: ${reason}`);
    this.name = 'WebhookAttemptFailedError';
  }
}

/**
 * One attempt of a webhook delivery (the DELIVER_WEBHOOK job): a signed POST, and its record. The attempt row is
 * written before the POST (state SENDING, the delivery's `attempts` counted) and closed after it, with the
 * delivery's state, in one statement (in one transaction when the last attempt fails): three statements in all.
 * Under load, the attempts of a worker that reach a step while that step's statements are all busy share its next
 * statement ({@link coalescingLoader}), so many attempts cost about three statements between them.
 * A SENDING attempt left by a crash (or by a database error after the POST) is closed as failed (`interrupted`)
 * by the delivery's next attempt, which then POSTs again: the receiver may get the event twice, and deduplicates
 * on `Tsunagu-Event-Id`; the log counts every POST that may have left. Database errors are
 * {@link WebhookInfrastructureError}s, which do not use up the delivery's attempts. A success resets the
 * endpoint's dead-letter count; a failure on the last attempt dead-letters the delivery, and WEBHOOK_DISABLE_AFTER
 * dead letters in a row disable the endpoint and tell its agency (a `webhook.disabled` event through the outbox,
 * in the same transaction).
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly guard: WebhookTargetGuard;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.guard = new WebhookTargetGuard(config.WEBHOOK_ALLOWED_PRIVATE_NETWORKS);
  }

  async attempt(data: DeliverWebhookData, plan: AttemptPlan): Promise<WebhookAttemptOutcome> {
    const startedAt = new Date();
    const begun = await infrastructure(data.deliveryId, () => this.begin(data, startedAt));
    if (begun.outcome !== 'OPENED') {
      if (begun.outcome === 'ENDPOINT_DISABLED') {
        await infrastructure(begun.row.id, () => this.deadLetterWithoutAttempt(begun.row, ENDPOINT_DISABLED_ERROR));
      } else if (begun.outcome === 'SEALED') {
        // Not the partner's failure: no attempt is recorded, and nothing counts against the endpoint.
        const reason = 'the signing secret cannot be opened (is SECRETS_KEY the one it was sealed with?)';
        if (plan.final) await infrastructure(begun.row.id, () => this.deadLetterWithoutAttempt(begun.row, reason));
        throw new Error(`webhook delivery ${begun.row.id}: ${reason}`);
      }
      return begun.outcome;
    }
    const { row, secret, number: opened } = begun;
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const headers = webhookHeaders(secret, {
      eventId: row.event_id,
      eventType: row.event_type,
      deliveryId: row.id,
      timestamp,
      body: row.body,
    });
    const result = await postWebhook(new URL(row.url), headers, row.body, {
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
      guard: this.guard,
    });
    const number = await infrastructure(row.id, () =>
      result.succeeded || !plan.final
        ? this.close(row, opened, result, plan)
        : this.dataSource.transaction((manager) => this.deadLetter(manager, row, opened, result)),
    );
    this.observe(result, plan);
    if (!result.succeeded) throw new WebhookAttemptFailedError(row.id, number, plan.final, result.error ?? 'failed');
    return 'SUCCEEDED';
  }

  /** The attempt in the metrics, once recorded: its latency by outcome, why it failed, a dead letter. */
  private observe(result: WebhookAttemptResult, plan: AttemptPlan): void {
    this.metrics.webhookAttemptDuration.observe(
      { outcome: result.succeeded ? 'succeeded' : 'failed' },
      result.latencyMs / 1000,
    );
    if (result.succeeded) return;
    this.metrics.webhookAttemptFailures.inc({ reason: attemptFailureReason(result) });
    if (plan.final) this.metrics.webhookDeadLetters.inc();
  }

  /**
   * Before the POST, in two statements. The delivery and its endpoint are read under a lock that lasts the
   * statement: a redelivery that is committing (it holds the row while it adds this job) is waited for, so the
   * round read is the one the job was added for. When the delivery is still this round's, pending and its
   * endpoint enabled, and its secret opens, the second statement locks the row again, checks the same three
   * things (a change in between leaves the attempt unopened), closes the attempts left SENDING (their outcome is
   * unknown: failed, interrupted), counts this attempt and writes it as SENDING, all committed before anything
   * is sent.
   */
  private async begin(data: DeliverWebhookData, startedAt: Date): Promise<Begun> {
    const row = await this.lockedReads.load(data.deliveryId);
    if (!row) return { outcome: 'GONE' };
    const unopened = notOpenable(row, data);
    if (unopened) return unopened;
    let secret: string;
    try {
      secret = openSecret(this.config.SECRETS_KEY, row.secret_ciphertext, row.endpoint_id);
    } catch {
      return { outcome: 'SEALED', row };
    }
    const now = await this.openings.load({ id: row.id, redelivery: data.redelivery, startedAt });
    if (now?.number == null) {
      // Changed (or deleted) between the two statements.
      return notOpenable(now ? { ...row, ...now } : undefined, data) ?? { outcome: 'NOT_PENDING' };
    }
    return { outcome: 'OPENED', row, secret, number: now.number };
  }

  /** The deliveries with their endpoints, each row locked for the statement (see {@link begin}). */
  private readonly lockedReads = coalescingLoader<string, DeliveryRow | null>(async (ids) => {
    const rows = await preparedQuery<DeliveryRow[]>(
      this.dataSource.manager,
      `SELECT delivery."id", delivery."endpoint_id", delivery."agency_id", delivery."event_id",
              delivery."event_type", delivery."body", delivery."status", delivery."redeliveries", delivery."attempts",
              endpoint."url", endpoint."secret_ciphertext", endpoint."enabled"
         FROM "webhook_delivery" delivery
         JOIN "webhook_endpoint" endpoint ON endpoint."id" = delivery."endpoint_id"
        WHERE delivery."id" = ANY($1::uuid[])
        ORDER BY delivery."id"
          FOR UPDATE OF delivery`,
      [[...new Set(ids)]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  /**
   * Opens the attempts (see {@link begin}): the attempt number counts on over every round, and the statement's
   * parts share one snapshot, so the attempt it inserts is not among those it closes as interrupted. A delivery
   * asked for twice in one batch is opened for the first caller only; the other gets an error (an infrastructure
   * error: its job tries again later). Each table is also filtered with `= ANY($1)` beside its join, so that
   * its rows are found by index, not by a join that could scan it; the same holds for the closings.
   */
  private readonly openings = coalescingLoader<OpeningRequest, OpeningRow | null>(async (requests) => {
    const unique = firstOfEach(requests);
    const rows = await preparedQuery<(OpeningRow & { id: string })[]>(
      this.dataSource.manager,
      `WITH request AS (
         SELECT * FROM unnest($1::uuid[], $2::integer[], $3::timestamptz[])
                    AS request("id", "redelivery", "started_at")),
       current AS (
         SELECT delivery."id", delivery."status", delivery."redeliveries", endpoint."enabled"
           FROM "webhook_delivery" delivery
           JOIN "webhook_endpoint" endpoint ON endpoint."id" = delivery."endpoint_id"
          WHERE delivery."id" = ANY($1::uuid[])
          ORDER BY delivery."id"
            FOR UPDATE OF delivery),
       opening AS (
         SELECT request."id", request."started_at"
           FROM current JOIN request ON request."id" = current."id"
          WHERE current."status" = 'PENDING' AND current."redeliveries" = request."redelivery" AND current."enabled"),
       interrupted AS (
         UPDATE "webhook_attempt" SET "state" = 'FAILED', "error" = $4
          WHERE "delivery_id" = ANY($1::uuid[]) AND "delivery_id" IN (SELECT "id" FROM opening)
            AND "state" = 'SENDING'),
       counted AS (
         UPDATE "webhook_delivery" delivery
            SET "attempts" = delivery."attempts" + 1, "last_attempt_at" = opening."started_at"
           FROM opening
          WHERE delivery."id" = opening."id" AND delivery."id" = ANY($1::uuid[])
          RETURNING delivery."id", delivery."attempts", opening."started_at"),
       opened AS (
         INSERT INTO "webhook_attempt" ("delivery_id", "number", "started_at", "state", "succeeded", "latency_ms")
         SELECT "id", "attempts", "started_at", 'SENDING', false, 0 FROM counted
         RETURNING "delivery_id", "number")
       SELECT current."id", current."status", current."redeliveries", current."enabled", opened."number"
         FROM current LEFT JOIN opened ON opened."delivery_id" = current."id"`,
      [
        unique.map((request) => request.id),
        unique.map((request) => request.redelivery),
        unique.map((request) => request.startedAt),
        INTERRUPTED_ATTEMPT_ERROR,
      ],
    );
    const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
    return requests.map((request) =>
      unique.includes(request) ? (byId.get(request.id) ?? null) : alreadyInBatch(request.id),
    );
  });

  /**
   * After a success, or a failure that is not the last: closes the attempt (still SENDING unless a later attempt
   * found it so and closed it as interrupted; then that record stands) and notes the outcome on the delivery, in
   * one statement. When the delivery is still this round's and pending, it is marked SUCCEEDED (and its
   * endpoint's dead letters in a row reset), or given the time of its next attempt. The round and status are
   * checked on the locked row as the statement updates it, so a redelivery or a dead letter committed meanwhile
   * stands.
   */
  private async close(
    row: DeliveryRow,
    number: number,
    result: WebhookAttemptResult,
    plan: AttemptPlan,
  ): Promise<number> {
    const closedAt = new Date();
    await this.closings.load({
      id: row.id,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: truncate(result.error, 1000),
      succeeded: result.succeeded,
      number,
      redeliveries: row.redeliveries,
      closedAt,
      nextAttemptAt: result.succeeded ? null : new Date(closedAt.getTime() + plan.retryDelayMs),
      endpointId: row.endpoint_id,
    });
    return number;
  }

  /** The attempts closed while others were being closed, in one statement (see {@link close}). */
  private readonly closings = coalescingLoader<ClosingRequest, true>(async (requests) => {
    const unique = firstOfEach(requests);
    const column = <T>(pick: (request: ClosingRequest) => T): T[] => unique.map(pick);
    await preparedQuery(
      this.dataSource.manager,
      `WITH closing AS (
         SELECT * FROM unnest($1::uuid[], $2::integer[], $3::integer[], $4::varchar[], $5::boolean[], $6::integer[],
                              $7::integer[], $8::timestamptz[], $9::timestamptz[], $10::uuid[])
                    AS closing("id", "status_code", "latency_ms", "error", "succeeded", "number", "redeliveries",
                               "closed_at", "next_attempt_at", "endpoint_id")),
       attempt AS (
         UPDATE "webhook_attempt" attempt
            SET "state" = CASE WHEN closing."succeeded" THEN 'SUCCEEDED' ELSE 'FAILED' END,
                "succeeded" = closing."succeeded", "status_code" = closing."status_code",
                "latency_ms" = closing."latency_ms", "error" = closing."error"
           FROM closing
          WHERE attempt."delivery_id" = closing."id" AND attempt."number" = closing."number"
            AND attempt."delivery_id" = ANY($1::uuid[]) AND attempt."state" = 'SENDING'),
       delivery AS (
         UPDATE "webhook_delivery" delivery
            SET "last_status_code" = closing."status_code", "last_latency_ms" = closing."latency_ms",
                "last_error" = closing."error",
                "status" = CASE WHEN closing."succeeded" AND delivery."status" = 'PENDING'
                                     AND delivery."redeliveries" = closing."redeliveries"
                                THEN 'SUCCEEDED' ELSE delivery."status" END,
                "delivered_at" = CASE WHEN closing."succeeded" AND delivery."status" = 'PENDING'
                                           AND delivery."redeliveries" = closing."redeliveries"
                                      THEN closing."closed_at" ELSE delivery."delivered_at" END,
                "next_attempt_at" = CASE WHEN delivery."status" = 'PENDING'
                                              AND delivery."redeliveries" = closing."redeliveries"
                                         THEN closing."next_attempt_at" ELSE delivery."next_attempt_at" END
           FROM closing
          WHERE delivery."id" = closing."id" AND delivery."id" = ANY($1::uuid[])
          RETURNING delivery."delivered_at", closing."closed_at", closing."endpoint_id")
       UPDATE "webhook_endpoint" SET "consecutive_dead_letters" = 0
        WHERE "id" IN (SELECT "endpoint_id" FROM delivery WHERE "delivered_at" = "closed_at")
          AND "consecutive_dead_letters" <> 0`,
      [
        column((request) => request.id),
        column((request) => request.statusCode),
        column((request) => request.latencyMs),
        column((request) => request.error),
        column((request) => request.succeeded),
        column((request) => request.number),
        column((request) => request.redeliveries),
        column((request) => request.closedAt),
        column((request) => request.nextAttemptAt),
        column((request) => request.endpointId),
      ],
    );
    return requests.map((request) => (unique.includes(request) ? (true as const) : alreadyInBatch(request.id)));
  });

  /**
   * After the last attempt failed, in one transaction: closes the attempt and, when the delivery is still this
   * round's, dead-letters it and counts the dead letter against its endpoint.
   */
  private async deadLetter(
    manager: EntityManager,
    row: DeliveryRow,
    number: number,
    result: WebhookAttemptResult,
  ): Promise<number> {
    const error = truncate(result.error, 1000);
    // Closes the attempt, as `close` does, and notes the outcome on the delivery, locking it; its status and
    // round are not changed by this statement, so RETURNING gives them as they were.
    const [[current]] = await preparedQuery<[[{ status: WebhookDeliveryStatus; redeliveries: number }], number]>(
      manager,
      `WITH attempt AS (
         UPDATE "webhook_attempt"
            SET "state" = 'FAILED', "succeeded" = false, "status_code" = $2, "latency_ms" = $3, "error" = $4
          WHERE "delivery_id" = $1 AND "number" = $5 AND "state" = 'SENDING')
       UPDATE "webhook_delivery"
          SET "last_status_code" = $2, "last_latency_ms" = $3, "last_error" = $4
        WHERE "id" = $1
        RETURNING "status", "redeliveries"`,
      [row.id, result.statusCode, result.latencyMs, error, number],
    );
    const ours = current.status === WebhookDeliveryStatus.PENDING && current.redeliveries === row.redeliveries;
    if (!ours) return number;

    const now = new Date();
    await preparedQuery(
      manager,
      `UPDATE "webhook_delivery" SET "status" = 'DEAD_LETTERED', "dead_lettered_at" = $2, "next_attempt_at" = NULL
        WHERE "id" = $1`,
      [row.id, now],
    );
    await this.countDeadLetter(manager, row, error ?? 'failed', now);
    return number;
  }

  /** One more dead letter in a row for the endpoint; at WEBHOOK_DISABLE_AFTER it is disabled and its agency told. */
  private async countDeadLetter(manager: EntityManager, row: DeliveryRow, lastError: string, now: Date): Promise<void> {
    const [[endpoint]] = await preparedQuery<[[{ consecutive_dead_letters: number; enabled: boolean }], number]>(
      manager,
      `UPDATE "webhook_endpoint" SET "consecutive_dead_letters" = "consecutive_dead_letters" + 1
        WHERE "id" = $1
        RETURNING "consecutive_dead_letters", "enabled"`,
      [row.endpoint_id],
    );
    if (!endpoint.enabled || endpoint.consecutive_dead_letters < this.config.WEBHOOK_DISABLE_AFTER) return;

    const count = endpoint.consecutive_dead_letters;
    const reason = truncate(`${count} deliveries in a row dead-lettered; the last: ${lastError}`, 500)!;
    await preparedQuery(
      manager,
      `UPDATE "webhook_endpoint"
          SET "enabled" = false, "disabled_at" = $2, "disabled_reason" = $3,
              "updated_at" = now(), "version" = "version" + 1
        WHERE "id" = $1`,
      [row.endpoint_id, now, reason],
    );
    await appendToOutbox(manager, [
      {
        id: randomUUID(),
        type: 'webhook.disabled',
        aggregateId: row.endpoint_id,
        agencyIds: [row.agency_id],
        payload: {
          endpointId: row.endpoint_id,
          host: new URL(row.url).host,
          reason,
          consecutiveDeadLetters: count,
          lastDeliveryId: row.id,
          disabledAt: now.toISOString(),
        },
        occurredAt: now,
      },
    ]);
  }

  private async deadLetterWithoutAttempt(row: DeliveryRow, reason: string): Promise<void> {
    await preparedQuery(
      this.dataSource.manager,
      `UPDATE "webhook_delivery"
          SET "status" = 'DEAD_LETTERED', "dead_lettered_at" = now(), "next_attempt_at" = NULL, "last_error" = $3
        WHERE "id" = $1 AND "status" = 'PENDING' AND "redeliveries" = $2`,
      [row.id, row.redeliveries, reason],
    );
  }
}

/** Why an attempt of this job's round is not opened on the delivery as read (undefined: it may be). */
function notOpenable(row: DeliveryRow | undefined, data: DeliverWebhookData): Begun | undefined {
  if (!row) return { outcome: 'GONE' };
  if (row.status !== WebhookDeliveryStatus.PENDING) return { outcome: 'NOT_PENDING' };
  if (row.redeliveries !== data.redelivery) return { outcome: 'STALE' };
  if (!row.enabled) return { outcome: 'ENDPOINT_DISABLED', row };
  return undefined;
}

function truncate(value: string | null, max: number): string | null {
  if (value === null) return null;
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

interface OpeningRequest {
  id: string;
  redelivery: number;
  startedAt: Date;
}

type OpeningRow = Pick<DeliveryRow, 'status' | 'redeliveries' | 'enabled'> & { number: number | null };

interface ClosingRequest {
  id: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  succeeded: boolean;
  number: number;
  redeliveries: number;
  closedAt: Date;
  nextAttemptAt: Date | null;
  endpointId: string;
}

/** The first request of each delivery in a batch: one statement changes a delivery's row once. */
function firstOfEach<T extends { id: string }>(requests: readonly T[]): T[] {
  const seen = new Set<string>();
  return requests.filter((request) => !seen.has(request.id) && Boolean(seen.add(request.id)));
}

function alreadyInBatch(deliveryId: string): Error {
  return new Error(`delivery ${deliveryId} is being changed by another attempt of this worker`);
}
