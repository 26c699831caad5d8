import { createHmac, timingSafeEqual } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.js';
import { startWebhookSink, type SinkRequest, type WebhookSink } from '../support/webhook-sink.js';

/** How many times each key (an event id, per receiver) arrived. */
export class Tally {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  get size(): number {
    return this.counts.size;
  }
}

/** The receivers' side of the verification in docs/webhooks.md: HMAC-SHA256 of `<timestamp>.<raw body>`. */
export function signatureValid(secret: string, request: SinkRequest): boolean {
  const timestamp = request.headers['tsunagu-timestamp'];
  const signatures = request.headers['tsunagu-signature'];
  if (typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(request.body).digest();
  return signatures.split(',').some((part) => {
    const [version, hex] = part.trim().split('=', 2);
    return version === 'v1' && /^[0-9a-f]{64}$/i.test(hex ?? '') && timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
}

/**
 * The partner's webhook receiver: one sink, one path per agency (`/hook/<agency id>`), each with its signing
 * secret. A request counts as delivered when its signature verifies and it is answered 2xx; while `failing`,
 * every request is answered 500 (and the sender must retry).
 */
export class WebhookReceiver {
  readonly delivered = new Tally();
  readonly secrets = new Map<string, string>();
  failing = false;
  badSignatures = 0;
  refused = 0;
  requests = 0;

  private constructor(readonly sink: WebhookSink) {}

  static async start(): Promise<WebhookReceiver> {
    const sink = await startWebhookSink();
    const receiver = new WebhookReceiver(sink);
    sink.respondWith((request) => receiver.answer(request));
    return receiver;
  }

  urlFor(agencyId: string): string {
    return `${this.sink.url}/${agencyId}`;
  }

  private answer(request: SinkRequest): { status: number; body: string } {
    this.requests += 1;
    const agencyId = request.path.split('/').at(-1) ?? '';
    const secret = this.secrets.get(agencyId);
    if (!secret || !signatureValid(secret, request)) {
      this.badSignatures += 1;
      return { status: 401, body: 'bad signature' };
    }
    if (this.failing) {
      this.refused += 1;
      return { status: 500, body: 'failing on purpose' };
    }
    const eventId = request.headers['tsunagu-event-id'];
    this.delivered.add(`${agencyId}/${String(eventId)}`);
    return { status: 200, body: 'ok' };
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}

/** The agencies' mailbox: an SMTP server counting mails per recipient address and X-Tsunagu-Event-Id. */
export class MailReceiver {
  private constructor(readonly sink: SmtpSink) {}

  static async start(): Promise<MailReceiver> {
    return new MailReceiver(await startSmtpSink());
  }

  /** Mails per `<address>/<event id>`, counted now. */
  tally(): Tally {
    const tally = new Tally();
    for (const mail of this.sink.mails) {
      const header = mail.parsed.headers.get('x-tsunagu-event-id');
      const eventId = typeof header === 'string' ? header : '';
      for (const address of mail.to) tally.add(`${address.toLowerCase()}/${eventId}`);
    }
    return tally;
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}

export interface ResumeSupport {
  /** The GraphQL type of referralEvents' `after` argument (e.g. `String`), when the schema has one. */
  afterType: string | null;
  /** Whether ReferralEvent has a `cursor` field. */
  cursor: boolean;
}

interface IntrospectedType {
  kind: string;
  name: string | null;
  ofType: IntrospectedType | null;
}

const typeName = (type: IntrospectedType): string =>
  type.kind === 'NON_NULL' ? `${typeName(type.ofType as IntrospectedType)}!` : (type.name ?? 'String');

/** Asks the API (introspection) whether subscriptions can resume: `referralEvents(after:)` and `cursor`. */
export async function detectResume(apiUrl: string, key: string): Promise<ResumeSupport> {
  const query = `{
    subscription: __type(name: "Subscription") { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } }
    event: __type(name: "ReferralEvent") { fields { name } }
  }`;
  const response = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    data?: {
      subscription: { fields: { name: string; args: { name: string; type: IntrospectedType }[] }[] } | null;
      event: { fields: { name: string }[] } | null;
    };
  };
  const field = body.data?.subscription?.fields.find((one) => one.name === 'referralEvents');
  const after = field?.args.find((arg) => arg.name === 'after');
  return {
    afterType: after ? typeName(after.type) : null,
    cursor: body.data?.event?.fields.some((one) => one.name === 'cursor') ?? false,
  };
}

interface LiveEvent {
  id: string;
  type: string;
  cursor?: string | null;
}

/**
 * A live subscriber of one agency: `referralEvents` over graphql-ws on its preferred API instance. When the
 * socket drops (or the subscription ends or fails), it connects again, to the preferred instance or, if that
 * does not answer, the next one; with `resume`, it subscribes again `after` the last cursor it saw, so the
 * server can replay what it missed. Counts every event it receives by id.
 */
export class Subscriber {
  readonly received = new Tally();
  connects = 0;
  drops = 0;
  errors: string[] = [];
  private lastCursor: string | null = null;
  private stopped = false;
  private client: Client | null = null;
  private loop: Promise<void> | null = null;
  private wake: () => void = () => undefined;

  constructor(
    readonly name: string,
    readonly agencyId: string,
    private readonly key: string,
    private readonly urls: readonly string[],
    private readonly preferred: number,
    private readonly resume: ResumeSupport | null,
  ) {}

  /** Starts subscribing; resolves once the first subscription is acknowledged by a round trip. */
  async start(): Promise<void> {
    this.loop = this.run();
    const deadline = Date.now() + 10_000;
    while (this.connects === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    // The subscription is live once the server has processed `subscribe`; give the round trip a moment.
    await new Promise((resolve) => setTimeout(resolve, 300));
  }

  private document(): { query: string; variables: Record<string, unknown> } {
    if (this.resume?.afterType && this.resume.cursor) {
      return {
        query: `subscription ($after: ${this.resume.afterType}) { referralEvents(after: $after) { id type cursor } }`,
        variables: { after: this.lastCursor },
      };
    }
    return { query: 'subscription { referralEvents { id type } }', variables: {} };
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const url = this.urls[(this.preferred + attempt) % this.urls.length];
      let opened = false;
      const client = createClient({
        url: `${url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${this.key}` },
        retryAttempts: 0,
        lazy: true,
        keepAlive: 2_000,
        on: {
          connected: () => {
            opened = true;
            this.connects += 1;
          },
        },
      });
      this.client = client;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        client.subscribe<{ referralEvents: LiveEvent }>(this.document(), {
          next: (result) => {
            const event = result.data?.referralEvents;
            if (event) {
              this.received.add(event.id);
              if (event.cursor) this.lastCursor = event.cursor;
            } else if (result.errors) {
              this.errors.push(JSON.stringify(result.errors).slice(0, 300));
            }
          },
          error: (error) => {
            if (error instanceof Error) this.errors.push(error.message);
            resolve();
          },
          complete: () => resolve(),
        });
      });
      await client.dispose();
      if (this.stopped) break;
      if (opened) this.drops += 1;
      // Back to the preferred instance first; after a failed connect, the next one.
      attempt = opened ? 0 : attempt + 1;
      await new Promise((resolve) => setTimeout(resolve, opened ? 100 : 250));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.client?.dispose();
    await this.loop;
  }
}
