import {
  AcknowledgeReferralDocument,
  InboxDocument,
  ReferralDocument,
  ReferralEventsDocument,
  RegisterWebhookDocument,
  RotateWebhookSecretDocument,
  TsunaguError,
  ViewerDocument,
  WebhooksDocument,
  request,
  subscribe,
  type InboxReferralFragment,
  type LiveSubscription,
  type ReferralStatus,
} from '@tsunagu/client';
import { startWebhookReceiver, type WebhookEnvelope, type WebhookReceiver } from './webhook-receiver.js';

/** The channels an event can reach the partner on; the same event id arrives on each. */
export type Channel = 'subscription' | 'webhook';

export interface InboxEvent {
  /** The event id, the same on every channel: the partner acts on an event once. */
  id: string;
  /** ReferralEvent type: SENT, ACKNOWLEDGED, ACCEPTED … */
  type: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  at: string;
  /** The channels it arrived on, first one first. */
  channels: Channel[];
}

export interface InboxEntry {
  referralId: string;
  status: ReferralStatus;
  /** The referral as read through the API (under its access rules), when read. */
  referral: InboxReferralFragment | null;
  events: InboxEvent[];
  /** Whether this partner's acknowledgeReferral moved it from REQUESTED to RECEIVED. */
  acknowledgedByPartner: boolean;
}

export interface PartnerInboxOptions {
  /** The API's `/graphql`, e.g. http://localhost:3000/graphql. */
  apiUrl: string;
  /** One of the agency's keys (referrals:read and referrals:write). */
  apiKey: string;
  /** Receive the agency's webhooks too, verified with this endpoint's secret. */
  webhook?: { secret: string; port: number; host?: string; path?: string; toleranceSeconds?: number };
  /** The last cursor handled by an earlier run: the events since then are replayed first. */
  after?: string;
  /** Called with each event's cursor once the event is handled (store it to resume after a restart). */
  onCursor?: (cursor: string) => void;
  log?: (line: string) => void;
}

export interface PartnerInbox {
  readonly agencyId: string;
  readonly inbox: ReadonlyMap<string, InboxEntry>;
  /** The webhook endpoint, when `webhook` was given. */
  readonly webhooks: WebhookReceiver | null;
  readonly cursor: string | undefined;
  /** Resolves once every event received so far has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const OPEN_STATUSES: ReferralStatus[] = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

/** What the partner needs of an event, from either channel. */
interface IncomingEvent {
  id: string;
  referralId: string;
  type: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus | null;
  at: string;
  /** Whether the partner's agency is the recipient (a subscription to the INBOX only carries those). */
  received: boolean;
}

/** A webhook's referral event as the subscription names it (`referral.sent` → SENT), or null for other groups. */
function fromWebhook(event: WebhookEnvelope, agencyId: string): IncomingEvent | null {
  const { data } = event;
  if (!event.type.startsWith('referral.') || typeof data.referralId !== 'string') return null;
  return {
    id: event.id,
    referralId: data.referralId,
    type: event.type.slice('referral.'.length).toUpperCase(),
    fromStatus: (data.fromStatus as ReferralStatus | undefined) ?? null,
    toStatus: (data.toStatus as ReferralStatus | undefined) ?? null,
    at: typeof data.at === 'string' ? data.at : event.occurredAt,
    received: data.toAgencyId === agencyId,
  };
}

/**
 * A partner system's inbox kept in sync without polling: it subscribes to `referralEvents(box: INBOX)` with its
 * key, reads the open referrals once the subscription is live (what was sent before it started), acknowledges
 * every referral that arrives REQUESTED, and — given a webhook secret — receives the agency's signed webhooks
 * too, acting on each event id once whichever channel brings it first.
 */
export async function startPartnerInbox(options: PartnerInboxOptions): Promise<PartnerInbox> {
  const { apiUrl, apiKey } = options;
  const log = options.log ?? ((line: string) => console.log(`[partner-inbox] ${line}`));
  const inbox = new Map<string, InboxEntry>();
  const events = new Map<string, InboxEvent>();
  let cursor = options.after;
  let closed = false;
  let work: Promise<void> = Promise.resolve();

  /** Runs `task` after the ones queued before it, so the inbox changes one event at a time. */
  const serial = (task: () => Promise<void>): Promise<void> => {
    const run = work.then(task);
    work = run.catch(() => undefined);
    return run;
  };
  /** As `serial`, logging a failure instead of passing it on. */
  const enqueue = (what: string, task: () => Promise<void>): Promise<void> =>
    serial(task).catch((error: unknown) => log(`${what} failed: ${describe(error)}`));

  const { viewer } = await request(apiUrl, apiKey, ViewerDocument);
  if (!viewer.agency) throw new Error('the partner inbox needs an agency key, not a hub-admin key');
  const agencyId = viewer.agency.id;
  log(`signed in as ${viewer.agency.code} ${viewer.agency.name}`);

  const entryOf = (referralId: string, status: ReferralStatus): InboxEntry => {
    let entry = inbox.get(referralId);
    if (!entry) {
      entry = { referralId, status, referral: null, events: [], acknowledgedByPartner: false };
      inbox.set(referralId, entry);
    }
    return entry;
  };

  const refresh = async (entry: InboxEntry): Promise<void> => {
    const { referral } = await request(apiUrl, apiKey, ReferralDocument, { id: entry.referralId });
    if (!referral) return;
    entry.referral = referral;
    entry.status = referral.status;
  };

  const acknowledge = async (entry: InboxEntry): Promise<void> => {
    try {
      const { acknowledgeReferral } = await request(apiUrl, apiKey, AcknowledgeReferralDocument, {
        id: entry.referralId,
      });
      entry.status = acknowledgeReferral.status;
      entry.acknowledgedByPartner = true;
      log(`acknowledged ${entry.referralId}`);
    } catch (error) {
      // Someone at the agency moved it first (accepted or declined it straight away): nothing to acknowledge.
      if (!(error instanceof TsunaguError && error.code === 'INVALID_TRANSITION')) throw error;
      log(`${entry.referralId} is no longer waiting for acknowledgement`);
    }
    await refresh(entry);
  };

  const receive = async (incoming: IncomingEvent, channel: Channel): Promise<void> => {
    const known = events.get(incoming.id);
    if (known) {
      if (!known.channels.includes(channel)) known.channels.push(channel);
      return;
    }
    if (!incoming.received) return;
    const { id, type, fromStatus, toStatus, at } = incoming;
    const event: InboxEvent = { id, type, fromStatus, toStatus, at, channels: [channel] };
    events.set(id, event);
    const isNew = !inbox.has(incoming.referralId);
    const entry = entryOf(incoming.referralId, toStatus ?? 'REQUESTED');
    entry.events.push(event);
    log(`${channel}: ${type} ${incoming.referralId}${toStatus ? ` → ${toStatus}` : ''}`);
    // A replayed SENT of a referral the synchronisation has already seen move on needs nothing more.
    if (toStatus === 'REQUESTED' && entry.referral && entry.referral.status !== 'REQUESTED') return;
    if (toStatus) entry.status = toStatus;
    if (toStatus === 'REQUESTED') await acknowledge(entry);
    else if (isNew) await refresh(entry);
  };

  /** The open referrals of the inbox, as they are now (those sent before the subscription was live). */
  const sync = async (): Promise<void> => {
    let after: string | null | undefined;
    do {
      const { referrals } = await request(apiUrl, apiKey, InboxDocument, { status: OPEN_STATUSES, first: 100, after });
      for (const { node } of referrals.edges) {
        const entry = entryOf(node.id, node.status);
        entry.referral = node;
        entry.status = node.status;
        if (node.status === 'REQUESTED') await acknowledge(entry);
      }
      after = referrals.pageInfo.hasNextPage ? referrals.pageInfo.endCursor : null;
    } while (after);
    log(`inbox synchronised: ${inbox.size} open referral(s)`);
  };

  let subscription: LiveSubscription;
  const start = (): LiveSubscription =>
    subscribe({
      url: apiUrl,
      apiKey,
      document: ReferralEventsDocument,
      variables: () => ({ box: 'INBOX' as const, after: cursor }),
      onConnected: () => log('live: referralEvents(box: INBOX)'),
      onData: ({ referralEvents: event }) =>
        enqueue(`event ${event.id}`, async () => {
          await receive({ ...event, received: true }, 'subscription');
          if (event.cursor) {
            cursor = event.cursor;
            options.onCursor?.(event.cursor);
          }
        }),
      onError: (error) => {
        if (error instanceof TsunaguError && error.code === 'CURSOR_EXPIRED' && !closed) {
          // Too far behind to replay: read the current state and go on live from now.
          log('cursor expired: reading the inbox again');
          cursor = undefined;
          void enqueue('resynchronisation', async () => {
            await subscription.close();
            subscription = start();
            await subscription.connected;
            await sync();
          });
          return;
        }
        log(`subscription: ${describe(error)}`);
      },
    });

  let webhooks: WebhookReceiver | null = null;
  if (options.webhook) {
    webhooks = await startWebhookReceiver({
      ...options.webhook,
      log,
      onEvent: (envelope) => {
        const incoming = fromWebhook(envelope, agencyId);
        if (incoming) void enqueue(`webhook ${envelope.id}`, () => receive(incoming, 'webhook'));
      },
    });
    log(`webhooks: ${webhooks.url}`);
  }

  subscription = start();
  try {
    await subscription.connected;
    await serial(sync);
  } catch (error) {
    await subscription.close();
    await webhooks?.close();
    throw error;
  }

  return {
    agencyId,
    inbox,
    webhooks,
    get cursor() {
      return cursor;
    },
    idle: async () => {
      let last: Promise<void>;
      do {
        last = work;
        await last;
      } while (last !== work);
    },
    close: async () => {
      closed = true;
      await subscription.close();
      await webhooks?.close();
      await work;
      log('stopped');
    },
  };
}

/**
 * The endpoint for `url` with a signing secret this partner knows: registered for `events` the first time, its
 * secret rotated on later starts (the hub shows a secret only once).
 */
export async function ensureWebhookEndpoint(
  apiUrl: string,
  apiKey: string,
  url: string,
  events: string[] = ['referral.*'],
): Promise<{ endpointId: string; secret: string }> {
  const { webhooks } = await request(apiUrl, apiKey, WebhooksDocument);
  const existing = webhooks.find((endpoint) => endpoint.url === url);
  if (existing) {
    const { rotateWebhookSecret } = await request(apiUrl, apiKey, RotateWebhookSecretDocument, { id: existing.id });
    return { endpointId: existing.id, secret: rotateWebhookSecret.signingSecret };
  }
  const { registerWebhook } = await request(apiUrl, apiKey, RegisterWebhookDocument, {
    input: { url, events, description: 'partner-inbox example' },
  });
  return { endpointId: registerWebhook.webhook.id, secret: registerWebhook.signingSecret };
}

function describe(error: unknown): string {
  if (error instanceof TsunaguError) return `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return JSON.stringify(error);
}
