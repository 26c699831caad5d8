import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, JOB_OPTIONS, JobName, QueueName, withTimeout, type AppConfig } from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { sendEmailJobId, type SendEmailData } from '../email/send-email.job.js';
import { deliverWebhookJobId, type DeliverWebhookData } from '../webhooks/deliver-webhook.job.js';
import { deliverWebhookJobOptions } from '../webhooks/webhook-retry.js';
import { toBusEvent, type OutboxRow } from './outbox-row.js';

/** Deliveries per table and sweep. */
const SWEEP_BATCH_SIZE = 100;
const REDIS_TIMEOUT_MS = 5000;

/** A pending e-mail delivery and the outbox row of its event. */
interface EmailRow extends OutboxRow {
  delivery_id: string;
}

/**
 * The second half of redelivery: once the fan-out has written a webhook or e-mail delivery row and queued its
 * job, that job too lives in Redis only. A delivery still PENDING after the grace period — since it was
 * written, since its last attempt, since its next attempt was due, and since it was last queued again — has its
 * job added again under its deterministic id (the delivery id; for a webhook, of its current round). BullMQ
 * ignores the add while the job exists; when Redis lost it, the new job carries on (a SENT or SUCCEEDED row is
 * never sent again). `requeued_at` moves on each time, so the sweep goes round every pending delivery.
 *
 * `requeued_at` is moved, in one statement, before the jobs are added: the row lock that statement takes is let go
 * before a job exists. (A job's run that met it would fail at once: the e-mail sender locks its row NOWAIT, and
 * its retry waits a minute.) Rows locked by a send in progress are skipped. If the add then fails, the rows wait
 * one grace period more.
 */
@Injectable()
export class DeliveryJobSweepService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.WEBHOOKS) private readonly webhooks: Queue,
    @InjectQueue(QueueName.MAIL) private readonly mail: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One round over both tables; how many deliveries were queued again (most are ignored by BullMQ). */
  async sweep(): Promise<number> {
    return (await this.sweepWebhooks()) + (await this.sweepEmail());
  }

  private async sweepWebhooks(): Promise<number> {
    // An UPDATE's result comes as [rows, count].
    const [rows] = await this.dataSource.query<[{ id: string; redeliveries: number }[], number]>(
      `UPDATE "webhook_delivery" SET "requeued_at" = now()
        WHERE "id" IN (
          SELECT "id" FROM "webhook_delivery"
           WHERE "status" = 'PENDING'
             AND coalesce("requeued_at", "created_at") < now() - make_interval(secs => $2::double precision / 1000)
             AND coalesce("last_attempt_at", "created_at") < now() - make_interval(secs => $2::double precision / 1000)
             AND coalesce("next_attempt_at", "created_at") < now() - make_interval(secs => $2::double precision / 1000)
           ORDER BY coalesce("requeued_at", "created_at")
           LIMIT $1
             FOR UPDATE SKIP LOCKED)
        RETURNING "id", "redeliveries"`,
      [SWEEP_BATCH_SIZE, this.config.OUTBOX_REDELIVERY_GRACE_MS],
    );
    if (rows.length === 0) return 0;
    const options = deliverWebhookJobOptions(this.config);
    await withTimeout(
      this.webhooks.addBulk(
        rows.map((row) => {
          const data: DeliverWebhookData = { deliveryId: row.id, redelivery: row.redeliveries };
          return { name: JobName.DELIVER_WEBHOOK, data, opts: { ...options, jobId: deliverWebhookJobId(data) } };
        }),
      ),
      REDIS_TIMEOUT_MS,
    );
    return rows.length;
  }

  private async sweepEmail(): Promise<number> {
    if (!this.config.SMTP_URL) return 0;
    const rows = await this.dataSource.query<EmailRow[]>(
      `WITH due AS (
         UPDATE "email_delivery" SET "requeued_at" = now()
          WHERE "id" IN (
            SELECT "id" FROM "email_delivery"
             WHERE "status" = 'PENDING'
               AND coalesce("requeued_at", "created_at") < now() - make_interval(secs => $2::double precision / 1000)
             ORDER BY coalesce("requeued_at", "created_at")
             LIMIT $1
               FOR UPDATE SKIP LOCKED)
          RETURNING "id", "event_id")
       SELECT due."id" AS "delivery_id", event."id", event."type", event."agency_ids", event."payload",
              event."occurred_at"
         FROM due JOIN "outbox_event" event ON event."id" = due."event_id"`,
      [SWEEP_BATCH_SIZE, this.config.OUTBOX_REDELIVERY_GRACE_MS],
    );
    if (rows.length === 0) return 0;
    const options = JOB_OPTIONS[JobName.SEND_EMAIL];
    await withTimeout(
      this.mail.addBulk(
        rows.map((row) => {
          const data: SendEmailData = { deliveryId: row.delivery_id, event: toBusEvent(row) };
          return { name: JobName.SEND_EMAIL, data, opts: { ...options, jobId: sendEmailJobId(row.delivery_id) } };
        }),
      ),
      REDIS_TIMEOUT_MS,
    );
    return rows.length;
  }
}
