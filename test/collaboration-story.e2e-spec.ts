import { CouncilsDemoSeeder } from '@tsunagu/collaboration';
import { DirectorySeeder } from '@tsunagu/directory';
import { TaskClocksService } from '@tsunagu/notifications';
import { AGENCY_SCOPES, FixedClock } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';
import { issueKey, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';

/**
 * The collaboration loop of docs/collaboration.md, through the public API only, on the demo network of 中川区:
 * a person with debt, housing and a disability is referred; a case conference (個別支援会議) with an agency, a
 * 民生委員 and the person records a plan whose tasks are assigned, reminded and overdue once each; what the
 * conferences of two people could not do is raised to the council (協議会), merged into one regional issue and
 * carried through 運営会議 → 定例会 → 専門部会 → 全体会 to a new community resource, which `suggestAgencies` then offers
 * for the next person. A coordinator answers "what has this community not been able to do for people, how often,
 * and what became of it" with `communityGaps`.
 */

const NAKAGAWA = '231100';
const START = new Date('2026-04-06T00:30:00.000Z'); // Monday 09:30 JST
const DAY = 24 * 60 * 60 * 1000;
const GAP = '金銭管理に不安のある障害のある人が、身近な場所で家計の相談と見守りを続けて受けられる仕組みが区内にない';

const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
const database = `tsunagu_story_${process.pid}`;

const SCHEDULE = /* GraphQL */ `
  mutation ($input: ScheduleCaseConferenceInput!) {
    scheduleCaseConference(input: $input) {
      id
      status
      version
      participants {
        id
        kind
      }
    }
  }
`;
const HOLD = 'mutation ($id: ID!, $v: Int) { holdCaseConference(id: $id, expectedVersion: $v) { status version } }';
const RECORD = /* GraphQL */ `
  mutation ($id: ID!, $v: Int, $record: CaseConferenceRecordInput!) {
    recordCaseConference(id: $id, expectedVersion: $v, record: $record) {
      status
      accessUntil
      checklist {
        code
      }
      record {
        personWish
        unmetItems {
          id
          needCategory
          municipalityCode
          description
        }
      }
    }
  }
`;
const PLAN = /* GraphQL */ `
  query ($personId: ID!) {
    supportPlan(personId: $personId) {
      id
      currentVersion
      current {
        personWish
        goals {
          term
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
          dueOn
          status
          overdue
        }
      }
    }
  }
`;
const ISSUE_FIELDS = /* GraphQL */ `
  id
  stage
  version
  allowedNextStages
  evidence {
    itemCount
    personCount
    declinedReferralCount
    suppressed
  }
  history {
    toStage
  }
  resource {
    id
    name
  }
`;
const RAISE = `mutation ($input: RaiseRegionalIssueInput!) { raiseRegionalIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const SIMILAR = 'query ($id: ID!) { similarRegionalIssues(id: $id) { id } }';
const MERGE = `mutation ($input: MergeRegionalIssuesInput!) { mergeRegionalIssues(input: $input) { ${ISSUE_FIELDS} } }`;
const MOVE = `mutation ($input: MoveRegionalIssueInput!) { moveRegionalIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const MEETING =
  'mutation ($input: ScheduleCouncilMeetingInput!) { scheduleCouncilMeeting(input: $input) { id bodyId heldOn } }';
const COUNCILS = 'query { councilList(municipalityCode: "231100") { id name bodies { id kind name } } }';
const GAPS = /* GraphQL */ `
  query ($input: CommunityGapsInput!) {
    communityGaps(input: $input) {
      needCategory
      municipalityCode
      itemCount
      personCount
      declinedReferralCount
      suppressed
      issues {
        id
        stage
      }
      resources {
        name
      }
    }
  }
`;
const SUGGEST = /* GraphQL */ `
  query ($input: SuggestAgenciesInput!) {
    suggestAgencies(input: $input) {
      agency {
        code
      }
      communityResources {
        name
        developedFromIssueId
      }
    }
  }
`;

describe('the collaboration loop on the demo network (個別支援会議 → 支援計画 → 協議会 → 社会資源)', () => {
  const clock = new FixedClock(START);
  let t: TestApp;
  let dataSource: DataSource;
  const demo: Record<string, TestAgency> = {};

  async function demoAgency(code: string): Promise<TestAgency> {
    const [{ id }] = await dataSource.query<{ id: string }[]>(`SELECT id FROM agency WHERE code = $1`, [code]);
    const key = await issueKey(t, { agencyId: id, scopes: [...AGENCY_SCOPES], label: `story ${code}` });
    return { id, code, key: key.secret };
  }

  async function gql<T>(agency: TestAgency | null, query: string, variables: Record<string, unknown> = {}) {
    return t.gql<T>(query, { variables, key: agency ? agency.key : t.adminKey });
  }

  /** A Nakagawa-ku person of the lead, with consent for referrals and conferences with the agencies given. */
  async function person(familyName: string, agencies: TestAgency[]): Promise<string> {
    const personId = await registerPerson(t, demo.lead, { familyName, municipalityCode: NAKAGAWA });
    for (const agency of agencies) {
      await recordConsent(t, demo.lead, {
        personId,
        recipientAgencyId: agency.id,
        purposes: ['REFERRAL', 'CASE_CONFERENCE'],
        dataCategories: ['IDENTITY', 'CONTACT', 'INCOME_DEBT', 'HEALTH_DISABILITY', 'HOUSEHOLD'],
      });
    }
    return personId;
  }

  /** Schedules, holds and records a conference of the lead; returns its record's unmet items and checklist. */
  async function conference(personId: string, agencies: TestAgency[], record: (ids: string[]) => object) {
    const scheduled = dataOf(
      await gql<{ scheduleCaseConference: { id: string; version: number; participants: { id: string }[] } }>(
        demo.lead,
        SCHEDULE,
        {
          input: {
            personId,
            title: '個別支援会議（家計と住まい）',
            scheduledAt: new Date(clock.now().getTime() + DAY).toISOString(),
            place: '中川区役所 相談室',
            dataCategories: ['IDENTITY', 'INCOME_DEBT', 'HEALTH_DISABILITY'],
            agencies: agencies.map((agency) => ({ agencyId: agency.id, roleLabel: '家計・債務の相談' })),
            participants: [
              { kind: 'PERSON_THEMSELF', roleLabel: '本人', name: '本人' },
              { kind: 'MINSEI_IIN', roleLabel: '担当民生委員', name: '佐藤' },
            ],
          },
        },
      ),
      'scheduleCaseConference',
    ).scheduleCaseConference;
    clock.advance(DAY);
    const held = dataOf(
      await gql<{ holdCaseConference: { version: number } }>(demo.lead, HOLD, {
        id: scheduled.id,
        v: scheduled.version,
      }),
      'holdCaseConference',
    ).holdCaseConference;
    const recorded = dataOf(
      await gql<{
        recordCaseConference: {
          status: string;
          checklist: { code: string }[];
          record: { unmetItems: { id: string; needCategory: string }[] };
        };
      }>(demo.lead, RECORD, {
        id: scheduled.id,
        v: held.version,
        record: record(scheduled.participants.map((participant) => participant.id)),
      }),
      'recordCaseConference',
    ).recordCaseConference;
    return { id: scheduled.id, ...recorded };
  }

  async function move(
    issue: { id: string; version: number },
    toStage: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ id: string; version: number; stage: string; resource: { id: string; name: string } | null }> {
    const response = await gql<{
      moveRegionalIssue: { id: string; version: number; stage: string; resource: { id: string; name: string } | null };
    }>(demo.secretariat, MOVE, { input: { issueId: issue.id, expectedVersion: issue.version, toStage, ...extra } });
    return dataOf(response, 'moveRegionalIssue').moveRegionalIssue;
  }

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp(
      { DATABASE_URL: url, REDIS_PREFIX: `tsunagu-story-${uniqueSuffix().toLowerCase()}`, STATS_MIN_CELL: '2' },
      { clock },
    );
    dataSource = t.app.get(DataSource);
    await t.app.get(DirectorySeeder).seedDemoNetwork();
    await t.app.get(CouncilsDemoSeeder).seed();
    demo.lead = await demoAgency('DEMO-NKG-POVERTY'); // なかがわ くらし・しごと自立相談センター (主担当)
    demo.debt = await demoAgency('DEMO-AIC-DEBT-LEGAL'); // 多重債務の法律相談
    demo.disability = await demoAgency('DEMO-NKM-DISABILITY-HUB'); // 障害者基幹相談支援センター
    demo.secretariat = demo.disability; // the council's 事務局: schedules meetings, merges and moves issues
    demo.housing = await demoAgency('DEMO-NGY-HOUSING'); // 居住支援
    demo.outsider = await demoAgency('DEMO-MNT-POVERTY'); // 港区: not part of it
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await dropDatabase(adminUrl, database);
  });

  it('runs from referral to a new community resource suggested for the next person', async () => {
    // 1. Referrals of a Nakagawa-ku person with debt, housing and a disability.
    const yamada = await person('山田', [demo.debt, demo.disability, demo.housing]);
    const debtReferral = dataOf(
      await gql<{ createReferral: { id: string; status: string } }>(demo.lead, CREATE_REFERRAL, {
        input: {
          ...referralInput(yamada, demo.debt.id, { needCategories: ['DEBT'] }),
          sharedCategories: ['IDENTITY', 'INCOME_DEBT'],
          send: true,
        },
      }),
      'createReferral',
    ).createReferral;
    expect(debtReferral.status).toBe('REQUESTED');
    const accepted = await gql(demo.debt, 'mutation ($id: ID!) { acceptReferral(id: $id) { status } }', {
      id: debtReferral.id,
    });
    expect(dataOf(accepted, 'acceptReferral')).toEqual({ acceptReferral: { status: 'ACCEPTED' } });

    // 2. A conference with the debt agency, a 民生委員 and the person; what cannot be done now is recorded.
    const first = await conference(yamada, [demo.debt], ([self, minsei]) => ({
      informationShared: '家賃滞納3か月、消費者金融2社。障害福祉サービスは未利用。',
      sharedReferralIds: [debtReferral.id],
      personWish: '今の部屋に住み続けて、少しずつ返していきたい',
      agreedDirection: '債務整理と家計の立て直しを先に進め、住まいを守る',
      goals: [
        { term: 'SHORT_TERM', text: '滞納家賃の分割払いを大家と合意する' },
        { term: 'MEDIUM_LONG_TERM', text: '収支が安定し、自分で家計を管理できる' },
      ],
      supports: [
        { timing: 'NOW', text: '債務整理の相談' },
        { timing: 'NEEDS_TIME', text: '継続した金銭管理の支援' },
      ],
      assignments: [
        { assigneeAgencyId: demo.debt.id, description: '債務整理の方針を本人と決める', dueOn: '2026-04-20' },
        { assigneeParticipantId: minsei, description: '週に一度、声をかける', dueOn: '2026-05-31' },
        { assigneeParticipantId: self, description: '家計表を付ける', dueOn: '2026-04-30' },
      ],
      unmetConfirmed: true,
      unmetItems: [{ needCategory: 'DEBT', municipalityCode: NAKAGAWA, description: GAP, reason: 'NO_RESOURCE' }],
    }));
    expect(first.status).toBe('RECORDED');
    // The person and a 民生委員 took part, the wish is recorded, both terms, owners and dates: nothing to warn of.
    expect(first.checklist).toEqual([]);
    const [firstItem] = first.record.unmetItems;
    expect(firstItem.needCategory).toBe('DEBT');

    // A non-participant does not know the conference exists.
    const hidden = await gql(demo.outsider, 'query ($id: ID!) { caseConference(id: $id) { id } }', { id: first.id });
    expect(hidden.body.errors?.[0].extensions.code).toBe('NOT_FOUND');

    // 3. The shared support plan and its tasks: the debt agency is told of its task, reminded and overdue once.
    const plan = dataOf(
      await gql<{
        supportPlan: { id: string; currentVersion: number; current: { personWish: string } };
        supportTasks: { edges: { node: { id: string; ownerAgencyId: string | null; status: string } }[] };
      }>(demo.lead, PLAN, { personId: yamada }),
      'supportPlan',
    );
    expect(plan.supportPlan.currentVersion).toBe(1);
    expect(plan.supportPlan.current.personWish).toBe('今の部屋に住み続けて、少しずつ返していきたい');
    expect(plan.supportTasks.edges).toHaveLength(3);
    const debtTask = plan.supportTasks.edges.find((edge) => edge.node.ownerAgencyId === demo.debt.id)!.node;
    const taskEvents = async () =>
      (
        await dataSource.query<{ type: string; agency_ids: string[] }[]>(
          `SELECT type, agency_ids FROM outbox_event WHERE payload->>'taskId' = $1 ORDER BY occurred_at, id`,
          [debtTask.id],
        )
      ).map((event) => `${event.type}→${event.agency_ids.includes(demo.debt.id) ? 'owner' : 'lead'}`);
    expect(await taskEvents()).toEqual(['task.assigned→owner']);

    const clocks = new TaskClocksService(dataSource);
    const reminder = new Date('2026-04-17T00:00:00.000Z'); // three days before, 09:00 JST
    expect(await clocks.check({ kind: 'DUE_SOON', taskId: debtTask.id }, reminder)).toBe('NOTIFIED');
    expect(await clocks.check({ kind: 'DUE_SOON', taskId: debtTask.id }, reminder)).toBe('ALREADY_DONE');
    const overdue = new Date('2026-04-20T15:00:00.000Z'); // the due day has ended in JST
    expect(await clocks.check({ kind: 'OVERDUE', taskId: debtTask.id }, overdue)).toBe('NOTIFIED');
    expect(await clocks.check({ kind: 'OVERDUE', taskId: debtTask.id }, overdue)).toBe('ALREADY_DONE');
    expect(await taskEvents()).toEqual(['task.assigned→owner', 'task.due_soon→owner', 'task.overdue→owner']);
    clock.set(new Date('2026-04-21T01:00:00.000Z'));
    const overdueList = await gql<{ supportTasks: { edges: { node: { id: string; overdue: boolean } }[] } }>(
      demo.debt,
      'query { supportTasks(filter: { overdue: true }) { edges { node { id overdue } } } }',
    );
    expect(dataOf(overdueList, 'supportTasks').supportTasks.edges.map((edge) => edge.node.id)).toEqual([debtTask.id]);

    // 4. Another person's conference meets the same gap.
    const suzuki = await person('鈴木', [demo.disability]);
    const second = await conference(suzuki, [demo.disability], ([, minsei]) => ({
      personWish: '一人暮らしを続けたい',
      agreedDirection: '障害福祉サービスの利用を始める',
      goals: [
        { term: 'SHORT_TERM', text: 'サービス等利用計画を作る' },
        { term: 'MEDIUM_LONG_TERM', text: '地域で安心して暮らす' },
      ],
      assignments: [
        { assigneeAgencyId: demo.disability.id, description: '計画相談につなぐ', dueOn: '2026-05-15' },
        { assigneeParticipantId: minsei, description: '月に一度、訪問する', dueOn: '2026-06-30' },
      ],
      unmetConfirmed: true,
      unmetItems: [
        {
          needCategory: 'DEBT',
          municipalityCode: NAKAGAWA,
          description: '障害のある人の金銭管理を継続して支える身近な仕組みがない',
          reason: 'SYSTEM_GAP',
        },
      ],
    }));
    const [secondItem] = second.record.unmetItems;

    // 5. Both raised to the council of 中川区; the second is suggested as similar and merged into the first.
    const [council] = dataOf(
      await gql<{ councilList: { id: string; bodies: { id: string; kind: string; name: string }[] }[] }>(
        demo.lead,
        COUNCILS,
      ),
      'councilList',
    ).councilList;
    const raise = (itemId: string, title: string) =>
      gql<{ raiseRegionalIssue: { id: string; version: number; stage: string } }>(demo.lead, RAISE, {
        input: {
          councilId: council.id,
          title,
          needCategories: ['DEBT'],
          municipalityCodes: [NAKAGAWA],
          function: 'DEVELOPMENT',
          unmetItemIds: [itemId],
        },
      });
    const issue = dataOf(
      await raise(firstItem.id, '障害のある人の金銭管理の支援'),
      'raiseRegionalIssue',
    ).raiseRegionalIssue;
    const other = dataOf(
      await raise(secondItem.id, '金銭管理を続けて支える仕組み'),
      'raiseRegionalIssue',
    ).raiseRegionalIssue;
    expect(issue.stage).toBe('RAISED');
    const similar = await gql<{ similarRegionalIssues: { id: string }[] }>(demo.lead, SIMILAR, { id: issue.id });
    expect(dataOf(similar, 'similarRegionalIssues').similarRegionalIssues.map((one) => one.id)).toContain(other.id);
    const merged = dataOf(
      await gql<{
        mergeRegionalIssues: {
          id: string;
          version: number;
          evidence: { itemCount: number; personCount: number; suppressed: boolean };
        };
      }>(demo.secretariat, MERGE, {
        input: { intoId: issue.id, fromId: other.id, expectedVersion: issue.version, note: '同じ課題' },
      }),
      'mergeRegionalIssues',
    ).mergeRegionalIssues;
    expect(merged.evidence).toMatchObject({ itemCount: 2, personCount: 2, suppressed: false });

    // 6. Through the council's bodies, each move decided at a meeting, to a developed resource.
    const body = (kind: string) =>
      council.bodies.find((one) => one.kind === kind && (kind !== 'SUBCOMMITTEE' || one.name === 'くらし部会'))!;
    const meetingOf = async (kind: string, heldOn: string) =>
      dataOf(
        await gql<{ scheduleCouncilMeeting: { id: string } }>(demo.secretariat, MEETING, {
          input: { bodyId: body(kind).id, heldOn, title: `${body(kind).name} ${heldOn}` },
        }),
        'scheduleCouncilMeeting',
      ).scheduleCouncilMeeting.id;
    let current = { id: merged.id, version: merged.version };
    for (const [stage, kind, heldOn] of [
      ['STEERING', 'STEERING', '2026-05-08'],
      ['REGULAR', 'REGULAR', '2026-05-20'],
      ['SUBCOMMITTEE', 'SUBCOMMITTEE', '2026-06-10'],
      ['PLENARY', 'PLENARY', '2026-09-15'],
    ] as const) {
      current = await move(current, stage, { meetingId: await meetingOf(kind, heldOn), note: `${stage} で協議` });
    }
    const developed = await move(current, 'RESOURCE_DEVELOPED', {
      meetingId: await meetingOf('PLENARY', '2027-02-16'),
      note: '社協と家計相談の協働で開始',
      resource: {
        name: 'なかがわ家計サポーター（金銭管理の見守り）',
        kind: 'OTHER',
        description: '地域の家計サポーターが月に一度家計表を一緒に確認し、困ったときは相談窓口につなぐ',
        needCategories: ['DEBT', 'DAILY_LIVING'],
        municipalityCodes: [NAKAGAWA],
        ratings: { personCentred: 3, residentCollaboration: 3, versatility: 2 },
      },
    });
    expect(developed.stage).toBe('RESOURCE_DEVELOPED');
    expect(developed.resource?.name).toBe('なかがわ家計サポーター（金銭管理の見守り）');

    // 7. The coordinator's one question: what could this community not do for people, how often, and what became of it.
    const gaps = dataOf(
      await gql<{
        communityGaps: {
          needCategory: string;
          municipalityCode: string;
          itemCount: number;
          personCount: number;
          issues: { id: string; stage: string }[];
          resources: { name: string }[];
        }[];
      }>(demo.lead, GAPS, { input: { councilId: council.id } }),
      'communityGaps',
    ).communityGaps;
    expect(gaps.find((gap) => gap.needCategory === 'DEBT' && gap.municipalityCode === NAKAGAWA)).toMatchObject({
      itemCount: 2,
      personCount: 2,
      issues: [{ id: issue.id, stage: 'RESOURCE_DEVELOPED' }],
      resources: [{ name: 'なかがわ家計サポーター（金銭管理の見守り）' }],
    });

    // 8. The next person with debt in 中川区 is offered the new resource beside the agencies.
    const suggestions = dataOf(
      await gql<{
        suggestAgencies: {
          agency: { code: string };
          communityResources: { name: string; developedFromIssueId: string | null }[];
        }[];
      }>(demo.lead, SUGGEST, { input: { municipalityCode: NAKAGAWA, needCategories: ['DEBT'] } }),
      'suggestAgencies',
    ).suggestAgencies;
    const offered = suggestions.flatMap((suggestion) => suggestion.communityResources);
    expect(offered).toContainEqual({
      name: 'なかがわ家計サポーター（金銭管理の見守り）',
      developedFromIssueId: issue.id,
    });
  });
});
