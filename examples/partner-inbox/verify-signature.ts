import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IncomingHttpHeaders } from 'node:http';

export interface VerifyInput {
  /** The endpoint's signing secret (`whsec_…`), used whole as the HMAC key. */
  secret: string;
  /** The request's headers (Node's lower-case object). */
  headers: IncomingHttpHeaders;
  /** The raw body exactly as received: the signature is over these bytes, not over re-serialised JSON. */
  body: Buffer | string;
  /** How far `Tsunagu-Timestamp` may be from now, in seconds (default 300), so a captured request cannot be replayed. */
  toleranceSeconds?: number;
  /** Now, in milliseconds since the epoch. */
  now?: number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a request is a genuine Tsunagu webhook (docs/webhooks.md, "Verifying a delivery"): `Tsunagu-Signature`
 * holds `v1=<hex>` of HMAC-SHA256, keyed with the whole secret (UTF-8), over `<Tsunagu-Timestamp>.<raw body>`,
 * compared in constant time; the header may list several signatures (`v1=…,v1=…`), one match is enough. False
 * when no signature matches or the timestamp is more than `toleranceSeconds` away from now.
 */
export function verifyTsunaguSignature({ secret, headers, body, toleranceSeconds = 300, now }: VerifyInput): boolean {
  const timestamp = header(headers, 'tsunagu-timestamp');
  const signatures = header(headers, 'tsunagu-signature');
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || typeof signatures !== 'string') return false;
  if (Math.abs((now ?? Date.now()) / 1000 - Number(timestamp)) > toleranceSeconds) return false;

  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const expected = createHmac('sha256', secret)
    .update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), raw]))
    .digest();
  return signatures.split(',').some((part) => {
    const [version, hex] = part.trim().split('=', 2);
    if (version !== 'v1' || !/^[0-9a-f]{64}$/i.test(hex ?? '')) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
}
