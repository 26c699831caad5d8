import { join } from 'node:path';
import { SupportPlansService } from '@tsunagu/collaboration';
import { DataSource } from 'typeorm';
import { createFhirValidator, type FhirValidator } from '../libs/interop/src/fhir/fhir-schema.js';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { insertRecordedConference } from './support/recorded-conference.js';
import { dataOf, registerPerson } from './support/referral-builders.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const STANDARDS = join(import.meta.dirname, '..', 'standards', 'fhir-r4');

const PLAN = /* GraphQL */ `
  query ($personId: ID!) {
    supportPlan(personId: $personId) {
      id
      leadAgencyId
      nextReviewOn
      version
      current {
        personWish
        agreedDirection
        goals {
          term
          text
        }
        supports {
          timing
          text
        }
      }
    }
    supportTasks(filter: { personId: $personId }) {
      edges {
        node {
          id
          ownerAgencyId
          ownerLabel
          description
          dueOn
          status
          dropReason
        }
      }
    }
  }
`;

/**
 * The shared support plan as a FHIR CarePlan: the same plan, tasks and visibility as the GraphQL `supportPlan`,
 * every answer valid against the official R4 schema.
 */
describe('FHIR CarePlan (/fhir/CarePlan)', () => {
  let t: TestApp;
  let validator: FhirValidator;
  let lead: TestAgency;
  let owner: TestAgency;
  let outsider: TestAgency;
  let personId: string;
  let otherPersonId: string;
  let planId: string;

  async function fhir(path: string, key: string | null): Promise<{ status: number; body: Json }> {
    const response = await fetch(path.startsWith('http') ? path : `${t.url}/fhir/${path}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const body = (await response.json()) as Json;
    const result = validator(body);
    expect({ path, errors: result.errors }).toEqual({ path, errors: [] });
    return { status: response.status, body };
  }

  beforeAll(async () => {
    validator = createFhirValidator(join(STANDARDS, 'fhir.schema.json'));
    t = await startTestApp();
    lead = await createAgency(t, { sector: 'POVERTY' });
    owner = await createAgency(t, { sector: 'DEBT' });
    outsider = await createAgency(t);
    personId = await registerPerson(t, lead);
    otherPersonId = await registerPerson(t, lead);
    const dataSource = t.app.get(DataSource);
    const now = new Date();
    const conferenceId = await insertRecordedConference(dataSource, {
      personId,
      leadAgencyId: lead.id,
      agencyIds: [owner.id],
      personWish: '家を失いたくない',
      agreedDirection: '家計の立て直しと住まいの確保',
      goals: [
        { term: 'SHORT_TERM', text: '滞納家賃の分割交渉' },
        { term: 'MEDIUM_LONG_TERM', text: '安定した就労' },
      ],
      supports: [{ timing: 'NOW', text: '家計相談' }],
      participants: [{ kind: 'MINSEI_IIN', roleLabel: '民生委員', name: '田中' }],
      assignments: [
        { agencyId: owner.id, description: '債務整理の相談に同行する', dueOn: '2099-01-31' },
        { participant: 0, description: '週1回の見守り' },
        { agencyId: owner.id, description: '家計表を一緒に作る' },
      ],
      at: now,
    });
    const plans = t.app.get(SupportPlansService);
    await dataSource.transaction((manager) => plans.reviseFromConference(manager, conferenceId, now));
    const [, , third] = (
      await dataSource.query<{ id: string }[]>(
        `SELECT "id" FROM "support_task" WHERE "conference_id" = $1 ORDER BY "position"`,
        [conferenceId],
      )
    ).map((row) => row.id);
    const dropped = await t.gql(
      `mutation ($id: ID!) { dropSupportTask(id: $id, expectedVersion: 1, reason: "本人が辞退") { id } }`,
      { variables: { id: third }, key: owner.key },
    );
    dataOf(dropped, 'dropSupportTask');
    const plan = dataOf(
      await t.gql<{ supportPlan: { id: string; version: number } }>(PLAN, { variables: { personId }, key: lead.key }),
      'supportPlan',
    ).supportPlan;
    planId = plan.id;
    const review = await t.gql(
      `mutation ($input: SetSupportPlanReviewInput!) { setSupportPlanReview(input: $input) { id } }`,
      { variables: { input: { personId, nextReviewOn: '2099-03-01', expectedVersion: plan.version } }, key: lead.key },
    );
    dataOf(review, 'setSupportPlanReview');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads the plan as a CarePlan: goals, direction, wish and supports, review date, tasks as activities', async () => {
    const graph = dataOf(
      await t.gql<{
        supportPlan: Json;
        supportTasks: { edges: { node: Json }[] };
      }>(PLAN, { variables: { personId }, key: lead.key }),
      'supportPlan',
    );
    const plan = graph.supportPlan;
    const tasks = graph.supportTasks.edges.map((edge) => edge.node);
    expect(tasks).toHaveLength(3);

    const { status, body } = await fhir(`CarePlan/${planId}`, lead.key);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      resourceType: 'CarePlan',
      id: planId,
      meta: { versionId: String(plan.version) },
      status: 'active',
      intent: 'plan',
      subject: { reference: `Patient/${personId}` },
      author: { reference: `Organization/${lead.id}` },
      description: plan.current.agreedDirection,
      period: { end: plan.nextReviewOn },
    });
    expect(plan.nextReviewOn).toBe('2099-03-01');
    expect(
      (body.contained as Json[]).map((goal) => ({
        type: goal.resourceType,
        term: goal.category[0].coding[0].code,
        text: goal.description.text,
      })),
    ).toEqual(plan.current.goals.map((goal: Json) => ({ type: 'Goal', term: goal.term, text: goal.text })));
    expect(body.goal).toEqual((body.contained as Json[]).map((goal) => ({ reference: `#${goal.id}` })));
    expect((body.note as Json[]).map((note): unknown => note.text)).toEqual([
      `本人の意向 (person's wish): ${plan.current.personWish}`,
      ...plan.current.supports.map((support: Json) => `支援内容 (support, ${support.timing}): ${support.text}`),
    ]);

    const statusOf: Record<string, string> = { OPEN: 'in-progress', DONE: 'completed', DROPPED: 'cancelled' };
    expect((body.activity as Json[]).map((activity): unknown => activity.detail)).toEqual(
      tasks.map((task) => ({
        kind: 'Task',
        code: { coding: [{ system: expect.any(String), code: task.id }], text: task.description },
        status: statusOf[task.status],
        ...(task.dropReason ? { statusReason: { text: task.dropReason } } : {}),
        ...(task.ownerAgencyId
          ? { performer: [{ reference: `Organization/${task.ownerAgencyId}` }] }
          : { performer: [{ display: task.ownerLabel }] }),
        ...(task.dueOn ? { scheduledPeriod: { end: task.dueOn } } : {}),
        description: task.description,
      })),
    );
    expect(tasks.map((task): unknown => task.status)).toEqual(['OPEN', 'OPEN', 'DROPPED']);
  });

  it('finds the plan by subject (or patient), and nothing for a person without one', async () => {
    for (const query of [`subject=Patient/${personId}`, `patient=${personId}`]) {
      const { status, body } = await fhir(`CarePlan?${query}`, lead.key);
      expect({ query, status, type: body.type, total: body.total }).toEqual({
        query,
        status: 200,
        type: 'searchset',
        total: 1,
      });
      expect(body.entry[0].resource.id).toBe(planId);
      expect(body.entry[0].fullUrl).toMatch(new RegExp(`/fhir/CarePlan/${planId}$`));
    }
    const none = await fhir(`CarePlan?subject=Patient/${otherPersonId}`, lead.key);
    expect({ status: none.status, total: none.body.total, entry: none.body.entry }).toEqual({
      status: 200,
      total: 0,
      entry: [],
    });
  });

  it('hides the plan from an agency that may not see it, as supportPlan does (404, empty search)', async () => {
    const graph = await t.gql(PLAN, { variables: { personId }, key: outsider.key });
    expect(graph.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await fhir(`CarePlan/${planId}`, outsider.key);
    expect(read.status).toBe(404);
    expect(read.body.resourceType).toBe('OperationOutcome');
    const search = await fhir(`CarePlan?subject=Patient/${personId}`, outsider.key);
    expect(search.body.total).toBe(0);
    expect((await fhir('CarePlan/not-a-uuid', lead.key)).status).toBe(404);
  });

  it('needs conferences:read and persons:read, a key, and a subject to search by', async () => {
    expect((await fhir(`CarePlan/${planId}`, null)).status).toBe(401);
    const narrow = await issueKey(t, { agencyId: lead.id, scopes: ['persons:read'] });
    const forbidden = await fhir(`CarePlan/${planId}`, narrow.secret);
    expect(forbidden.status).toBe(403);
    const missing = await fhir('CarePlan', lead.key);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('BAD_USER_INPUT');
    const unknown = await fhir(`CarePlan?subject=Patient/${personId}&status=active`, lead.key);
    expect(unknown.status).toBe(400);
  });

  it('lists CarePlan (read, search by subject and patient) in the CapabilityStatement', async () => {
    const { body } = await fhir('metadata', null);
    const carePlan = (body.rest[0].resource as Json[]).find((resource) => resource.type === 'CarePlan') as
      { interaction: { code: string }[]; searchParam: { name: string }[] } | undefined;
    expect(carePlan?.interaction.map((interaction) => interaction.code)).toEqual(['read', 'search-type']);
    expect(carePlan?.searchParam.map((param) => param.name)).toEqual(expect.arrayContaining(['subject', 'patient']));
  });
});
