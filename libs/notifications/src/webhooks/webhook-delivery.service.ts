import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  appendToOutbox,
  attemptFailureReason,
  Metrics,
  openSecret,
  type AppConfig,
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
 * One attempt of a webhook delivery (the DELIVER_WEBHOOK job): a signed POST, and its record — the attempt row
 * and the delivery's state in one transaction. A success resets the endpoint's dead-letter count; a failure on
 * the last attempt dead-letters the delivery, and WEBHOOK_DISABLE_AFTER dead letters in a row disable the
 * endpoint and tell its agency (a `webhook.disabled` event through the outbox, in the same transaction).
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
    // FOR SHARE waits for a redelivery that is committing (it holds the row while it adds this job).
    const row = await this.dataSource.transaction(async (manager) => {
      const [found] = await manager.query<DeliveryRow[]>(
        `SELECT delivery."id", delivery."endpoint_id", delivery."agency_id", delivery."event_id",
                delivery."event_type", delivery."body", delivery."status", delivery."redeliveries",
                endpoint."url", endpoint."secret_ciphertext", endpoint."enabled"
           FROM "webhook_delivery" delivery
           JOIN "webhook_endpoint" endpoint ON endpoint."id" = delivery."endpoint_id"
          WHERE delivery."id" = $1
            FOR SHARE OF delivery`,
        [data.deliveryId],
      );
      return found;
    });
    if (!row) return 'GONE';
    if (row.status !== WebhookDeliveryStatus.PENDING) return 'NOT_PENDING';
    if (row.redeliveries !== data.redelivery) return 'STALE';
    if (!row.enabled) {
      await this.deadLetterWithoutAttempt(row, ENDPOINT_DISABLED_ERROR);
      return 'ENDPOINT_DISABLED';
    }

    let secret: string;
    try {
      secret = openSecret(this.config.SECRETS_KEY, row.secret_ciphertext, row.endpoint_id);
    } catch {
      // Not the partner's failure: no attempt is recorded, and nothing counts against the endpoint.
      const reason = 'the signing secret cannot be opened (is SECRETS_KEY the one it was sealed with?)';
      if (plan.final) await this.deadLetterWithoutAttempt(row, reason);
      throw new Error(`webhook delivery ${row.id}: ${reason}`);
    }

    const startedAt = new Date();
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
    const number = await this.dataSource.transaction((manager) => this.record(manager, row, startedAt, result, plan));
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

  /** The attempt row, and the delivery's (and endpoint's) new state when the delivery is still this round's. */
  private async record(
    manager: EntityManager,
    row: DeliveryRow,
    startedAt: Date,
    result: WebhookAttemptResult,
    plan: AttemptPlan,
  ): Promise<number> {
    const error = truncate(result.error, 1000);
    // Locks the delivery; the attempt number counts on over every round.
    const [[current]] = await manager.query<
      [[{ attempts: number; status: WebhookDeliveryStatus; redeliveries: number }], number]
    >(
      `UPDATE "webhook_delivery"
          SET "attempts" = "attempts" + 1, "last_attempt_at" = $2, "last_status_code" = $3,
              "last_latency_ms" = $4, "last_error" = $5
        WHERE "id" = $1
        RETURNING "attempts", "status", "redeliveries"`,
      [row.id, startedAt, result.statusCode, result.latencyMs, error],
    );
    await manager.query(
      `INSERT INTO "webhook_attempt" ("delivery_id", "number", "started_at", "succeeded", "status_code", "latency_ms", "error")
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.id, current.attempts, startedAt, result.succeeded, result.statusCode, result.latencyMs, error],
    );
    const ours = current.status === WebhookDeliveryStatus.PENDING && current.redeliveries === row.redeliveries;
    if (!ours) return current.attempts;

    const now = new Date();
    if (result.succeeded) {
      await manager.query(
        `UPDATE "webhook_delivery" SET "status" = 'SUCCEEDED', "delivered_at" = $2, "next_attempt_at" = NULL
          WHERE "id" = $1`,
        [row.id, now],
      );
      await manager.query(
        `UPDATE "webhook_endpoint" SET "consecutive_dead_letters" = 0
          WHERE "id" = $1 AND "consecutive_dead_letters" <> 0`,
        [row.endpoint_id],
      );
    } else if (!plan.final) {
      await manager.query(`UPDATE "webhook_delivery" SET "next_attempt_at" = $2 WHERE "id" = $1`, [
        row.id,
        new Date(now.getTime() + plan.retryDelayMs),
      ]);
    } else {
      await manager.query(
        `UPDATE "webhook_delivery" SET "status" = 'DEAD_LETTERED', "dead_lettered_at" = $2, "next_attempt_at" = NULL
          WHERE "id" = $1`,
        [row.id, now],
      );
      await this.countDeadLetter(manager, row, error ?? 'failed', now);
    }
    return current.attempts;
  }

  /** One more dead letter in a row for the endpoint; at WEBHOOK_DISABLE_AFTER it is disabled and its agency told. */
  private async countDeadLetter(manager: EntityManager, row: DeliveryRow, lastError: string, now: Date): Promise<void> {
    const [[endpoint]] = await manager.query<[[{ consecutive_dead_letters: number; enabled: boolean }], number]>(
      `UPDATE "webhook_endpoint" SET "consecutive_dead_letters" = "consecutive_dead_letters" + 1
        WHERE "id" = $1
        RETURNING "consecutive_dead_letters", "enabled"`,
      [row.endpoint_id],
    );
    if (!endpoint.enabled || endpoint.consecutive_dead_letters < this.config.WEBHOOK_DISABLE_AFTER) return;

    const count = endpoint.consecutive_dead_letters;
    const reason = truncate(`${count} deliveries in a row dead-lettered; the last: ${lastError}`, 500)!;
    await manager.query(
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
    await this.dataSource.query(
      `UPDATE "webhook_delivery"
          SET "status" = 'DEAD_LETTERED', "dead_lettered_at" = now(), "next_attempt_at" = NULL, "last_error" = $3
        WHERE "id" = $1 AND "status" = 'PENDING' AND "redeliveries" = $2`,
      [row.id, row.redeliveries, reason],
    );
  }
}

function truncate(value: string | null, max: number): string | null {
  if (value === null) return null;
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}
