import { Inject, Injectable } from '@nestjs/common';
import {
  APP_CONFIG,
  cursorAfter,
  ForbiddenError,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  type PageRequest,
} from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { type EmailDelivery, type EmailDeliveryFilter, type EmailDeliveryStatus } from './dto/email-delivery.model.js';

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  recipient: string;
  status: EmailDeliveryStatus;
  attempts: number;
  last_error: string | null;
  message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
}

function toDelivery(row: DeliveryRow): EmailDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    messageId: row.message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}

/** The calling agency's e-mail notices, newest first: what was sent, what is being retried, what failed. */
@Injectable()
export class EmailDeliveriesService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  async list(
    caller: AuthContext,
    filter: EmailDeliveryFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<EmailDelivery>> {
    if (!caller.agencyId) {
      throw new ForbiddenError('E-mail notices belong to an agency: use an agency key, not a hub-admin key', {
        reason: 'AGENCY_KEY_REQUIRED',
      });
    }
    const conditions = ['"agency_id" = $1'];
    const parameters: unknown[] = [caller.agencyId];
    const add = (condition: string, value: unknown) => {
      parameters.push(value);
      conditions.push(condition.replace('?', `$${parameters.length}`));
    };
    if (filter?.status) add('"status" = ?', filter.status);
    if (filter?.eventType) add('"event_type" = ?', filter.eventType);
    if (filter?.eventId) add('"event_id" = ?', filter.eventId);

    const [{ count }] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM "email_delivery" WHERE ${conditions.join(' AND ')}`,
      parameters,
    );
    const after = cursorAfter(page, ['timestamp', 'uuid']);
    if (after) {
      const [createdAt, id] = after;
      parameters.push(createdAt, id);
      conditions.push(`("created_at", "id") < ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`);
    }
    parameters.push(page.limit + 1);
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT "id", "event_id", "event_type", "recipient", "status", "attempts", "last_error", "message_id",
              "created_at", "sent_at"
         FROM "email_delivery" WHERE ${conditions.join(' AND ')}
        ORDER BY "created_at" DESC, "id" DESC LIMIT $${parameters.length}`,
      parameters,
    );
    return toConnection(rows.map(toDelivery), page, Number(count), (row) => [row.createdAt.toISOString(), row.id]);
  }
}
