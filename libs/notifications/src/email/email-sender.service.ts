import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Metrics, type AppConfig, type BusEvent } from '@tsunagu/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { agencyIdsNamedBy, render } from './email-templates.js';
import { MAIL_TRANSPORT, type MailTransport } from './mail-transport.js';
import { type SendEmailData } from './send-email.job.js';

interface LockedDelivery {
  id: string;
  agency_id: string;
  recipient: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
}

export type SendEmailOutcome = 'GONE' | 'ALREADY_SENT' | 'SENT';

/** One attempt failed; `permanent` when the server refused for good (5xx), so retrying cannot help. */
export class EmailAttemptError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'EmailAttemptError';
  }
}

/** The domain of the From address, for Message-IDs (`<delivery id@domain>`). */
export function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match ? match[1] : 'tsunagu.invalid';
}

/** An SMTP reply code of 500–599: the server refuses for good. */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

const MAX_ERROR_LENGTH = 1000;

/**
 * Sends one e-mail notice and records it on its email_delivery row: every attempt counts in `attempts`; success
 * sets SENT, the Message-ID and `sent_at` (an earlier attempt's `last_error` stays, as its history); a failure
 * sets `last_error`, and FAILED after the last attempt or a permanent refusal. A SENT row is never sent again. The row stays locked during the attempt, so two runs of the
 * same delivery cannot both send; the Message-ID is the delivery's, so a mail sent again after a crash between
 * the server's acceptance and the commit carries the same id (mail clients show it once).
 */
@Injectable()
export class EmailSenderService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport | null,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  /** Sends `data`'s notice; throws EmailAttemptError when the attempt failed (after recording it). */
  async send(data: SendEmailData, lastAttempt: boolean): Promise<SendEmailOutcome> {
    const result = await this.dataSource.transaction((manager) => this.sendIn(manager, data, lastAttempt));
    if (result instanceof EmailAttemptError) {
      // `failed` as the row's status says: no attempt follows.
      this.metrics.emailAttempts.inc({ outcome: lastAttempt || result.permanent ? 'failed' : 'retry' });
      throw result;
    }
    if (result === 'SENT') this.metrics.emailAttempts.inc({ outcome: 'sent' });
    return result;
  }

  private async sendIn(
    manager: EntityManager,
    data: SendEmailData,
    lastAttempt: boolean,
  ): Promise<SendEmailOutcome | EmailAttemptError> {
    // NOWAIT: a second run of the same delivery fails its attempt at once (and is retried) instead of waiting.
    const [delivery] = await manager.query<LockedDelivery[]>(
      `SELECT "id", "agency_id", "recipient", "status" FROM "email_delivery" WHERE "id" = $1 FOR UPDATE NOWAIT`,
      [data.deliveryId],
    );
    if (!delivery) return 'GONE';
    if (delivery.status === 'SENT') return 'ALREADY_SENT';

    let failure: EmailAttemptError;
    try {
      if (!this.transport) throw new EmailAttemptError('SMTP_URL is not set on this worker', false);
      const mail = render(data.event, await this.viewpointOf(manager, data.event, delivery.agency_id));
      const info = await this.transport.sendMail({
        from: this.config.MAIL_FROM,
        to: delivery.recipient,
        subject: mail.subject,
        text: mail.text,
        messageId: `<${delivery.id}@${messageIdDomain(this.config.MAIL_FROM)}>`,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Tsunagu-Event-Id': data.event.id,
          'X-Tsunagu-Event-Type': data.event.type,
        },
      });
      await manager.query(
        `UPDATE "email_delivery"
            SET "status" = 'SENT', "attempts" = "attempts" + 1, "message_id" = $2, "sent_at" = now()
          WHERE "id" = $1`,
        [delivery.id, info.messageId ?? null],
      );
      return 'SENT';
    } catch (error) {
      failure =
        error instanceof EmailAttemptError
          ? error
          : new EmailAttemptError(
              error instanceof Error ? error.message : String(error),
              isPermanentSmtpFailure(error),
            );
    }
    await manager.query(
      `UPDATE "email_delivery" SET "attempts" = "attempts" + 1, "last_error" = $2, "status" = $3 WHERE "id" = $1`,
      [
        delivery.id,
        failure.message.slice(0, MAX_ERROR_LENGTH),
        lastAttempt || failure.permanent ? 'FAILED' : 'PENDING',
      ],
    );
    return failure;
  }

  private async viewpointOf(manager: EntityManager, event: BusEvent, agencyId: string) {
    const ids = [...new Set([agencyId, ...agencyIdsNamedBy(event)])];
    const rows = await manager.query<{ id: string; name: string }[]>(
      `SELECT "id", "name" FROM "agency" WHERE "id" = ANY($1::uuid[])`,
      [ids],
    );
    const agencyNames = new Map(rows.map((row) => [row.id, row.name]));
    return {
      agencyId,
      agencyName: agencyNames.get(agencyId) ?? '',
      agencyNames,
      publicUrl: this.config.PUBLIC_URL,
    };
  }
}
