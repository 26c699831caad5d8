import { EcomapSources, SupportPlansService, taskDueAt, todayJst } from '@tsunagu/collaboration';
import { DataCategory } from '@tsunagu/consent';
import { TaskClockNotDueYetError, TaskClockSource, TaskClocksService } from '@tsunagu/notifications';
import { FixedClock, JOB_OPTIONS, JobName, QueueName, type BusEvent } from '@tsunagu/platform';
import { Queue } from 'bullmq';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { createMigratedDatabase, dropDatabase, ownerUrl } from './setup/test-database.js';
import { createAgency, type TestAgency } from './support/builders.js';
import { deleteRedisKeys, listenToAgencies, type AgencyEvents } from './support/bus.js';
import { insertRecordedConference, type ConferenceFixture } from './support/recorded-conference.js';
import { dataOf, registerPerson } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';
import { startWorker, waitFor, type WorkerProcess } from './support/worker-process.js';

/**
 * The shared support plan and its tasks: a recorded conference (inserted as the conference module leaves it)
 * revises the plan and creates tasks; versions and their diff; who may see and close what; the review date;
 * and the task clocks (reminder, overdue, escalation, review), each exactly once.
 */
const START = new Date('2026-01-05T00:00:00.000Z'); // Monday 09:00 JST

const PLAN = /* GraphQL */ `
  query ($personId: ID!) {
    supportPlan(personId: $personId) {
      id
      leadAgencyId
      currentVersion
      nextReviewOn
      version
      current {
        version
        personWish
      }
      versions {
        version
        conferenceId
        personWish
        goals {
          term
          text
        }
        supports {
          timing
          text
        }
        diff {
          goalsAdded {
            term
            text
          }
          goalsRemoved {
            term
            text
          }
          supportsAdded {
            timing
            text
          }
          supportsRemoved {
            timing
            text
          }
          personWishChanged
          agreedDirectionChanged
        }
      }
    }
  }
`;

const TASKS = /* GraphQL */ `
  query ($filter: SupportTaskFilter, $first: Int, $after: String) {
    supportTasks(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ownerAgencyId
          ownerLabel
          description
          dueOn
          status
          dropReason
          overdue
          version
        }
      }
    }
  }
`;

const COMPLETE =
  'mutation ($id: ID!, $v: Int!) { completeSupportTask(id: $id, expectedVersion: $v) { id status version } }';
const DROP = /* GraphQL */ `
  mutation ($id: ID!, $v: Int!, $reason: String!) {
    dropSupportTask(id: $id, expectedVersion: $v, reason: $reason) {
      id
      status
      dropReason
    }
  }
`;
const REVIEW = /* GraphQL */ `
  mutation ($input: SetSupportPlanReviewInput!) {
    setSupportPlanReview(input: $input) {
      nextReviewOn
      version
    }
  }
`;

interface TaskNode {
  id: string;
  ownerAgencyId: string | null;
  ownerLabel: string | null;
  description: string;
  dueOn: string | null;
  status: string;
  dropReason: string | null;
  overdue: boolean;
  version: number;
}

interface StoredEvent {
  type: string;
  agency_ids: string[];
  payload: Record<string, unknown>;
}

describe('shared support plan and tasks', () => {
  const clock = new FixedClock(START);
  let t: TestApp;
  let dataSource: DataSource;
  let lead: TestAgency;
  let owner: TestAgency;
  let outsider: TestAgency;
  let personId: string;
  let firstConference: string;

  async function record(fixture: Omit<ConferenceFixture, 'at'>): Promise<string> {
    const id = await insertRecordedConference(dataSource, { ...fixture, at: clock.now() });
    const plans = t.app.get(SupportPlansService);
    await dataSource.transaction((manager) => plans.reviseFromConference(manager, id, clock.now()));
    return id;
  }

  async function tasksOf(agency: TestAgency, filter: Record<string, unknown> = {}): Promise<TaskNode[]> {
    const response = await t.gql<{ supportTasks: { edges: { node: TaskNode }[] } }>(TASKS, {
      variables: { filter },
      key: agency.key,
    });
    return dataOf(response, 'supportTasks').supportTasks.edges.map((edge) => edge.node);
  }

  async function events(aggregateId: string, type?: string): Promise<StoredEvent[]> {
    return dataSource.query(
      `SELECT "type", "agency_ids", "payload" FROM "outbox_event"
        WHERE "aggregate_id" = $1 AND ($2::text IS NULL OR "type" = $2) ORDER BY "occurred_at", "id"`,
      [aggregateId, type ?? null],
    );
  }

  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    dataSource = t.app.get(DataSource);
    lead = await createAgency(t, { sector: 'POVERTY' });
    owner = await createAgency(t, { sector: 'HOUSING' });
    outsider = await createAgency(t, { sector: 'DISABILITY' });
    personId = await registerPerson(t, lead);
    firstConference = await record({
      personId,
      leadAgencyId: lead.id,
      agencyIds: [owner.id],
      personWish: '今の家に住み続けたい',
      agreedDirection: '家計を立て直し、住まいを守る',
      goals: [
        { term: 'SHORT_TERM', text: '家計の立て直し' },
        { term: 'MEDIUM_LONG_TERM', text: '住まいの安定' },
      ],
      supports: [
        { timing: 'NOW', text: '家計改善支援' },
        { timing: 'NEEDS_TIME', text: '居住支援' },
      ],
      participants: [{ kind: 'MINSEI_IIN', roleLabel: '民生委員', name: '佐藤' }],
      assignments: [
        { agencyId: owner.id, description: '債務整理の相談に同行する', dueOn: '2026-01-20' },
        { participant: 0, description: '週に一度、見守り訪問をする', dueOn: '2026-01-15' },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('a recorded conference makes the first plan version and a task per role assignment, and tells the agencies', async () => {
    const plan = dataOf(await t.gql(PLAN, { variables: { personId }, key: lead.key }), 'supportPlan').supportPlan as {
      id: string;
      currentVersion: number;
      leadAgencyId: string;
      versions: { conferenceId: string; diff: { goalsAdded: unknown[]; personWishChanged: boolean } }[];
    };
    expect(plan.currentVersion).toBe(1);
    expect(plan.leadAgencyId).toBe(lead.id);
    expect(plan.versions).toHaveLength(1);
    expect(plan.versions[0].conferenceId).toBe(firstConference);
    expect(plan.versions[0].diff.goalsAdded).toHaveLength(2);
    expect(plan.versions[0].diff.personWishChanged).toBe(true);

    // In the order of the conference's record, one page at a time.
    const first = await t.gql<{
      supportTasks: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: TaskNode }[];
      };
    }>(TASKS, { variables: { filter: { personId }, first: 1 }, key: lead.key });
    const page = dataOf(first, 'supportTasks').supportTasks;
    expect(page.totalCount).toBe(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await t.gql<{ supportTasks: { edges: { node: TaskNode }[] } }>(TASKS, {
      variables: { filter: { personId }, first: 5, after: page.pageInfo.endCursor },
      key: lead.key,
    });
    const tasks = [...page.edges, ...dataOf(rest, 'supportTasks').supportTasks.edges].map((edge) => edge.node);
    expect(tasks.map((task) => [task.ownerAgencyId, task.ownerLabel, task.status, task.dueOn])).toEqual([
      [owner.id, null, 'OPEN', '2026-01-20'],
      [null, '民生委員 佐藤', 'OPEN', '2026-01-15'],
    ]);

    const assigned = (
      await dataSource.query<StoredEvent[]>(
        `SELECT "type", "agency_ids", "payload" FROM "outbox_event"
          WHERE "type" = 'task.assigned' AND "payload"->>'planId' = $1 ORDER BY "payload"->>'dueOn' DESC`,
        [plan.id],
      )
    ).map((event) => [event.agency_ids.sort(), event.payload.dueOn]);
    expect(assigned).toEqual([
      [[owner.id, lead.id].sort(), '2026-01-20'],
      [[lead.id], '2026-01-15'],
    ]);
    const revised = await events(plan.id, 'plan.revised');
    expect(revised).toHaveLength(1);
    expect(revised[0].agency_ids.sort()).toEqual([lead.id, owner.id].sort());
    expect(JSON.stringify(revised[0].payload)).not.toContain('住み続けたい');
  });

  it('an owner agency sees its own tasks only, without the plan; an outsider sees nothing', async () => {
    const own = await tasksOf(owner);
    expect(own.map((task) => task.description)).toEqual(['債務整理の相談に同行する']);
    expect(await tasksOf(owner, { personId })).toHaveLength(1);
    const hidden = await t.gql(PLAN, { variables: { personId }, key: owner.key });
    expect(hidden.body.errors?.[0].extensions.code).toBe('NOT_FOUND');

    const outsiderPlan = await t.gql(PLAN, { variables: { personId }, key: outsider.key });
    expect(outsiderPlan.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(await tasksOf(outsider, { personId })).toEqual([]);
    expect(await tasksOf(outsider)).toEqual([]);
  });

  it('refuses a filter whose personId is not an ID, naming the field', async () => {
    const response = await t.gql(TASKS, {
      variables: { filter: { personId: 'x', status: ['DROPPED'] } },
      key: owner.key,
    });
    expect(response.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.personId' });
  });

  it('reads of the plan and of tasks are audited with their basis', async () => {
    await t.gql(PLAN, { variables: { personId }, key: lead.key });
    await tasksOf(owner);
    const rows = await dataSource.query<{ agency_id: string; operation: string; categories: string[] }[]>(
      `SELECT "agency_id", "operation", "categories" FROM "audit_log"
        WHERE "person_id" = $1 AND "operation" IN ('supportPlan', 'supportTasks')`,
      [personId],
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { agency_id: lead.id, operation: 'supportPlan', categories: ['CASE_NOTES'] },
        { agency_id: owner.id, operation: 'supportTasks', categories: ['CASE_NOTES'] },
      ]),
    );
    expect(rows.some((row) => row.agency_id === outsider.id)).toBe(false);
  });

  it('the next recorded conference adds a version whose diff names what changed; recording twice adds nothing', async () => {
    clock.set(new Date('2026-01-07T00:00:00.000Z'));
    const second = await record({
      personId,
      leadAgencyId: lead.id,
      agencyIds: [owner.id],
      personWish: '今の家に住み続けて、働きたい',
      agreedDirection: '家計を立て直し、住まいを守る',
      goals: [
        { term: 'MEDIUM_LONG_TERM', text: '住まいの安定' },
        { term: 'SHORT_TERM', text: '就労準備' },
      ],
      supports: [{ timing: 'NOW', text: '家計改善支援' }],
    });
    const plans = t.app.get(SupportPlansService);
    await dataSource.transaction((manager) => plans.reviseFromConference(manager, second, clock.now()));

    const plan = dataOf(await t.gql(PLAN, { variables: { personId }, key: lead.key }), 'supportPlan').supportPlan as {
      currentVersion: number;
      versions: { version: number; diff: Record<string, unknown> }[];
    };
    expect(plan.currentVersion).toBe(2);
    expect(plan.versions.map((version) => version.version)).toEqual([1, 2]);
    expect(plan.versions[1].diff).toEqual({
      goalsAdded: [{ term: 'SHORT_TERM', text: '就労準備' }],
      goalsRemoved: [{ term: 'SHORT_TERM', text: '家計の立て直し' }],
      supportsAdded: [],
      supportsRemoved: [{ timing: 'NEEDS_TIME', text: '居住支援' }],
      personWishChanged: true,
      agreedDirectionChanged: false,
    });
  });

  it('plan versions are append-only in PostgreSQL', async () => {
    await expect(dataSource.query(`UPDATE "support_plan_version" SET "person_wish" = 'x'`)).rejects.toThrow(
      /permission denied/,
    );
    const asOwner = new pg.Client({ connectionString: ownerUrl(process.env.DATABASE_URL!) });
    await asOwner.connect();
    try {
      await expect(asOwner.query(`UPDATE "support_plan_version" SET "person_wish" = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(asOwner.query(`DELETE FROM "support_plan_version"`)).rejects.toThrow(/append-only/);
    } finally {
      await asOwner.end();
    }
  });

  it('completes and drops tasks with expectedVersion, owner or lead only, each once', async () => {
    const [ownTask] = await tasksOf(owner);
    const stale = await t.gql(COMPLETE, { variables: { id: ownTask.id, v: ownTask.version + 1 }, key: owner.key });
    expect(stale.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', currentVersion: ownTask.version });
    const byOutsider = await t.gql(COMPLETE, { variables: { id: ownTask.id, v: ownTask.version }, key: outsider.key });
    expect(byOutsider.body.errors?.[0].extensions.code).toBe('NOT_FOUND');

    const done = await t.gql(COMPLETE, { variables: { id: ownTask.id, v: ownTask.version }, key: owner.key });
    expect(dataOf(done, 'completeSupportTask').completeSupportTask).toMatchObject({ status: 'DONE', version: 2 });
    const again = await t.gql(COMPLETE, { variables: { id: ownTask.id, v: 2 }, key: owner.key });
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', allowed: [] });

    const informal = (await tasksOf(lead, { personId })).find((task) => task.ownerAgencyId === null)!;
    const blank = await t.gql(DROP, {
      variables: { id: informal.id, v: informal.version, reason: '  ' },
      key: lead.key,
    });
    expect(blank.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const dropped = await t.gql(DROP, {
      variables: { id: informal.id, v: informal.version, reason: '本人が訪問を望まなくなったため' },
      key: lead.key,
    });
    expect(dataOf(dropped, 'dropSupportTask').dropSupportTask).toMatchObject({
      status: 'DROPPED',
      dropReason: '本人が訪問を望まなくなったため',
    });

    expect((await events(ownTask.id, 'task.completed')).map((event) => event.agency_ids.sort())).toEqual([
      [owner.id, lead.id].sort(),
    ]);
    expect(await events(informal.id, 'task.dropped')).toHaveLength(1);
    expect((await tasksOf(lead, { personId, status: ['OPEN'] })).length).toBe(0);
  });

  it('the lead sets the review date with expectedVersion; others may not; a past date is refused', async () => {
    const plan = dataOf(await t.gql(PLAN, { variables: { personId }, key: lead.key }), 'supportPlan').supportPlan as {
      id: string;
      version: number;
    };
    const input = { personId, nextReviewOn: '2026-01-31', expectedVersion: plan.version };
    const byOwner = await t.gql(REVIEW, { variables: { input }, key: owner.key });
    expect(byOwner.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const stale = await t.gql(REVIEW, { variables: { input: { ...input, expectedVersion: 99 } }, key: lead.key });
    expect(stale.body.errors?.[0].extensions.code).toBe('CONFLICT');
    const past = await t.gql(REVIEW, { variables: { input: { ...input, nextReviewOn: '2026-01-01' } }, key: lead.key });
    expect(past.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'nextReviewOn' });
    const unreal = await t.gql(REVIEW, {
      variables: { input: { ...input, nextReviewOn: '2026-02-30' } },
      key: lead.key,
    });
    expect(unreal.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const set = await t.gql(REVIEW, { variables: { input }, key: lead.key });
    expect(dataOf(set, 'setSupportPlanReview').setSupportPlanReview).toEqual({
      nextReviewOn: '2026-01-31',
      version: plan.version + 1,
    });
    const scheduled = await events(plan.id, 'plan.review_scheduled');
    expect(scheduled.map((event) => [event.agency_ids, event.payload.nextReviewOn])).toEqual([
      [[lead.id], '2026-01-31'],
    ]);
  });

  describe('clocks', () => {
    let clocks: TaskClocksService;
    let taskId: string;
    let planId: string;

    beforeAll(async () => {
      clocks = new TaskClocksService(dataSource);
      clock.set(new Date('2026-01-08T00:00:00.000Z'));
      await record({
        personId,
        leadAgencyId: lead.id,
        agencyIds: [owner.id],
        personWish: '今の家に住み続けて、働きたい',
        goals: [{ term: 'SHORT_TERM', text: '就労準備' }],
        assignments: [{ agencyId: owner.id, description: '就労準備支援につなぐ', dueOn: '2026-02-10' }],
      });
      const task = (await tasksOf(owner, { status: ['OPEN'] }))[0];
      taskId = task.id;
      [{ id: planId }] = await dataSource.query<{ id: string }[]>(
        `SELECT "id" FROM "support_plan" WHERE "person_id" = $1`,
        [personId],
      );
    });

    it('reminds the owner three days before (09:00 JST), once; not before', async () => {
      await expect(
        clocks.check({ kind: 'DUE_SOON', taskId }, new Date('2026-02-06T23:59:00.000Z')),
      ).rejects.toBeInstanceOf(TaskClockNotDueYetError);
      const at = new Date('2026-02-07T00:00:00.000Z'); // 2026-02-07 09:00 JST
      expect(await clocks.check({ kind: 'DUE_SOON', taskId }, at)).toBe('NOTIFIED');
      expect(await clocks.check({ kind: 'DUE_SOON', taskId }, at)).toBe('ALREADY_DONE');
      expect((await events(taskId, 'task.due_soon')).map((event) => event.agency_ids)).toEqual([[owner.id]]);
    });

    it('marks the task overdue when its due date has ended (JST), once, and lists it as overdue', async () => {
      await expect(
        clocks.check({ kind: 'OVERDUE', taskId }, new Date('2026-02-10T14:59:00.000Z')),
      ).rejects.toBeInstanceOf(TaskClockNotDueYetError);
      const at = new Date('2026-02-10T15:00:00.000Z');
      expect(await clocks.check({ kind: 'OVERDUE', taskId }, at)).toBe('NOTIFIED');
      expect(await clocks.check({ kind: 'OVERDUE', taskId }, at)).toBe('ALREADY_DONE');
      expect((await events(taskId, 'task.overdue')).map((event) => event.agency_ids)).toEqual([[owner.id]]);

      clock.set(at);
      expect((await tasksOf(owner, { overdue: true })).map((task) => task.id)).toEqual([taskId]);
      clock.set(new Date('2026-02-10T14:00:00.000Z'));
      expect(await tasksOf(owner, { overdue: true })).toEqual([]);
    });

    it('escalates to the lead three days after the due date, once; a closed task gets nothing more', async () => {
      const at = new Date('2026-02-13T15:00:00.000Z');
      expect(await clocks.check({ kind: 'ESCALATE', taskId }, at)).toBe('NOTIFIED');
      expect(await clocks.check({ kind: 'ESCALATE', taskId }, at)).toBe('ALREADY_DONE');
      const escalated = await events(taskId, 'task.escalated');
      expect(escalated.map((event) => [event.agency_ids, event.payload.leadAgencyId])).toEqual([[[lead.id], lead.id]]);

      const [task] = await tasksOf(owner, { status: ['OPEN'] });
      await t.gql(COMPLETE, { variables: { id: task.id, v: task.version }, key: owner.key });
      expect(await clocks.check({ kind: 'ESCALATE', taskId }, at)).toBe('CLOSED');
    });

    it('reminds the lead once when the review date has passed; a moved date does not fire the old job', async () => {
      const reviewOn = '2026-01-31';
      await expect(
        clocks.check({ kind: 'REVIEW_DUE', planId, reviewOn }, new Date('2026-01-31T14:00:00.000Z')),
      ).rejects.toBeInstanceOf(TaskClockNotDueYetError);
      const at = new Date('2026-01-31T15:00:00.000Z');
      expect(await clocks.check({ kind: 'REVIEW_DUE', planId, reviewOn }, at)).toBe('NOTIFIED');
      expect(await clocks.check({ kind: 'REVIEW_DUE', planId, reviewOn }, at)).toBe('ALREADY_DONE');
      expect(await clocks.check({ kind: 'REVIEW_DUE', planId, reviewOn: '2026-01-30' }, at)).toBe('MOVED');
      const due = await events(planId, 'plan.review_due');
      expect(due.map((event) => [event.agency_ids, event.payload.nextReviewOn])).toEqual([[[lead.id], reviewOn]]);
    });

    it('the clock source lists what must still fire, with the scheduler’s job ids, for reconciliation', async () => {
      clock.set(new Date('2026-02-20T00:00:00.000Z'));
      const open = await record({
        personId,
        leadAgencyId: lead.id,
        assignments: [{ agencyId: owner.id, description: '家計表を一緒に作る', dueOn: '2026-03-10' }],
      });
      const [{ id: openTask }] = await dataSource.query<{ id: string }[]>(
        `SELECT "id" FROM "support_task" WHERE "conference_id" = $1`,
        [open],
      );
      const source = new TaskClockSource();
      const jobIds: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await source.page(dataSource.manager, cursor, 50, clock.now(), new Date(0));
        jobIds.push(...page.clocks.map((due) => due.jobId));
        cursor = page.next;
      } while (cursor);
      expect(jobIds).toEqual(
        expect.arrayContaining([`${openTask}:task:DUE_SOON`, `${openTask}:task:OVERDUE`, `${openTask}:task:ESCALATE`]),
      );
      expect(jobIds.some((id) => id.startsWith(taskId))).toBe(false);
      expect(jobIds).not.toContain(`${planId}:review:2026-01-31`);
    });

    it('the ecomap source draws owners of OPEN tasks for a viewer of the plan only', async () => {
      const source = t.app
        .get(EcomapSources)
        .all()
        .find((one) => one.name === 'support-tasks')!;
      const seen = await source.contribute(
        dataSource.manager,
        personId,
        { agencyId: lead.id, categories: [DataCategory.CASE_NOTES] },
        clock.now(),
      );
      expect(seen.nodes).toEqual([
        { key: `agency:${owner.id}`, kind: 'AGENCY', label: 'テスト相談支援センター', detail: '支援計画タスク 1件' },
      ]);
      expect(seen.edges).toEqual([
        { from: `agency:${owner.id}`, to: 'person', strength: 'STRONG', direction: 'TO_PERSON', label: '役割分担' },
      ]);
      const unseen = await source.contribute(
        dataSource.manager,
        personId,
        { agencyId: owner.id, categories: [DataCategory.IDENTITY] },
        clock.now(),
      );
      expect(unseen).toEqual({ nodes: [], edges: [] });
    });
  });
});

/**
 * The task clocks through the built worker: the fan-out of `task.assigned` schedules a task's clock jobs; a task
 * whose due date ended days ago is marked overdue (owner told) and escalated (lead told) at once, each once; a
 * task due later has its delayed jobs waiting. The file's second database keeps its worker to its own events.
 */
describe('task clocks (the worker process)', () => {
  const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
  const database = `tsunagu_task_clocks_${process.pid}`;
  const prefix = `tsunagu-task-clocks-${uniqueSuffix().toLowerCase()}`;
  const DAY_MS = 24 * 3600 * 1000;
  let t: TestApp;
  let worker: WorkerProcess;
  let clocks: Queue;
  let received: AgencyEvents;
  let lead: TestAgency;
  let owner: TestAgency;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    worker = await startWorker({ DATABASE_URL: url, REDIS_PREFIX: prefix });
    clocks = new Queue(QueueName.CLOCKS, { connection: { url: process.env.REDIS_URL! }, prefix: `${prefix}:bull` });
    lead = await createAgency(t, { sector: 'POVERTY' });
    owner = await createAgency(t, { sector: 'HOUSING' });
    received = await listenToAgencies(process.env.REDIS_URL!, prefix, [lead.id, owner.id]);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await received?.close();
    await clocks?.close();
    await t?.close();
    await dropDatabase(adminUrl, database);
    await deleteRedisKeys(process.env.REDIS_URL!, prefix);
  });

  const distinct = (events: readonly BusEvent[]) => [...new Set(events.map((event) => event.id))];

  async function outcomeOf(jobId: string): Promise<string> {
    return waitFor(
      `CHECK_TASK_CLOCK job ${jobId} to complete`,
      async () => {
        const job = await clocks.getJob(jobId);
        if (!job) return undefined;
        if (job.failedReason && job.attemptsMade >= (job.opts.attempts ?? 1)) throw new Error(job.failedReason);
        return (await job.isCompleted()) ? (job.returnvalue as { outcome: string }).outcome : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200 },
    );
  }

  it('marks an overdue task and escalates it once each; schedules a later task’s clocks', async () => {
    const now = new Date();
    const day = (offsetDays: number) => todayJst(new Date(now.getTime() + offsetDays * DAY_MS));
    const dataSource = t.app.get(DataSource);
    const personId = await registerPerson(t, lead);
    const conferenceId = await insertRecordedConference(dataSource, {
      personId,
      leadAgencyId: lead.id,
      agencyIds: [owner.id],
      assignments: [
        { agencyId: owner.id, description: '債務整理の相談に同行する', dueOn: day(-5) },
        { agencyId: owner.id, description: '家計表を一緒に作る', dueOn: day(30) },
      ],
      at: now,
    });
    const plans = t.app.get(SupportPlansService);
    await dataSource.transaction((manager) => plans.reviseFromConference(manager, conferenceId, now));
    const tasks = await dataSource.query<{ id: string; due_on: string }[]>(
      `SELECT "id", "due_on"::text AS "due_on" FROM "support_task" WHERE "conference_id" = $1 ORDER BY "due_on"`,
      [conferenceId],
    );
    const [late, later] = tasks.map((task) => task.id);
    const ofTask = (id: string) => (payload: Record<string, unknown>) => payload.taskId === id;

    await waitFor(
      'task.overdue to reach the owner and task.escalated the lead',
      () =>
        received.events(owner.id, 'task.overdue', ofTask(late)).length > 0 &&
        received.events(lead.id, 'task.escalated', ofTask(late)).length > 0,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(await outcomeOf(`${late}:task:OVERDUE`)).toBe('NOTIFIED');
    expect(await outcomeOf(`${late}:task:ESCALATE`)).toBe('NOTIFIED');
    // Its reminder point was long past when the task was given: never scheduled.
    expect(await clocks.getJob(`${late}:task:DUE_SOON`)).toBeUndefined();

    for (const jobId of [`${later}:task:DUE_SOON`, `${later}:task:OVERDUE`, `${later}:task:ESCALATE`]) {
      const job = await clocks.getJob(jobId);
      expect(job?.name).toBe(JobName.CHECK_TASK_CLOCK);
      expect(await job?.isDelayed()).toBe(true);
    }
    const overdueJob = await clocks.getJob(`${later}:task:OVERDUE`);
    // Due when the due date ends (JST); the job's clock is read a moment after the scheduler's.
    const dueAt = overdueJob!.timestamp + (overdueJob!.opts.delay ?? 0);
    expect(Math.abs(dueAt - taskDueAt(day(30)).getTime())).toBeLessThan(1000);

    // The same step run again (another job id) changes nothing.
    await clocks.add(
      JobName.CHECK_TASK_CLOCK,
      { kind: 'OVERDUE', taskId: late },
      { ...JOB_OPTIONS[JobName.CHECK_TASK_CLOCK], jobId: `again-${late}` },
    );
    expect(await outcomeOf(`again-${late}`)).toBe('ALREADY_DONE');
    expect(distinct(received.events(owner.id, 'task.overdue', ofTask(late)))).toHaveLength(1);
    expect(distinct(received.events(lead.id, 'task.escalated', ofTask(late)))).toHaveLength(1);
    expect(received.events(owner.id, 'task.escalated', ofTask(late))).toEqual([]);
    expect(distinct(received.events(owner.id, 'task.assigned'))).toHaveLength(2);
  });
});
