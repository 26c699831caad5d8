import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  APP_CONFIG,
  JOB_OPTIONS,
  JobName,
  matchesEventPatterns,
  QueueName,
  type AppConfig,
  type BusEvent,
  preparedQuery,
} from '@tsunagu/platform';
import { type Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { type FanOutChannel } from '../fan-out/fan-out-channel.js';
import { channelPreferences, NotificationChannel } from '../preferences/channel-preferences.js';
import { describeSmtpUrl } from './mail-transport.js';
import { sendEmailJobId, type SendEmailData } from './send-email.job.js';

interface DeliveryRow {
  id: string;
  status: 'PENDING' | 'SENT' | 'FAILED';
}

/**
 * A fan-out step: e-mail notices. For each agency of the event whose EMAIL preference carries its type, that has
 * a contact address, and that did not cause the event itself, one email_delivery row (unique per agency and
 * event) and one SEND_EMAIL job on the MAIL queue whose id is the row's id. A fan-out that runs again finds the
 * rows and re-adds the jobs of those still pending, which BullMQ ignores while it holds them: nothing is sent
 * twice, and a fan-out that failed between the rows and the jobs loses nothing. Without SMTP_URL it does nothing.
 */
@Injectable()
export class EmailChannel implements FanOutChannel, OnApplicationBootstrap {
  readonly name = 'email';
  private readonly logger = new Logger(EmailChannel.name);

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.MAIL) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.SMTP_URL) {
      this.logger.log(`E-mail notices on: ${describeSmtpUrl(this.config.SMTP_URL)}, from ${this.config.MAIL_FROM}`);
    } else {
      // At info level: a deployment without e-mail is a choice, not a fault (and tests keep the worker quiet).
      this.logger.log('E-mail notices off: SMTP_URL is not set, so no e-mail is sent');
    }
  }

  async deliver(event: BusEvent): Promise<void> {
    if (!this.config.SMTP_URL || event.agencyIds.length === 0) return;
    const actor = (event.payload as { actorAgencyId?: unknown }).actorAgencyId;
    const preferences = await channelPreferences(this.dataSource.manager, NotificationChannel.EMAIL, event.agencyIds);
    const wanted = event.agencyIds.filter(
      (agencyId) => agencyId !== actor && matchesEventPatterns(event.type, preferences.get(agencyId) ?? []),
    );
    if (wanted.length === 0) return;

    await preparedQuery(
      this.dataSource.manager,
      `INSERT INTO "email_delivery" ("agency_id", "event_id", "event_type", "recipient")
       SELECT agency."id", $2, $3, agency."contact_email"
         FROM "agency" agency
        WHERE agency."id" = ANY($1::uuid[]) AND agency."contact_email" IS NOT NULL AND agency."contact_email" <> ''
       ON CONFLICT ("agency_id", "event_id") DO NOTHING`,
      [wanted, event.id, event.type],
    );
    const rows = await preparedQuery<DeliveryRow[]>(
      this.dataSource.manager,
      `SELECT "id", "status" FROM "email_delivery" WHERE "event_id" = $1 AND "agency_id" = ANY($2::uuid[])`,
      [event.id, wanted],
    );
    const pending = rows.filter((row) => row.status === 'PENDING');
    if (pending.length === 0) return;
    await this.queue.addBulk(
      pending.map((row) => ({
        name: JobName.SEND_EMAIL,
        data: { deliveryId: row.id, event } satisfies SendEmailData,
        opts: { ...JOB_OPTIONS[JobName.SEND_EMAIL], jobId: sendEmailJobId(row.id) },
      })),
    );
  }
}
