import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TsunaguError } from '@tsunagu/client';
import { ensureWebhookEndpoint, startPartnerInbox, type PartnerInboxOptions } from './partner-inbox.js';

/**
 * The example partner as a program (README.md beside it): an agency's inbox kept live over the referralEvents
 * subscription, each arriving referral acknowledged, and the agency's webhooks received and verified.
 */
const env = process.env;
const apiUrl = env.TSUNAGU_URL ?? 'http://localhost:3000/graphql';
const apiKey = env.TSUNAGU_API_KEY;
if (!apiKey) {
  console.error('TSUNAGU_API_KEY is missing: one of the agency keys `npm start` prints');
  process.exit(1);
}
const port = Number(env.PARTNER_PORT ?? '8787');
const host = env.PARTNER_HOST ?? '127.0.0.1';
const publicUrl = env.PARTNER_WEBHOOK_URL ?? `http://${host}:${port}/tsunagu/events`;
const cursorFile = env.PARTNER_CURSOR_FILE;

async function webhookSecret(): Promise<string | null> {
  if (env.TSUNAGU_WEBHOOK_SECRET) return env.TSUNAGU_WEBHOOK_SECRET;
  if (env.PARTNER_WEBHOOKS === 'off') return null;
  try {
    const { endpointId, secret } = await ensureWebhookEndpoint(apiUrl, apiKey!, publicUrl);
    console.log(`[partner-inbox] webhook endpoint ${endpointId} → ${publicUrl}`);
    return secret;
  } catch (error) {
    if (error instanceof TsunaguError && error.code === 'BAD_USER_INPUT') {
      console.log(
        `[partner-inbox] webhooks off: the hub refused ${publicUrl} (${error.message}); for a local receiver start ` +
          'the hub with WEBHOOK_ALLOWED_PRIVATE_NETWORKS=127.0.0.1/32,::1/128',
      );
      return null;
    }
    throw error;
  }
}

const secret = await webhookSecret();
const options: PartnerInboxOptions = {
  apiUrl,
  apiKey,
  after: cursorFile && existsSync(cursorFile) ? readFileSync(cursorFile, 'utf8').trim() || undefined : undefined,
  onCursor: cursorFile ? (cursor) => writeFileSync(cursorFile, cursor) : undefined,
  webhook: secret ? { secret, port, host } : undefined,
};
const partner = await startPartnerInbox(options);

const stop = () => {
  partner.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
