import { randomUUID } from 'node:crypto';

/** Error codes a client may retry (item 5 of issue 11 adds SERVICE_UNAVAILABLE with `retryable: true`). */
const RETRYABLE_CODES = new Set(['SERVICE_UNAVAILABLE', 'RATE_LIMITED']);

export interface CallStats {
  ok: number;
  /** Attempts repeated after a network error, an HTTP 5xx without an answer, or a retryable error code. */
  retries: number;
  /** Calls that failed for good, by error code (INTERNAL_SERVER_ERROR is not retryable). */
  failed: Record<string, number>;
}

export class GraphQLFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A GraphQL client over every API instance: each call goes to the next instance in turn; a call that meets a
 * network error, an HTTP 5xx without a GraphQL answer, or an error the API marks retryable is repeated (on the
 * next instance) with backoff for up to `retryForMs`. Other errors fail the call.
 */
export class ApiClient {
  readonly stats: CallStats = { ok: 0, retries: 0, failed: {} };
  private next = 0;

  constructor(
    private readonly urls: readonly string[],
    private readonly retryForMs = 30_000,
  ) {}

  async call<T>(key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const deadline = Date.now() + this.retryForMs;
    let wait = 100;
    for (;;) {
      const url = this.urls[this.next++ % this.urls.length];
      let retryable: string;
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await response.text();
        let body: { data?: T; errors?: { message: string; extensions?: { code?: string; retryable?: boolean } }[] };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          body = {};
        }
        const error = body.errors?.[0];
        if (!error && body.data) {
          this.stats.ok += 1;
          return body.data;
        }
        const code = error?.extensions?.code ?? `HTTP_${response.status}`;
        if (error && !(error.extensions?.retryable === true || RETRYABLE_CODES.has(code))) {
          this.stats.failed[code] = (this.stats.failed[code] ?? 0) + 1;
          throw new GraphQLFailure(code, error.message);
        }
        if (!error && response.status < 500) {
          this.stats.failed[code] = (this.stats.failed[code] ?? 0) + 1;
          throw new GraphQLFailure(code, text.slice(0, 200));
        }
        retryable = code;
      } catch (error) {
        if (error instanceof GraphQLFailure) throw error;
        retryable = 'NETWORK';
      }
      if (Date.now() + wait > deadline) {
        this.stats.failed[retryable] = (this.stats.failed[retryable] ?? 0) + 1;
        throw new GraphQLFailure(retryable, `still failing after ${this.retryForMs} ms`);
      }
      this.stats.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait = Math.min(wait * 2, 2_000);
    }
  }
}

export interface Party {
  id: string;
  key: string;
}

interface Flow {
  referralId: string | null;
  idempotencyKey: string;
  step: number;
  /** Steps this referral goes through: all of them, or only create+send (left waiting, its clocks running). */
  last: number;
  busy: boolean;
}

const STEPS: { as: 'sender' | 'recipient'; query: string; variables?: Record<string, unknown> }[] = [
  {
    as: 'sender',
    query: 'mutation ($input: CreateReferralInput!) { createReferral(input: $input) { id status } }',
  },
  { as: 'recipient', query: 'mutation ($id: ID!) { acknowledgeReferral(id: $id) { id status } }' },
  { as: 'recipient', query: 'mutation ($id: ID!) { acceptReferral(id: $id) { id status } }' },
  { as: 'recipient', query: 'mutation ($id: ID!) { startReferral(id: $id) { id status } }' },
  {
    as: 'recipient',
    query: 'mutation ($id: ID!, $outcome: String!) { completeReferral(id: $id, outcome: $outcome) { id status } }',
    variables: { outcome: '住まいが決まった' },
  },
];

/**
 * A steady stream of referral changes at `rate` mutations a second: referrals created and sent (with an
 * idempotency key, so a retried create makes one referral), then acknowledged, accepted, started and completed
 * by the recipient (every `holdEvery`-th is left waiting, so its clocks run). Open loop: a slow call does not slow the stream; at most `maxOpen` referrals in flight.
 */
export class ReferralStream {
  private flows: Flow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly pending = new Set<Promise<void>>();
  private personIndex = 0;
  private ticks = 0;
  private started = 0;
  created = 0;
  abandoned = 0;

  constructor(
    private readonly client: ApiClient,
    private readonly sender: Party,
    private readonly recipient: Party,
    private readonly personIds: readonly string[],
    private readonly rate: number,
    /** Every n-th referral is only sent, and stays waiting for its acknowledgement: its SLA clocks keep running. */
    private readonly holdEvery = 6,
    private readonly maxOpen = 25,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), 1000 / this.rate);
  }

  /** Stops issuing changes and waits for the calls in flight (with their retries). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.pending]);
  }

  private tick(): void {
    this.ticks += 1;
    let flow = this.flows.find((one) => !one.busy && one.step < one.last);
    // About one change in three starts a referral; the others move open ones on.
    if (this.flows.length < this.maxOpen && (!flow || this.ticks % 3 === 0)) {
      const held = this.holdEvery > 0 && this.started++ % this.holdEvery === 0;
      flow = { referralId: null, idempotencyKey: randomUUID(), step: 0, last: held ? 1 : STEPS.length, busy: false };
      this.flows.push(flow);
    }
    if (!flow) return;
    const running = this.advance(flow);
    this.pending.add(running);
    void running.finally(() => this.pending.delete(running));
  }

  private async advance(flow: Flow): Promise<void> {
    flow.busy = true;
    const step = STEPS[flow.step];
    const party = step.as === 'sender' ? this.sender : this.recipient;
    try {
      if (flow.step === 0) {
        const personId = this.personIds[this.personIndex++ % this.personIds.length];
        const input = {
          personId,
          toAgencyId: this.recipient.id,
          needCategories: ['HOUSING'],
          summary: '住まいを失うおそれ。',
          urgency: 'NORMAL',
          sharedCategories: ['IDENTITY'],
          idempotencyKey: flow.idempotencyKey,
          send: true,
        };
        const data = await this.client.call<{ createReferral: { id: string } }>(party.key, step.query, { input });
        flow.referralId = data.createReferral.id;
        this.created += 1;
      } else {
        await this.client.call(party.key, step.query, { id: flow.referralId, ...step.variables });
      }
      flow.step += 1;
      if (flow.step >= flow.last) this.flows.splice(this.flows.indexOf(flow), 1);
    } catch {
      // Failed for good (counted in the client's stats): this referral's story ends here.
      this.abandoned += 1;
      this.flows.splice(this.flows.indexOf(flow), 1);
    } finally {
      flow.busy = false;
    }
  }
}
