import { randomUUID } from 'node:crypto';
import { FixedClock } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { StatementRecorder } from './support/statement-recorder.js';
import { consentedPair, dataOf, recordConsent, referralInput } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Referrals between agencies through the API: the lifecycle (the partner contract's state machine), the
 * events, messages, forwarding, idempotent creation, the lists and the due times. Test files share one
 * database, so every test creates its own agencies and persons, and lists are read through agencies that
 * only this test uses.
 */

type Status =
  | 'DRAFT'
  | 'REQUESTED'
  | 'RECEIVED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'IN_PROGRESS'
  | 'ON_HOLD'
  | 'COMPLETED'
  | 'CANCELLED'
  | 'FAILED';
type Side = 'SENDER' | 'RECIPIENT';

const OPEN_STATUSES: Status[] = ['DRAFT', 'REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];
const TERMINAL_STATUSES: Status[] = ['REJECTED', 'COMPLETED', 'CANCELLED', 'FAILED'];
const ALL_STATUSES: Status[] = [...OPEN_STATUSES, ...TERMINAL_STATUSES];

const HOUR_MS = 3_600_000;
/** For tests that make many requests: above jest's default 5 s, for loaded machines. */
const MANY_REQUESTS = 20_000;

const REFERRAL_FIELDS = /* GraphQL */ `
  id status version urgency summary needCategories sharedCategories
  declineReason outcome closeReason routingNote overdue
  sentAt acknowledgedAt decidedAt startedAt closedAt acknowledgeDueAt decisionDueAt createdAt
  fromAgency { id }
  toAgency { id }
  forwardedFrom { id status }
  events { type fromStatus toStatus note at actorAgency { id } }
`;
const CREATE = `mutation ($input: CreateReferralInput!) { createReferral(input: $input) { ${REFERRAL_FIELDS} } }`;
const REFERRAL = `query ($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} } }`;
const REFERRALS = /* GraphQL */ `
  query ($filter: ReferralFilter, $first: Int, $after: String) {
    referrals(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          status
          urgency
          overdue
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const MESSAGES = `query ($id: ID!) { referral(id: $id) { messages { id body at fromAgency { id } } } }`;
const POST_MESSAGE = /* GraphQL */ `
  mutation ($referralId: ID!, $body: String!) {
    postReferralMessage(referralId: $referralId, body: $body) {
      id
      referralId
      body
      at
      fromAgency {
        id
      }
    }
  }
`;
const FORWARD = /* GraphQL */ `
  mutation ($id: ID!, $toAgencyId: ID!, $note: String) {
    forwardReferral(id: $id, toAgencyId: $toAgencyId, note: $note) { ${REFERRAL_FIELDS} }
  }
`;

interface EventView {
  type: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  note: string | null;
  at: string;
  actorAgency: { id: string } | null;
}

interface ReferralView {
  id: string;
  status: Status;
  version: number;
  urgency: string;
  summary: string;
  needCategories: string[];
  sharedCategories: string[];
  declineReason: string | null;
  outcome: string | null;
  closeReason: string | null;
  routingNote: string | null;
  overdue: boolean;
  sentAt: string | null;
  acknowledgedAt: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  closedAt: string | null;
  acknowledgeDueAt: string | null;
  decisionDueAt: string | null;
  createdAt: string;
  fromAgency: { id: string };
  toAgency: { id: string };
  forwardedFrom: { id: string; status: Status } | null;
  events: EventView[];
}

interface ReferralPage {
  totalCount: number;
  edges: { cursor: string; node: { id: string; status: Status; urgency: string; overdue: boolean } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface MessageView {
  id: string;
  body: string;
  at: string;
  fromAgency: { id: string };
}

/**
 * The partner contract's lifecycle, restated here as the expectation (not imported from the application):
 * which side performs each mutation, from which statuses, to which status.
 */
interface MutationSpec {
  field: string;
  side: Side;
  from: Status[];
  to: Status;
  /** Variable types besides id and expectedVersion, and the values used when a test gives none. */
  vars: Record<string, string>;
  defaults: Record<string, unknown>;
}

const MUTATIONS = {
  send: { field: 'sendReferral', side: 'SENDER', from: ['DRAFT'], to: 'REQUESTED', vars: {}, defaults: {} },
  acknowledge: {
    field: 'acknowledgeReferral',
    side: 'RECIPIENT',
    from: ['REQUESTED'],
    to: 'RECEIVED',
    vars: {},
    defaults: {},
  },
  accept: {
    field: 'acceptReferral',
    side: 'RECIPIENT',
    from: ['REQUESTED', 'RECEIVED'],
    to: 'ACCEPTED',
    vars: { note: 'String' },
    defaults: { note: '受け入れます' },
  },
  decline: {
    field: 'declineReferral',
    side: 'RECIPIENT',
    from: ['REQUESTED', 'RECEIVED'],
    to: 'REJECTED',
    vars: { reason: 'DeclineReason!', note: 'String' },
    defaults: { reason: 'NO_CAPACITY', note: '現在満員です' },
  },
  start: {
    field: 'startReferral',
    side: 'RECIPIENT',
    from: ['ACCEPTED', 'ON_HOLD'],
    to: 'IN_PROGRESS',
    vars: { note: 'String' },
    defaults: { note: '支援開始' },
  },
  hold: {
    field: 'holdReferral',
    side: 'RECIPIENT',
    from: ['IN_PROGRESS'],
    to: 'ON_HOLD',
    vars: { note: 'String!' },
    defaults: { note: '本人入院のため一時中断' },
  },
  complete: {
    field: 'completeReferral',
    side: 'RECIPIENT',
    from: ['IN_PROGRESS'],
    to: 'COMPLETED',
    vars: { outcome: 'String!' },
    defaults: { outcome: '公営住宅に入居' },
  },
  fail: {
    field: 'failReferral',
    side: 'RECIPIENT',
    from: ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'],
    to: 'FAILED',
    vars: { reason: 'String!' },
    defaults: { reason: '本人と連絡が取れない' },
  },
  cancel: {
    field: 'cancelReferral',
    side: 'SENDER',
    from: OPEN_STATUSES,
    to: 'CANCELLED',
    vars: { reason: 'String!' },
    defaults: { reason: '本人が転居' },
  },
} satisfies Record<string, MutationSpec>;
type MutationName = keyof typeof MUTATIONS;
const MUTATION_NAMES = Object.keys(MUTATIONS) as MutationName[];

function mutationDocument(spec: MutationSpec): string {
  const vars: Record<string, string> = { id: 'ID!', ...spec.vars, expectedVersion: 'Int' };
  const definitions = Object.entries(vars)
    .map(([name, type]) => `$${name}: ${type}`)
    .join(', ');
  const args = Object.keys(vars)
    .map((name) => `${name}: $${name}`)
    .join(', ');
  return `mutation (${definitions}) { ${spec.field}(${args}) { ${REFERRAL_FIELDS} } }`;
}

/** The statuses a side may move a referral in `status` to (INVALID_TRANSITION's `allowed`), sorted. */
function allowedFor(status: Status, side: Side): Status[] {
  return Object.values(MUTATIONS)
    .filter((spec: MutationSpec) => spec.side === side && spec.from.includes(status))
    .map((spec) => spec.to)
    .sort();
}

/** The path from a new DRAFT to each status, one mutation at a time. */
const PATH_TO: Record<Status, MutationName[]> = {
  DRAFT: [],
  REQUESTED: ['send'],
  RECEIVED: ['send', 'acknowledge'],
  ACCEPTED: ['send', 'acknowledge', 'accept'],
  IN_PROGRESS: ['send', 'acknowledge', 'accept', 'start'],
  ON_HOLD: ['send', 'acknowledge', 'accept', 'start', 'hold'],
  COMPLETED: ['send', 'acknowledge', 'accept', 'start', 'complete'],
  FAILED: ['send', 'acknowledge', 'accept', 'fail'],
  REJECTED: ['send', 'decline'],
  CANCELLED: ['send', 'cancel'],
};

function errorOf(response: GraphQLResponse<unknown>) {
  expect(response.body.errors).toHaveLength(1);
  return response.body.errors![0];
}

/** Exactly one error, with this code and these details (a failure shows the whole answer, data included). */
function expectError(response: GraphQLResponse<unknown>, code: string, extensions: Record<string, unknown> = {}) {
  expect(response.body).toEqual(
    expect.objectContaining({
      errors: [expect.objectContaining({ extensions: expect.objectContaining({ code, ...extensions }) })],
    }),
  );
}

function ms(iso: string | null): number {
  if (iso === null) throw new Error('expected a timestamp, got null');
  return Date.parse(iso);
}

/** Client-side helpers bound to one running app. */
function referralClient(t: TestApp) {
  async function perform(
    name: MutationName,
    id: string,
    by: TestAgency,
    variables: Record<string, unknown> = {},
  ): Promise<GraphQLResponse<Record<string, ReferralView>>> {
    const spec: MutationSpec = MUTATIONS[name];
    return t.gql<Record<string, ReferralView>>(mutationDocument(spec), {
      variables: { id, ...spec.defaults, ...variables },
      key: by.key,
    });
  }

  /** Performs a mutation that must succeed, returning the referral it answers with. */
  async function act(
    name: MutationName,
    id: string,
    by: TestAgency,
    variables: Record<string, unknown> = {},
  ): Promise<ReferralView> {
    const response = await perform(name, id, by, variables);
    return dataOf(response, `${name} ${id}`)[MUTATIONS[name].field];
  }

  async function read(id: string, by: TestAgency): Promise<GraphQLResponse<{ referral: ReferralView | null }>> {
    return t.gql<{ referral: ReferralView | null }>(REFERRAL, { variables: { id }, key: by.key });
  }

  async function reread(id: string, by: TestAgency): Promise<ReferralView> {
    const referral = dataOf(await read(id, by), `referral ${id}`).referral;
    if (!referral) throw new Error(`referral ${id} is null`);
    return referral;
  }

  async function create(by: TestAgency, input: Record<string, unknown>) {
    return t.gql<{ createReferral: ReferralView }>(CREATE, { variables: { input }, key: by.key });
  }

  /** A DRAFT from `sender` to `recipient` about a new person who consented to the referral. */
  async function draft(
    sender: TestAgency,
    recipient: TestAgency,
    overrides: Record<string, unknown> = {},
  ): Promise<ReferralView> {
    const { personId } = await consentedPair(t, sender, recipient);
    const input = referralInput(personId, recipient.id, overrides);
    return dataOf(await create(sender, input), 'createReferral').createReferral;
  }

  /** A new referral driven to `status` along PATH_TO, each step by the side that performs it. */
  async function referralIn(status: Status, sender: TestAgency, recipient: TestAgency): Promise<ReferralView> {
    let referral = await draft(sender, recipient);
    for (const step of PATH_TO[status]) {
      referral = await act(step, referral.id, MUTATIONS[step].side === 'SENDER' ? sender : recipient);
    }
    expect(referral.status).toBe(status);
    return referral;
  }

  async function list(by: TestAgency, filter: Record<string, unknown>, first?: number, after?: string | null) {
    const response = await t.gql<{ referrals: ReferralPage }>(REFERRALS, {
      variables: { filter, first, after },
      key: by.key,
    });
    return dataOf(response, 'referrals').referrals;
  }

  /** Every referral id the filter selects, walking all pages of `pageSize`. */
  async function allIds(by: TestAgency, filter: Record<string, unknown>, pageSize = 100): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: ReferralPage = await list(by, filter, pageSize, after);
      ids.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) return ids;
      after = page.pageInfo.endCursor;
    }
  }

  return { perform, act, read, reread, create, draft, referralIn, list, allIds };
}

describe('referrals', () => {
  let t: TestApp;
  let client: ReturnType<typeof referralClient>;
  let sender: TestAgency;
  let recipient: TestAgency;
  let outsider: TestAgency;

  beforeAll(async () => {
    t = await startTestApp();
    client = referralClient(t);
    sender = await createAgency(t, { sector: 'POVERTY', name: '送り手相談支援センター' });
    recipient = await createAgency(t, { sector: 'HOUSING', name: '受け手居住支援法人', needCategories: ['HOUSING'] });
    outsider = await createAgency(t, { sector: 'EMPLOYMENT', needCategories: ['EMPLOYMENT'] });
  });
  afterAll(() => t.close());

  const agencyOf = (side: Side) => (side === 'SENDER' ? sender : recipient);

  async function referralCount(sql: string, params: unknown[]): Promise<number> {
    const [row] = await t.app.get(DataSource).query<{ n: number }[]>(sql, params);
    return row.n;
  }

  describe('lifecycle', () => {
    it('closes the loop under a real consent: DRAFT → REQUESTED → RECEIVED → ACCEPTED → IN_PROGRESS → ON_HOLD → IN_PROGRESS → COMPLETED, one event per transition', async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      const created = dataOf(
        await client.create(sender, referralInput(personId, recipient.id, { urgency: 'HIGH' })),
        'createReferral',
      ).createReferral;
      expect(created).toEqual(
        expect.objectContaining({
          status: 'DRAFT',
          version: 1,
          urgency: 'HIGH',
          fromAgency: { id: sender.id },
          toAgency: { id: recipient.id },
          sentAt: null,
          acknowledgedAt: null,
          decidedAt: null,
          startedAt: null,
          closedAt: null,
        }),
      );

      const steps: { name: MutationName; by: TestAgency; vars?: Record<string, unknown>; to: Status }[] = [
        { name: 'send', by: sender, to: 'REQUESTED' },
        { name: 'acknowledge', by: recipient, to: 'RECEIVED' },
        { name: 'accept', by: recipient, vars: { note: '受け入れます。来週面談' }, to: 'ACCEPTED' },
        { name: 'start', by: recipient, vars: { note: '初回面談' }, to: 'IN_PROGRESS' },
        { name: 'hold', by: recipient, vars: { note: '本人入院のため中断' }, to: 'ON_HOLD' },
        { name: 'start', by: recipient, vars: { note: '退院、支援再開' }, to: 'IN_PROGRESS' },
        { name: 'complete', by: recipient, vars: { outcome: '市営住宅に入居、見守り継続' }, to: 'COMPLETED' },
      ];
      let referral = created;
      const after: ReferralView[] = [];
      for (const step of steps) {
        const next = await client.act(step.name, referral.id, step.by, step.vars);
        expect({ step: step.name, status: next.status, version: next.version }).toEqual({
          step: step.name,
          status: step.to,
          version: referral.version + 1,
        });
        after.push(next);
        referral = next;
      }
      const [sent, , , firstStart] = after;

      expect(referral.outcome).toBe('市営住宅に入居、見守り継続');
      for (const field of ['sentAt', 'acknowledgedAt', 'decidedAt', 'startedAt', 'closedAt'] as const) {
        expect(referral[field]).not.toBeNull();
      }
      expect(ms(referral.sentAt)).toBeLessThanOrEqual(ms(referral.acknowledgedAt));
      expect(ms(referral.acknowledgedAt)).toBeLessThanOrEqual(ms(referral.decidedAt));
      expect(ms(referral.decidedAt)).toBeLessThanOrEqual(ms(referral.startedAt));
      expect(ms(referral.startedAt)).toBeLessThanOrEqual(ms(referral.closedAt));
      // Resuming after a hold keeps the time the work first started.
      expect(referral.startedAt).toBe(firstStart.startedAt);
      expect(referral.sentAt).toBe(sent.sentAt);

      const expectedEvents = [
        { type: 'CREATED', fromStatus: null, toStatus: 'DRAFT', actorAgency: { id: sender.id }, note: null },
        { type: 'SENT', fromStatus: 'DRAFT', toStatus: 'REQUESTED', actorAgency: { id: sender.id }, note: null },
        {
          type: 'ACKNOWLEDGED',
          fromStatus: 'REQUESTED',
          toStatus: 'RECEIVED',
          actorAgency: { id: recipient.id },
          note: null,
        },
        {
          type: 'ACCEPTED',
          fromStatus: 'RECEIVED',
          toStatus: 'ACCEPTED',
          actorAgency: { id: recipient.id },
          note: '受け入れます。来週面談',
        },
        {
          type: 'STARTED',
          fromStatus: 'ACCEPTED',
          toStatus: 'IN_PROGRESS',
          actorAgency: { id: recipient.id },
          note: '初回面談',
        },
        {
          type: 'HELD',
          fromStatus: 'IN_PROGRESS',
          toStatus: 'ON_HOLD',
          actorAgency: { id: recipient.id },
          note: '本人入院のため中断',
        },
        {
          type: 'STARTED',
          fromStatus: 'ON_HOLD',
          toStatus: 'IN_PROGRESS',
          actorAgency: { id: recipient.id },
          note: '退院、支援再開',
        },
        {
          type: 'COMPLETED',
          fromStatus: 'IN_PROGRESS',
          toStatus: 'COMPLETED',
          actorAgency: { id: recipient.id },
          note: '市営住宅に入居、見守り継続',
        },
      ];
      const withoutTimes = (events: EventView[]) => events.map(({ at: _at, ...event }) => event);
      expect(withoutTimes(referral.events)).toEqual(expectedEvents);
      const times = referral.events.map((event) => ms(event.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));

      // Both sides read the same history.
      const asSender = await client.reread(referral.id, sender);
      const asRecipient = await client.reread(referral.id, recipient);
      expect(withoutTimes(asSender.events)).toEqual(expectedEvents);
      expect(asRecipient.events).toEqual(asSender.events);
      expect(asRecipient).toEqual(expect.objectContaining({ status: 'COMPLETED', version: 8 }));
    });

    it('accepting straight from REQUESTED records acknowledgedAt at the same instant as decidedAt', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const accepted = await client.act('accept', requested.id, recipient, { note: null });
      expect(accepted.status).toBe('ACCEPTED');
      expect(accepted.acknowledgedAt).not.toBeNull();
      expect(accepted.acknowledgedAt).toBe(accepted.decidedAt);
      expect(ms(accepted.decidedAt)).toBeGreaterThanOrEqual(ms(accepted.sentAt));
      expect(accepted.events.map((event) => [event.type, event.fromStatus, event.toStatus])).toEqual([
        ['CREATED', null, 'DRAFT'],
        ['SENT', 'DRAFT', 'REQUESTED'],
        ['ACCEPTED', 'REQUESTED', 'ACCEPTED'],
      ]);
    });

    it('declining needs a reason code: without one it is BAD_USER_INPUT and nothing changes', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const response = await t.gql(`mutation ($id: ID!) { declineReferral(id: $id, note: "満員") { id } }`, {
        variables: { id: requested.id },
        key: recipient.key,
      });
      expectError(response, 'BAD_USER_INPUT');
      const unknownReason = await client.perform('decline', requested.id, recipient, { reason: 'TOO_BUSY' });
      expectError(unknownReason, 'BAD_USER_INPUT');
      expect(await client.reread(requested.id, sender)).toEqual(
        expect.objectContaining({ status: 'REQUESTED', version: requested.version }),
      );
    });

    it('declining with a reason code and a note → REJECTED with declineReason, decidedAt and a DECLINED event', async () => {
      const received = await client.referralIn('RECEIVED', sender, recipient);
      const declined = await client.act('decline', received.id, recipient, {
        reason: 'OUT_OF_AREA',
        note: '対象地域外のため',
      });
      expect(declined).toEqual(
        expect.objectContaining({
          status: 'REJECTED',
          declineReason: 'OUT_OF_AREA',
          version: received.version + 1,
          acknowledgedAt: received.acknowledgedAt,
        }),
      );
      expect(declined.decidedAt).not.toBeNull();
      expect(declined.events.at(-1)).toEqual(
        expect.objectContaining({
          type: 'DECLINED',
          fromStatus: 'RECEIVED',
          toStatus: 'REJECTED',
          note: '対象地域外のため',
          actorAgency: { id: recipient.id },
        }),
      );
    });

    it('declining straight from REQUESTED records the acknowledgement at the same instant', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const declined = await client.act('decline', requested.id, recipient, { reason: 'NOT_ELIGIBLE' });
      expect(declined.status).toBe('REJECTED');
      expect(declined.acknowledgedAt).toBe(declined.decidedAt);
    });

    it('failing with a reason → FAILED with closeReason, closedAt and a FAILED event', async () => {
      const inProgress = await client.referralIn('IN_PROGRESS', sender, recipient);
      const failed = await client.act('fail', inProgress.id, recipient, { reason: '本人と連絡が取れなくなった' });
      expect(failed).toEqual(
        expect.objectContaining({
          status: 'FAILED',
          closeReason: '本人と連絡が取れなくなった',
          version: inProgress.version + 1,
        }),
      );
      expect(failed.closedAt).not.toBeNull();
      expect(failed.events.at(-1)).toEqual(
        expect.objectContaining({
          type: 'FAILED',
          fromStatus: 'IN_PROGRESS',
          toStatus: 'FAILED',
          note: '本人と連絡が取れなくなった',
          actorAgency: { id: recipient.id },
        }),
      );
    });

    it('failing, holding and completing need their text: a blank one is BAD_USER_INPUT', async () => {
      const inProgress = await client.referralIn('IN_PROGRESS', sender, recipient);
      expectError(await client.perform('fail', inProgress.id, recipient, { reason: '  ' }), 'BAD_USER_INPUT', {
        field: 'reason',
      });
      expectError(await client.perform('hold', inProgress.id, recipient, { note: '' }), 'BAD_USER_INPUT', {
        field: 'note',
      });
      expectError(await client.perform('complete', inProgress.id, recipient, { outcome: ' ' }), 'BAD_USER_INPUT', {
        field: 'outcome',
      });
      expectError(await client.perform('cancel', inProgress.id, sender, { reason: '' }), 'BAD_USER_INPUT', {
        field: 'reason',
      });
      expect(await client.reread(inProgress.id, recipient)).toEqual(
        expect.objectContaining({ status: 'IN_PROGRESS', version: inProgress.version }),
      );
    });

    it.each(OPEN_STATUSES)(
      'the sender cancels from %s → CANCELLED with closeReason, closedAt and a CANCELLED event',
      async (status) => {
        const open = await client.referralIn(status, sender, recipient);
        const cancelled = await client.act('cancel', open.id, sender, {
          reason: `本人の希望により取り下げ (${status})`,
        });
        expect(cancelled).toEqual(
          expect.objectContaining({
            status: 'CANCELLED',
            closeReason: `本人の希望により取り下げ (${status})`,
            version: open.version + 1,
          }),
        );
        expect(cancelled.closedAt).not.toBeNull();
        expect(cancelled.events).toHaveLength(open.events.length + 1);
        expect(cancelled.events.at(-1)).toEqual(
          expect.objectContaining({
            type: 'CANCELLED',
            fromStatus: status,
            toStatus: 'CANCELLED',
            note: `本人の希望により取り下げ (${status})`,
            actorAgency: { id: sender.id },
          }),
        );
      },
    );
  });

  describe('the state machine, every mutation by each side from every status', () => {
    type Outcome = string;

    /** What the contract says a mutation by a side does to a referral in `status`. */
    function expectedOutcome(status: Status, name: MutationName, side: Side): Outcome {
      const spec: MutationSpec = MUTATIONS[name];
      if (status === 'DRAFT' && side === 'RECIPIENT') return 'NOT_FOUND'; // a draft is not the recipient's yet
      if (spec.side === side && status === spec.to) return 'no-op';
      if (spec.side === side && spec.from.includes(status)) return `applied → ${spec.to}`;
      return `INVALID_TRANSITION allowed=[${allowedFor(status, side).join(',')}], unchanged`;
    }

    /** What actually happened, in the same words; anything else shows up in the table's diff. */
    async function actualOutcome(status: Status, name: MutationName, side: Side, shared: ReferralView) {
      const spec: MutationSpec = MUTATIONS[name];
      const by = agencyOf(side);
      const applies = spec.side === side && spec.from.includes(status) && !(status === 'DRAFT' && side === 'RECIPIENT');
      // An applied transition changes the referral, so it gets a fresh one in the same status.
      const before = applies ? await client.referralIn(status, sender, recipient) : shared;
      const response = await client.perform(name, before.id, by);
      const after = await client.reread(before.id, sender);
      const changed =
        after.status !== before.status ||
        after.version !== before.version ||
        after.events.length !== before.events.length;
      const error = response.body.errors?.[0];
      if (error) {
        if (error.extensions.code !== 'INVALID_TRANSITION')
          return `${error.extensions.code}${changed ? ', CHANGED' : ''}`;
        const allowed = [...(error.extensions.allowed as string[])].sort();
        return `INVALID_TRANSITION allowed=[${allowed.join(',')}], ${changed ? 'CHANGED' : 'unchanged'}`;
      }
      const returned = response.body.data![spec.field];
      if (!changed && returned.version === before.version && returned.status === before.status) return 'no-op';
      const event = after.events.at(-1)!;
      const wellFormed =
        after.version === before.version + 1 &&
        after.events.length === before.events.length + 1 &&
        event.fromStatus === before.status &&
        event.toStatus === after.status &&
        event.actorAgency?.id === by.id;
      return `applied → ${after.status}${wellFormed ? '' : ' (without one matching event and version + 1)'}`;
    }

    it.each(ALL_STATUSES)(
      'from %s: allowed mutations apply, a repeat is a no-op, the rest are INVALID_TRANSITION with the exact allowed list and change nothing',
      async (status) => {
        const shared = await client.referralIn(status, sender, recipient);
        const expected: Record<string, Outcome> = {};
        const actual: Record<string, Outcome> = {};
        for (const name of MUTATION_NAMES) {
          for (const side of ['SENDER', 'RECIPIENT'] as const) {
            const cell = `${side} ${name}`;
            expected[cell] = expectedOutcome(status, name, side);
            actual[cell] = await actualOutcome(status, name, side, shared);
          }
        }
        expect(actual).toEqual(expected);
      },
      MANY_REQUESTS,
    );

    it('names the allowed next statuses for the side asking: the sender accepting a REQUESTED referral', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const response = await client.perform('accept', requested.id, sender);
      expectError(response, 'INVALID_TRANSITION', { allowed: ['CANCELLED'] });
      const recipientCancelling = await client.perform('cancel', requested.id, recipient);
      expect([...(errorOf(recipientCancelling).extensions.allowed as string[])].sort()).toEqual([
        'ACCEPTED',
        'RECEIVED',
        'REJECTED',
      ]);
      expect(await client.reread(requested.id, sender)).toEqual(
        expect.objectContaining({ status: 'REQUESTED', version: requested.version }),
      );
    });
  });

  describe('repeating the current transition', () => {
    it('acknowledging twice returns the referral unchanged: same version, no new event', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const first = await client.act('acknowledge', requested.id, recipient);
      const second = await client.act('acknowledge', requested.id, recipient);
      expect(second).toEqual(first);
      expect(second.events.filter((event) => event.type === 'ACKNOWLEDGED')).toHaveLength(1);
    });

    it('accepting twice returns the referral unchanged: same version, no new event', async () => {
      const received = await client.referralIn('RECEIVED', sender, recipient);
      const first = await client.act('accept', received.id, recipient, { note: '一度目' });
      const second = await client.act('accept', received.id, recipient, { note: '二度目' });
      expect(second).toEqual(first);
      expect(second.events.filter((event) => event.type === 'ACCEPTED')).toHaveLength(1);
      expect(second.events.at(-1)!.note).toBe('一度目');
    });

    it('cancelling twice returns the referral unchanged: same version, same closeReason, no new event', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const first = await client.act('cancel', requested.id, sender, { reason: '一度目' });
      const second = await client.act('cancel', requested.id, sender, { reason: '二度目' });
      expect(second).toEqual(first);
      expect(second.closeReason).toBe('一度目');
      expect(second.events.filter((event) => event.type === 'CANCELLED')).toHaveLength(1);
    });
  });

  describe('expectedVersion', () => {
    it('a stale expectedVersion is CONFLICT with both versions, and nothing changes', async () => {
      const received = await client.referralIn('RECEIVED', sender, recipient);
      const stale = received.version - 1;
      const response = await client.perform('accept', received.id, recipient, { expectedVersion: stale });
      expectError(response, 'CONFLICT', { expectedVersion: stale, currentVersion: received.version });
      expect(await client.reread(received.id, recipient)).toEqual(received);

      const cancel = await client.perform('cancel', received.id, sender, { expectedVersion: stale });
      expectError(cancel, 'CONFLICT');
      expect(await client.reread(received.id, sender)).toEqual(received);
    });

    it('the current expectedVersion lets the transition through', async () => {
      const received = await client.referralIn('RECEIVED', sender, recipient);
      const accepted = await client.act('accept', received.id, recipient, { expectedVersion: received.version });
      expect(accepted).toEqual(expect.objectContaining({ status: 'ACCEPTED', version: received.version + 1 }));
    });
  });

  describe('visibility', () => {
    it('the recipient cannot see a DRAFT (NOT_FOUND, absent from its INBOX); after send it can', async () => {
      const inbox = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
      const draft = await client.draft(sender, inbox);

      expectError(await client.read(draft.id, inbox), 'NOT_FOUND');
      expect(await client.allIds(inbox, { box: 'INBOX' })).toEqual([]);
      expect(await client.allIds(inbox, {})).toEqual([]);
      expectError(await client.perform('acknowledge', draft.id, inbox), 'NOT_FOUND');
      expect(await client.allIds(sender, { box: 'OUTBOX', status: ['DRAFT'] })).toContain(draft.id);

      await client.act('send', draft.id, sender);
      expect(await client.reread(draft.id, inbox)).toEqual(
        expect.objectContaining({ id: draft.id, status: 'REQUESTED', fromAgency: { id: sender.id } }),
      );
      expect(await client.allIds(inbox, { box: 'INBOX' })).toEqual([draft.id]);
    });

    it('a draft cancelled before it was sent stays invisible to the recipient it never reached', async () => {
      const inbox = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
      const draft = await client.draft(sender, inbox, { summary: '送る前に取り下げた下書き。家賃滞納あり。' });
      await client.act('cancel', draft.id, sender, { reason: '下書きを破棄' });

      expectError(await client.read(draft.id, inbox), 'NOT_FOUND');
      expect(await client.allIds(inbox, { box: 'INBOX' })).toEqual([]);
      expect(await client.allIds(inbox, {})).toEqual([]);
    });

    it('an agency that is neither side gets NOT_FOUND for the referral and does not list it', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      expectError(await client.read(requested.id, outsider), 'NOT_FOUND');
      expectError(await client.perform('acknowledge', requested.id, outsider), 'NOT_FOUND');
      expectError(await client.perform('cancel', requested.id, outsider), 'NOT_FOUND');
      expect(await client.allIds(outsider, {})).not.toContain(requested.id);
    });
  });

  describe('messages', () => {
    async function post(referralId: string, by: TestAgency, body: string) {
      return t.gql<{ postReferralMessage: MessageView & { referralId: string } }>(POST_MESSAGE, {
        variables: { referralId, body },
        key: by.key,
      });
    }

    async function thread(referralId: string, by: TestAgency) {
      return t.gql<{ referral: { messages: MessageView[] } | null }>(MESSAGES, {
        variables: { id: referralId },
        key: by.key,
      });
    }

    it('both agencies post and read the thread in order, each message with its fromAgency', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const bodies: [TestAgency, string][] = [
        [sender, '本人は平日午後なら連絡がつきます。'],
        [recipient, '承知しました。来週火曜に面談を設定します。'],
        [sender, 'よろしくお願いします。'],
      ];
      for (const [by, body] of bodies) {
        const posted = dataOf(await post(requested.id, by, body), 'postReferralMessage').postReferralMessage;
        expect(posted).toEqual(expect.objectContaining({ referralId: requested.id, body, fromAgency: { id: by.id } }));
      }
      const expected = bodies.map(([by, body]) => ({ body, fromAgency: { id: by.id } }));
      for (const reader of [sender, recipient]) {
        const messages = dataOf(await thread(requested.id, reader), 'messages').referral!.messages;
        expect(messages.map(({ body, fromAgency }) => ({ body, fromAgency }))).toEqual(expected);
        const times = messages.map((message) => ms(message.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
      }
    });

    it('a third agency gets NOT_FOUND posting or reading, and posts nothing', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      expectError(await post(requested.id, outsider, '横から失礼します'), 'NOT_FOUND');
      expectError(await thread(requested.id, outsider), 'NOT_FOUND');
      expect(dataOf(await thread(requested.id, sender), 'messages').referral!.messages).toEqual([]);
    });

    it('the recipient cannot post on a DRAFT it cannot see', async () => {
      const draft = await client.draft(sender, recipient);
      expectError(await post(draft.id, recipient, 'まだ届いていないはず'), 'NOT_FOUND');
    });

    it('a blank body or one over 4000 characters is BAD_USER_INPUT; 4000 is accepted', async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      expectError(await post(requested.id, sender, ''), 'BAD_USER_INPUT', { field: 'body' });
      expectError(await post(requested.id, sender, ' \n\t '), 'BAD_USER_INPUT', { field: 'body' });
      expectError(await post(requested.id, sender, 'あ'.repeat(4001)), 'BAD_USER_INPUT', { field: 'body' });
      expect(dataOf(await thread(requested.id, sender), 'messages').referral!.messages).toEqual([]);
      const longest = dataOf(await post(requested.id, sender, 'あ'.repeat(4000)), 'post').postReferralMessage;
      expect(longest.body).toHaveLength(4000);
    });
  });

  describe('forwarding', () => {
    let second: TestAgency;
    let unconsented: TestAgency;

    beforeAll(async () => {
      second = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
      unconsented = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
    });

    async function forward(id: string, toAgencyId: string, by: TestAgency, note: string | null = null) {
      return t.gql<{ forwardReferral: ReferralView }>(FORWARD, { variables: { id, toAgencyId, note }, key: by.key });
    }

    async function forwardedFrom(id: string): Promise<number> {
      return referralCount('SELECT count(*)::int AS n FROM referral WHERE forwarded_from_id = $1', [id]);
    }

    /** A referral the recipient declined, about a person who consented to `recipient` and to `second`. */
    async function rejected(): Promise<ReferralView> {
      const { personId } = await consentedPair(t, sender, recipient);
      await recordConsent(t, sender, {
        personId,
        recipientAgencyId: second.id,
        dataCategories: ['IDENTITY', 'CONTACT'],
      });
      const input = referralInput(personId, recipient.id, { send: true });
      const sent = dataOf(await client.create(sender, input), 'createReferral').createReferral;
      await client.act('decline', sent.id, recipient, { reason: 'NO_CAPACITY' });
      // As the sender sees it: the recipient that declined no longer reads the person's data, summary included.
      return client.reread(sent.id, sender);
    }

    it('the sender forwards a REJECTED referral: a new REQUESTED referral to the other agency, forwardedFrom the old one, which gets a FORWARDED event', async () => {
      const old = await rejected();
      const forwarded = dataOf(
        await forward(old.id, second.id, sender, '満員のため別法人へ'),
        'forwardReferral',
      ).forwardReferral;

      expect(forwarded.id).not.toBe(old.id);
      expect(forwarded).toEqual(
        expect.objectContaining({
          status: 'REQUESTED',
          fromAgency: { id: sender.id },
          toAgency: { id: second.id },
          forwardedFrom: { id: old.id, status: 'REJECTED' },
          summary: old.summary,
          needCategories: old.needCategories,
          sharedCategories: old.sharedCategories,
          urgency: old.urgency,
        }),
      );
      expect(forwarded.sentAt).not.toBeNull();
      expect(forwarded.acknowledgeDueAt).not.toBeNull();
      expect(forwarded.events.map((event) => [event.type, event.fromStatus, event.toStatus])).toEqual([
        ['CREATED', null, 'DRAFT'],
        ['SENT', 'DRAFT', 'REQUESTED'],
      ]);

      const after = await client.reread(old.id, sender);
      expect(after).toEqual(expect.objectContaining({ status: 'REJECTED', declineReason: 'NO_CAPACITY' }));
      expect(after.events).toHaveLength(old.events.length + 1);
      expect(after.events.at(-1)).toEqual(
        expect.objectContaining({ type: 'FORWARDED', actorAgency: { id: sender.id } }),
      );
      expect(after.events.at(-1)!.note).toContain('満員のため別法人へ');

      expect(await client.allIds(second, { box: 'INBOX' })).toContain(forwarded.id);
      expect(await client.reread(forwarded.id, second)).toEqual(expect.objectContaining({ status: 'REQUESTED' }));
    });

    it('forwarding to an agency the consent does not cover is CONSENT_REQUIRED and creates nothing', async () => {
      const old = await rejected();
      const response = await forward(old.id, unconsented.id, sender);
      expectError(response, 'CONSENT_REQUIRED');
      expect(errorOf(response).extensions.missing).toEqual(
        expect.objectContaining({ recipientAgencyId: unconsented.id, reason: 'NO_CONSENT_FOR_RECIPIENT' }),
      );
      expect(await forwardedFrom(old.id)).toBe(0);
      expect(await client.reread(old.id, sender)).toEqual(old);
      expect(await client.allIds(unconsented, {})).toEqual([]);
    });

    it(
      'forwarding a referral that was not rejected is INVALID_TRANSITION and creates nothing',
      async () => {
        for (const status of ['REQUESTED', 'ACCEPTED', 'CANCELLED'] as const) {
          const referral = await client.referralIn(status, sender, recipient);
          expectError(await forward(referral.id, second.id, sender), 'INVALID_TRANSITION');
          expect(await forwardedFrom(referral.id)).toBe(0);
          expect(await client.reread(referral.id, sender)).toEqual(referral);
        }
      },
      MANY_REQUESTS,
    );

    it('the recipient cannot forward a referral it rejected', async () => {
      const old = await rejected();
      const response = await forward(old.id, second.id, recipient);
      expect(response.body.data?.forwardReferral ?? null).toBeNull();
      expectError(response, 'INVALID_TRANSITION');
      expect(await forwardedFrom(old.id)).toBe(0);
      expect(await client.reread(old.id, sender)).toEqual(old);
    });
  });

  describe('idempotent creation', () => {
    async function countByKey(key: string): Promise<number> {
      return referralCount('SELECT count(*)::int AS n FROM referral WHERE idempotency_key = $1', [key]);
    }

    it('the same idempotencyKey twice returns the same referral with one CREATED event', async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      const key = `retry-${randomUUID()}`;
      const input = referralInput(personId, recipient.id, { idempotencyKey: key });
      const first = dataOf(await client.create(sender, input), 'first').createReferral;
      const second = dataOf(await client.create(sender, input), 'second').createReferral;
      expect(second.id).toBe(first.id);
      expect(second.version).toBe(first.version);
      expect(second.events.filter((event) => event.type === 'CREATED')).toHaveLength(1);
      expect(await countByKey(key)).toBe(1);
    });

    it('8 concurrent retries with the same key create one referral', async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      const key = `burst-${randomUUID()}`;
      const input = referralInput(personId, recipient.id, { idempotencyKey: key });
      const responses = await Promise.all(Array.from({ length: 8 }, () => client.create(sender, input)));
      const ids = responses.map((response) => dataOf(response, 'createReferral').createReferral.id);
      expect(new Set(ids).size).toBe(1);
      expect(await countByKey(key)).toBe(1);
      const referral = await client.reread(ids[0], sender);
      expect(referral.events.filter((event) => event.type === 'CREATED')).toHaveLength(1);
    });

    it('the same key with a different payload is CONFLICT and creates nothing', async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      const key = `changed-${randomUUID()}`;
      const first = dataOf(
        await client.create(sender, referralInput(personId, recipient.id, { idempotencyKey: key })),
        'first',
      ).createReferral;
      const response = await client.create(
        sender,
        referralInput(personId, recipient.id, { idempotencyKey: key, summary: '別の依頼内容' }),
      );
      expectError(response, 'CONFLICT', { field: 'input.idempotencyKey' });
      expect(await countByKey(key)).toBe(1);
      expect((await client.reread(first.id, sender)).summary).toBe(first.summary);
    });

    it('a retry of a create-and-send after the consent was withdrawn answers the referral sent, not the gate', async () => {
      const { personId, consentId } = await consentedPair(t, sender, recipient);
      const key = `after-withdrawal-${randomUUID()}`;
      const input = referralInput(personId, recipient.id, { idempotencyKey: key, send: true });
      const first = dataOf(await client.create(sender, input), 'first').createReferral;
      expect(first.status).toBe('REQUESTED');
      dataOf(
        await t.gql('mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', {
          variables: { id: consentId },
          key: sender.key,
        }),
        'withdrawConsent',
      );
      const retried = await client.create(sender, input);
      expect(dataOf(retried, 'retry').createReferral.id).toBe(first.id);
      expect(await countByKey(key)).toBe(1);
      // A new request for the same person now meets the gate.
      const fresh = await client.create(sender, referralInput(personId, recipient.id, { send: true }));
      expectError(fresh, 'CONSENT_REQUIRED');
    });

    it('without a key, a create-and-send whose answer was lost after it was written is retried into that one referral', async () => {
      const recorder = new StatementRecorder(t.app.get(DataSource));
      const { personId } = await consentedPair(t, sender, recipient);
      recorder.loseAnswerOnce((text) => text.trimStart().startsWith('WITH "referral" AS'));
      const created = dataOf(
        await client.create(sender, referralInput(personId, recipient.id, { send: true })),
        'createReferral',
      ).createReferral;
      expect(recorder.lostAnswers).toHaveLength(1);
      expect(created.status).toBe('REQUESTED');
      expect(await referralCount('SELECT count(*)::int AS n FROM referral WHERE person_id = $1', [personId])).toBe(1);
      expect(created.events.map((event) => event.type)).toEqual(['CREATED', 'SENT']);
      expect(
        await referralCount(
          `SELECT count(*)::int AS n FROM audit_log WHERE referral_id = $1 AND action = 'DATA_SHARED'`,
          [created.id],
        ),
      ).toBe(1);
    });

    it('an acceptance whose answer was lost after it was written is retried into the referral accepted once', async () => {
      const recorder = new StatementRecorder(t.app.get(DataSource));
      const received = await client.referralIn('RECEIVED', sender, recipient);
      recorder.loseAnswerOnce((text) => text.trimStart().startsWith('WITH "updated" AS'));
      const accepted = await client.act('accept', received.id, recipient);
      expect(recorder.lostAnswers).toHaveLength(1);
      expect(accepted.status).toBe('ACCEPTED');
      expect(accepted.version).toBe(received.version + 1);
      const referral = await client.reread(received.id, sender);
      expect(referral.events.filter((event) => event.type === 'ACCEPTED')).toHaveLength(1);
    });

    it('the same key used by another agency is independent', async () => {
      const otherSender = await createAgency(t, { sector: 'POVERTY' });
      const key = `shared-${randomUUID()}`;
      const mine = await consentedPair(t, sender, recipient);
      const theirs = await consentedPair(t, otherSender, recipient);
      const first = dataOf(
        await client.create(sender, referralInput(mine.personId, recipient.id, { idempotencyKey: key })),
        'mine',
      ).createReferral;
      const other = dataOf(
        await client.create(
          otherSender,
          referralInput(theirs.personId, recipient.id, { idempotencyKey: key, summary: '別機関の依頼' }),
        ),
        'theirs',
      ).createReferral;
      expect(other.id).not.toBe(first.id);
      expect(other.fromAgency).toEqual({ id: otherSender.id });
      expect(await countByKey(key)).toBe(2);
    });
  });

  describe('sending to an agency that is not accepting referrals', () => {
    it('sendReferral is CONFLICT (RECIPIENT_NOT_ACCEPTING) and the referral stays DRAFT', async () => {
      const paused = await createAgency(t, {
        sector: 'HOUSING',
        needCategories: ['HOUSING'],
        acceptingReferrals: false,
      });
      const draft = await client.draft(sender, paused);
      const response = await client.perform('send', draft.id, sender);
      expectError(response, 'CONFLICT', { reason: 'RECIPIENT_NOT_ACCEPTING' });
      const after = await client.reread(draft.id, sender);
      expect(after).toEqual(draft);
      expect(after).toEqual(expect.objectContaining({ status: 'DRAFT', sentAt: null }));
      expect(await client.allIds(paused, {})).toEqual([]);
    });

    it('createReferral with send: true is CONFLICT (RECIPIENT_NOT_ACCEPTING) and creates nothing', async () => {
      const paused = await createAgency(t, {
        sector: 'HOUSING',
        needCategories: ['HOUSING'],
        acceptingReferrals: false,
      });
      const { personId } = await consentedPair(t, sender, paused);
      const key = `paused-${randomUUID()}`;
      const response = await client.create(
        sender,
        referralInput(personId, paused.id, { send: true, idempotencyKey: key }),
      );
      expectError(response, 'CONFLICT', { reason: 'RECIPIENT_NOT_ACCEPTING' });
      expect(await referralCount('SELECT count(*)::int AS n FROM referral WHERE idempotency_key = $1', [key])).toBe(0);
    });
  });

  describe('lists', () => {
    let listSender: TestAgency;
    let listRecipient: TestAgency;
    /** Oldest first, as created. */
    let made: ReferralView[];
    let personA: string;

    beforeAll(async () => {
      listSender = await createAgency(t, { sector: 'POVERTY' });
      listRecipient = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
      personA = (await consentedPair(t, listSender, listRecipient)).personId;
      const personB = (await consentedPair(t, listSender, listRecipient)).personId;
      const plan: { personId: string; urgency: string; path: MutationName[] }[] = [
        { personId: personA, urgency: 'NORMAL', path: [] }, // DRAFT: only in the OUTBOX
        { personId: personA, urgency: 'HIGH', path: ['send'] },
        { personId: personB, urgency: 'NORMAL', path: ['send', 'acknowledge'] },
        { personId: personB, urgency: 'HIGH', path: ['send', 'acknowledge', 'accept'] },
        { personId: personA, urgency: 'LOW', path: ['send', 'decline'] },
        { personId: personB, urgency: 'NORMAL', path: ['send'] },
      ];
      made = [];
      for (const step of plan) {
        const input = referralInput(step.personId, listRecipient.id, { urgency: step.urgency });
        let referral = dataOf(await client.create(listSender, input), 'createReferral').createReferral;
        for (const name of step.path) {
          referral = await client.act(
            name,
            referral.id,
            MUTATIONS[name].side === 'SENDER' ? listSender : listRecipient,
          );
        }
        made.push(referral);
      }
    });

    const newestFirst = (referrals: ReferralView[]) => [...referrals].reverse().map((referral) => referral.id);

    it('OUTBOX lists everything the agency sent or drafted, newest first, with totalCount', async () => {
      const page = await client.list(listSender, { box: 'OUTBOX' }, 100);
      expect(page.totalCount).toBe(made.length);
      expect(page.edges.map((edge) => edge.node.id)).toEqual(newestFirst(made));
      expect(page.pageInfo.hasNextPage).toBe(false);
      expect(await client.allIds(listRecipient, { box: 'OUTBOX' })).toEqual([]);
    });

    it('INBOX lists what was sent to the agency, newest first, without drafts', async () => {
      const sent = made.filter((referral) => referral.status !== 'DRAFT');
      const page = await client.list(listRecipient, { box: 'INBOX' }, 100);
      expect(page.totalCount).toBe(sent.length);
      expect(page.edges.map((edge) => edge.node.id)).toEqual(newestFirst(sent));
      expect(await client.allIds(listSender, { box: 'INBOX' })).toEqual([]);
    });

    it('filters by status, urgency and person', async () => {
      const byStatus = await client.list(listRecipient, { box: 'INBOX', status: ['REQUESTED', 'RECEIVED'] }, 100);
      expect(byStatus.edges.map((edge) => edge.node.id)).toEqual(
        newestFirst(made.filter((referral) => ['REQUESTED', 'RECEIVED'].includes(referral.status))),
      );
      expect(byStatus.totalCount).toBe(3);
      expect(byStatus.edges.every((edge) => ['REQUESTED', 'RECEIVED'].includes(edge.node.status))).toBe(true);

      const high = await client.list(listSender, { box: 'OUTBOX', urgency: 'HIGH' }, 100);
      expect(high.edges.map((edge) => edge.node.id)).toEqual(
        newestFirst(made.filter((referral) => referral.urgency === 'HIGH')),
      );

      const forA = made.filter((_, index) => [0, 1, 4].includes(index));
      const ofPerson = await client.list(listSender, { box: 'OUTBOX', personId: personA }, 100);
      expect(ofPerson.edges.map((edge) => edge.node.id)).toEqual(newestFirst(forA));

      const combined = await client.list(
        listRecipient,
        { box: 'INBOX', personId: personA, status: ['REQUESTED'], urgency: 'HIGH' },
        100,
      );
      expect(combined.edges.map((edge) => edge.node.id)).toEqual([made[1].id]);
      expect(combined.totalCount).toBe(1);
    });

    it('pages with first/after: every referral once, newest first, hasNextPage until the last page, totalCount on each', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages += 1) {
        const page: ReferralPage = await client.list(listSender, { box: 'OUTBOX' }, 2, after);
        expect(page.totalCount).toBe(made.length);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        seen.push(...page.edges.map((edge) => edge.node.id));
        expect(page.pageInfo.hasNextPage).toBe(seen.length < made.length);
        if (!page.pageInfo.hasNextPage) break;
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(newestFirst(made));
    });

    it('a malformed cursor is BAD_USER_INPUT', async () => {
      const response = await t.gql(REFERRALS, {
        variables: { filter: { box: 'OUTBOX' }, first: 2, after: 'not-a-cursor' },
        key: listSender.key,
      });
      expectError(response, 'BAD_USER_INPUT', { field: 'after' });
    });

    it('pages without losing referrals created within the same millisecond', async () => {
      const burstSender = await createAgency(t, { sector: 'POVERTY' });
      const burst: ReferralView[] = [];
      for (let i = 0; i < 3; i += 1) burst.push(await client.draft(burstSender, listRecipient));
      // Referrals created by concurrent requests can share a millisecond; PostgreSQL keeps microseconds.
      // Pin the three creation times to one millisecond so that this happens on every run.
      await t.app.get(DataSource).query(
        `UPDATE referral SET created_at = '2026-01-05T00:00:00.000Z'::timestamptz + (ord * interval '100 microseconds')
             FROM unnest($1::uuid[]) WITH ORDINALITY AS pinned(id, ord) WHERE referral.id = pinned.id`,
        [burst.map((referral) => referral.id)],
      );
      // Ties within one millisecond may come in any stable order; none may be skipped or repeated.
      const walked = await client.allIds(burstSender, { box: 'OUTBOX' }, 1);
      expect([...walked].sort()).toEqual(burst.map((referral) => referral.id).sort());
    });
  });
});

describe('concurrent sends (the pool of DATABASE_POOL_SIZE connections)', () => {
  let t: TestApp;
  let client: ReturnType<typeof referralClient>;
  let sender: TestAgency;
  let recipient: TestAgency;

  beforeAll(async () => {
    // Its own app, so that stuck requests cannot hold up the other tests. The timeouts only turn a request
    // that would otherwise wait forever into an error, so that the test fails instead of hanging.
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('options', '-c lock_timeout=2000 -c idle_in_transaction_session_timeout=2000');
    t = await startTestApp({ DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: '4' });
    client = referralClient(t);
    sender = await createAgency(t, { sector: 'POVERTY' });
    recipient = await createAgency(t, { sector: 'HOUSING', needCategories: ['HOUSING'] });
  });
  afterAll(() => t.close());

  const codes = (responses: GraphQLResponse<unknown>[]) =>
    responses.map((response) => response.body.errors?.[0]?.extensions.code ?? 'ok');

  it(
    '8 concurrent retries with the same key and send: true create and send one referral',
    async () => {
      const { personId } = await consentedPair(t, sender, recipient);
      const key = `burst-send-${randomUUID()}`;
      const input = referralInput(personId, recipient.id, { idempotencyKey: key, send: true });
      const responses = await Promise.all(Array.from({ length: 8 }, () => client.create(sender, input)));
      expect(codes(responses)).toEqual(Array.from({ length: 8 }, () => 'ok'));
      const ids = responses.map((response) => response.body.data!.createReferral.id);
      expect(new Set(ids).size).toBe(1);
      const referral = await client.reread(ids[0], sender);
      expect(referral.status).toBe('REQUESTED');
      expect(referral.events.map((event) => event.type)).toEqual(['CREATED', 'SENT']);
    },
    MANY_REQUESTS,
  );

  it(
    'an accept and a decline at the same moment: one decides, the other finds it decided, one decision in the history',
    async () => {
      for (let round = 0; round < 4; round++) {
        const received = await client.referralIn('RECEIVED', sender, recipient);
        const responses = await Promise.all([
          client.perform('accept', received.id, recipient),
          client.perform('decline', received.id, recipient),
        ]);
        const outcome = codes(responses);
        expect(outcome.filter((code) => code === 'ok')).toHaveLength(1);
        expect(outcome.filter((code) => code === 'INVALID_TRANSITION')).toHaveLength(1);
        const referral = await client.reread(received.id, sender);
        const decisions = referral.events.filter((event) => event.type === 'ACCEPTED' || event.type === 'DECLINED');
        expect(decisions).toHaveLength(1);
        expect(referral.status).toBe(decisions[0].type === 'ACCEPTED' ? 'ACCEPTED' : 'REJECTED');
        expect(referral.version).toBe(received.version + 1);
      }
    },
    MANY_REQUESTS,
  );

  it(
    '8 acknowledgements of one referral at once all answer RECEIVED, with one ACKNOWLEDGED event',
    async () => {
      const requested = await client.referralIn('REQUESTED', sender, recipient);
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => client.perform('acknowledge', requested.id, recipient)),
      );
      expect(codes(responses)).toEqual(Array.from({ length: 8 }, () => 'ok'));
      for (const response of responses) expect(response.body.data!.acknowledgeReferral.status).toBe('RECEIVED');
      const referral = await client.reread(requested.id, sender);
      expect(referral.events.filter((event) => event.type === 'ACKNOWLEDGED')).toHaveLength(1);
      expect(referral.version).toBe(requested.version + 1);
    },
    MANY_REQUESTS,
  );

  it(
    '8 different drafts sent at the same time are all sent',
    async () => {
      const drafts = await Promise.all(Array.from({ length: 8 }, () => client.draft(sender, recipient)));
      const responses = await Promise.all(drafts.map((draft) => client.perform('send', draft.id, sender)));
      expect(codes(responses)).toEqual(Array.from({ length: 8 }, () => 'ok'));
      for (const draft of drafts) expect((await client.reread(draft.id, sender)).status).toBe('REQUESTED');
    },
    MANY_REQUESTS,
  );
});

describe('referral due times and overdue (a fixed clock)', () => {
  const clock = new FixedClock(new Date());
  let t: TestApp;
  let client: ReturnType<typeof referralClient>;
  let sender: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    client = referralClient(t);
    sender = await createAgency(t, { sector: 'POVERTY' });
  });
  afterAll(() => t.close());

  async function recipientWith(target: Record<string, unknown>): Promise<TestAgency> {
    return createAgency(t, {
      sector: 'HOUSING',
      needCategories: ['HOUSING'],
      responseTargets: [{ urgency: 'NORMAL', ...target }],
    });
  }

  async function overdueInbox(recipient: TestAgency, overdue: boolean): Promise<string[]> {
    return client.allIds(recipient, { box: 'INBOX', overdue });
  }

  it('acknowledgeDueAt and decisionDueAt are sentAt plus the recipient’s calendar-time targets', async () => {
    clock.set(new Date());
    const recipient = await recipientWith({ acknowledgeWithin: 'PT1H', decideWithin: 'P2D', businessTime: false });
    const draft = await client.draft(sender, recipient, { urgency: 'NORMAL' });
    expect(draft.acknowledgeDueAt).toBeNull();
    const sent = await client.act('send', draft.id, sender);
    expect(ms(sent.sentAt)).toBe(clock.now().getTime());
    expect(ms(sent.acknowledgeDueAt)).toBe(ms(sent.sentAt) + HOUR_MS);
    expect(ms(sent.decisionDueAt)).toBe(ms(sent.sentAt) + 48 * HOUR_MS);
  });

  it('a business-time target counts 09:00–17:00 JST on business days: sent Friday 16:00 JST with PT4H → due Monday 12:00 JST', async () => {
    // 2025-06-06 is a Friday and 2025-06-09 a Monday, neither a public holiday.
    clock.set(new Date('2025-06-06T16:00:00+09:00'));
    const recipient = await recipientWith({ acknowledgeWithin: 'PT4H', decideWithin: 'P1D', businessTime: true });
    const draft = await client.draft(sender, recipient, { urgency: 'NORMAL' });
    const sent = await client.act('send', draft.id, sender);
    expect(ms(sent.sentAt)).toBe(Date.parse('2025-06-06T16:00:00+09:00'));
    expect(ms(sent.acknowledgeDueAt)).toBe(Date.parse('2025-06-09T12:00:00+09:00'));
    expect(ms(sent.decisionDueAt)).toBe(Date.parse('2025-06-09T16:00:00+09:00'));
  });

  it('past the acknowledgement target a referral is overdue and listed as such; acknowledging clears it while the decision is not yet due', async () => {
    clock.set(new Date());
    const recipient = await recipientWith({ acknowledgeWithin: 'PT1H', decideWithin: 'P1D', businessTime: false });
    const draft = await client.draft(sender, recipient, { urgency: 'NORMAL' });
    const sent = await client.act('send', draft.id, sender);
    expect(sent.overdue).toBe(false);
    expect(await overdueInbox(recipient, true)).toEqual([]);
    expect(await overdueInbox(recipient, false)).toEqual([sent.id]);

    clock.advance(2 * HOUR_MS);
    expect((await client.reread(sent.id, recipient)).overdue).toBe(true);
    expect((await client.reread(sent.id, sender)).overdue).toBe(true);
    expect(await overdueInbox(recipient, true)).toEqual([sent.id]);
    expect(await overdueInbox(recipient, false)).toEqual([]);
    const page = await client.list(recipient, { box: 'INBOX', overdue: true });
    expect(page.edges[0].node).toEqual(expect.objectContaining({ id: sent.id, overdue: true }));

    const acknowledged = await client.act('acknowledge', sent.id, recipient);
    expect(acknowledged.overdue).toBe(false);
    expect(await overdueInbox(recipient, true)).toEqual([]);
    expect(await overdueInbox(recipient, false)).toEqual([sent.id]);
  });

  it('a received referral is overdue once its decision is due, until it is decided', async () => {
    clock.set(new Date());
    const recipient = await recipientWith({ acknowledgeWithin: 'PT1H', decideWithin: 'PT4H', businessTime: false });
    const draft = await client.draft(sender, recipient, { urgency: 'NORMAL' });
    await client.act('send', draft.id, sender);
    const received = await client.act('acknowledge', draft.id, recipient);
    expect(received.overdue).toBe(false);

    clock.advance(5 * HOUR_MS);
    expect((await client.reread(draft.id, recipient)).overdue).toBe(true);
    expect(await overdueInbox(recipient, true)).toEqual([draft.id]);

    const accepted = await client.act('accept', draft.id, recipient);
    expect(accepted.overdue).toBe(false);
    expect(await overdueInbox(recipient, true)).toEqual([]);
  });
});
