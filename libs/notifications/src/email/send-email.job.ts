import { type BusEvent } from '@tsunagu/platform';

/** The data of a SEND_EMAIL job: the email_delivery row to send, and the event it tells of (ids only). */
export interface SendEmailData {
  deliveryId: string;
  event: BusEvent;
}

/** Deterministic: one job per delivery row, so a fan-out that runs again enqueues nothing new. */
export function sendEmailJobId(deliveryId: string): string {
  return deliveryId;
}

export function isSendEmailData(value: unknown): value is SendEmailData {
  const data = value as Partial<SendEmailData> | null;
  const event = data?.event as Partial<BusEvent> | undefined;
  return (
    typeof data?.deliveryId === 'string' &&
    typeof event?.id === 'string' &&
    typeof event.type === 'string' &&
    Array.isArray(event.agencyIds) &&
    typeof event.payload === 'object' &&
    event.payload !== null &&
    typeof event.occurredAt === 'string'
  );
}
