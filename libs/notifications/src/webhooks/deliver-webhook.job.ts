/** The data of a DELIVER_WEBHOOK job: the delivery, and which round of it (0 first, then each redelivery). */
export interface DeliverWebhookData {
  deliveryId: string;
  redelivery: number;
}

/**
 * Deterministic: the first round's job id is the delivery id (a fan-out that runs again adds nothing); each
 * redelivery's adds its number (`-r1`, `-r2`, …; BullMQ refuses `:` in custom job ids).
 */
export function deliverWebhookJobId(data: DeliverWebhookData): string {
  return data.redelivery === 0 ? data.deliveryId : `${data.deliveryId}-r${data.redelivery}`;
}

export function isDeliverWebhookData(value: unknown): value is DeliverWebhookData {
  const data = value as Partial<DeliverWebhookData> | null;
  return (
    typeof data?.deliveryId === 'string' &&
    typeof data.redelivery === 'number' &&
    Number.isInteger(data.redelivery) &&
    data.redelivery >= 0
  );
}
