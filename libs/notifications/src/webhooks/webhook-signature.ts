import { createHmac, randomBytes } from 'node:crypto';

/** The prefix of every signing secret, so a leaked one is recognisable in logs and repositories. */
export const SIGNING_SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes, base64url. Shown to the agency once; stored sealed. */
export function generateSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * The `Tsunagu-Signature` value: `v1=` and the hex HMAC-SHA256, keyed with the whole secret (UTF-8), of
 * `<timestamp>.<body>` — the timestamp in unix seconds, as sent in `Tsunagu-Timestamp`, and the exact body.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export interface WebhookRequestFacts {
  eventId: string;
  eventType: string;
  deliveryId: string;
  /** Unix seconds. */
  timestamp: number;
  body: string;
}

export const WEBHOOK_USER_AGENT = 'Tsunagu-Webhooks/1';

/** The headers of one attempt (the body is the delivery's stored JSON, byte for byte). */
export function webhookHeaders(secret: string, facts: WebhookRequestFacts): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    'tsunagu-event-id': facts.eventId,
    'tsunagu-event-type': facts.eventType,
    'tsunagu-delivery-id': facts.deliveryId,
    'tsunagu-timestamp': String(facts.timestamp),
    'tsunagu-signature': webhookSignature(secret, facts.timestamp, facts.body),
  };
}
