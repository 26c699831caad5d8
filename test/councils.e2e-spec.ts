import { randomUUID } from 'node:crypto';
import { CouncilsDemoSeeder } from '@tsunagu/collaboration';
import { DirectorySeeder } from '@tsunagu/directory';
import { AGENCY_SCOPES, FixedClock } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createMigratedDatabase, dropDatabase } from './setup/test-database.js';
import { issueKey, type TestAgency } from './support/builders.js';
import { insertRecordedConference } from './support/recorded-conference.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, uniqueSuffix, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Councils (協議会) and regional issues (地域課題) on the demo network of 中川区: who sees a council, the evidence a
 * member may raise (its own conferences' "cannot do now" items and declines), the stage pipeline with its
 * meetings, conflicts and append-only history, merging, small-cell suppression (STATS_MIN_CELL = 3 here), the
 * resource outcome, communityGaps, the agenda export and the demo seeder.
 */

const NAKAGAWA = '231100';
const MINATO = '231118';
const DAY = 24 * 60 * 60 * 1000;
const adminUrl = process.env.TSUNAGU_TEST_ADMIN_DATABASE_URL as string;
const database = `tsunagu_councils_${process.pid}`;

const ISSUE_FIELDS = `id councilId title stage version allowedNextStages needCategories municipalityCodes mergedIntoId
  body { id kind name }
  evidence { itemCount personCount declinedReferralCount suppressed
    byMonth { month itemCount personCount suppressed } byArea { municipalityCode itemCount personCount suppressed } }
  history { fromStage toStage note movedAt body { kind } meeting { id heldOn title } movedByAgency { code } }
  resource { id name developedFromIssueId improvedByIssueIds }`;
const RAISE = `mutation ($input: RaiseRegionalIssueInput!) { raiseRegionalIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const LINK = `mutation ($input: LinkRegionalIssueEvidenceInput!) { linkRegionalIssueEvidence(input: $input) { ${ISSUE_FIELDS} } }`;
const MOVE = `mutation ($input: MoveRegionalIssueInput!) { moveRegionalIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const MERGE = `mutation ($input: MergeRegionalIssuesInput!) { mergeRegionalIssues(input: $input) { ${ISSUE_FIELDS} } }`;
const ISSUE = `query ($id: ID!) { regionalIssue(id: $id) { ${ISSUE_FIELDS} } }`;
const ISSUES = `query ($filter: RegionalIssueFilter, $first: Int, $after: String) {
  regionalIssues(filter: $filter, first: $first, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const SIMILAR = 'query ($id: ID!) { similarRegionalIssues(id: $id) { id } }';
const COUNCIL_FIELDS = `id name kind municipalityCodes version members { agency { id code } role }
  bodies { id kind name theme establishedOn dissolvedOn successorBodyIds }`;
const COUNCILS = `query ($code: String) { councilList(municipalityCode: $code) { ${COUNCIL_FIELDS} } }`;
const COUNCIL = `query ($id: ID!) { council(id: $id) { ${COUNCIL_FIELDS} } }`;
const MEETING = `mutation ($input: ScheduleCouncilMeetingInput!) {
  scheduleCouncilMeeting(input: $input) { id bodyId heldOn title place body { kind } } }`;
const GAPS = `query ($input: CommunityGapsInput!) { communityGaps(input: $input) {
  needCategory municipalityCode itemCount personCount declinedReferralCount suppressed
  issues { id title stage } resources { id name } } }`;
const AGENDA = `query ($id: ID!, $format: AgendaFormat!) {
  councilMeetingAgenda(meetingId: $id, format: $format) { filename contentType content } }`;

interface Issue {
  id: string;
  councilId: string;
  title: string;
  stage: string;
  version: number;
  allowedNextStages: string[];
  needCategories: string[];
  municipalityCodes: string[];
  mergedIntoId: string | null;
  body: { id: string; kind: string; name: string } | null;
  evidence: {
    itemCount: number | null;
    personCount: number | null;
    declinedReferralCount: number | null;
    suppressed: boolean;
    byMonth: { month: string; itemCount: number | null; personCount: number | null; suppressed: boolean }[];
    byArea: {
      municipalityCode: string | null;
      itemCount: number | null;
      personCount: number | null;
      suppressed: boolean;
    }[];
  };
  history: {
    fromStage: string | null;
    toStage: string;
    note: string | null;
    movedAt: string;
    body: { kind: string } | null;
    meeting: { id: string; heldOn: string; title: string } | null;
    movedByAgency: { code: string };
  }[];
  resource: { id: string; name: string; developedFromIssueId: string | null; improvedByIssueIds: string[] } | null;
}

interface Council {
  id: string;
  name: string;
  kind: string;
  municipalityCodes: string[];
  version: number;
  members: { agency: { id: string; code: string }; role: string }[];
  bodies: { id: string; kind: string; name: string; dissolvedOn: string | null; successorBodyIds: string[] }[];
}

function errorOf(response: GraphQLResponse<unknown>) {
  const [error] = response.body.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.body.data)}`);
  return error.extensions;
}

describe('councils and regional issues (協議会・地域課題)', () => {
  const clock = new FixedClock(new Date('2026-04-06T00:30:00.000Z'));
  let t: TestApp;
  let db: DataSource;
  const demo: Record<string, TestAgency> = {};
  let council: Council;
  let housingCouncil: Council;

  async function demoAgency(code: string): Promise<TestAgency> {
    const [{ id }] = await db.query<{ id: string }[]>('SELECT id FROM agency WHERE code = $1', [code]);
    const key = await issueKey(t, { agencyId: id, scopes: [...AGENCY_SCOPES], label: `councils ${code}` });
    return { id, code, key: key.secret };
  }

  function gql<T>(agency: TestAgency | null, query: string, variables: Record<string, unknown> = {}) {
    return t.gql<T>(query, { variables, key: agency ? agency.key : t.adminKey });
  }

  /** A RECORDED conference about a new person of `lead` in 中川区, with "cannot do now" items; their ids. */
  async function unmetItems(
    lead: TestAgency,
    items: { needCategory: string; municipalityCode?: string }[],
    agencyIds: string[] = [],
  ): Promise<string[]> {
    const personId = await registerPerson(t, lead, { municipalityCode: NAKAGAWA });
    const conferenceId = await insertRecordedConference(db, {
      personId,
      leadAgencyId: lead.id,
      agencyIds,
      at: clock.now(),
    });
    const ids: string[] = [];
    for (const [position, item] of items.entries()) {
      const [{ id }] = await db.query<{ id: string }[]>(
        `INSERT INTO case_conference_unmet_item
           (conference_id, need_category, municipality_code, description, reason, position, created_at)
         VALUES ($1, $2, $3, '身近な場所で続けて受けられる支援が区内にない', 'NO_RESOURCE', $4, $5) RETURNING id`,
        [conferenceId, item.needCategory, item.municipalityCode ?? NAKAGAWA, position, clock.now()],
      );
      ids.push(id);
    }
    return ids;
  }

  /** A referral of `from` to `to` about a new 中川区 person, declined by `to` with `reason` (or accepted). */
  async function referral(from: TestAgency, to: TestAgency, needs: string[], reason: string | null): Promise<string> {
    const personId = await registerPerson(t, from, { municipalityCode: NAKAGAWA });
    await recordConsent(t, from, { personId, recipientAgencyId: to.id, dataCategories: ['IDENTITY', 'CONTACT'] });
    const created = dataOf(
      await gql<{ createReferral: { id: string } }>(from, CREATE_REFERRAL, {
        input: { ...referralInput(personId, to.id, { needCategories: needs }), send: true },
      }),
      'createReferral',
    ).createReferral;
    const decided = reason
      ? await gql(to, 'mutation ($id: ID!, $r: DeclineReason!) { declineReferral(id: $id, reason: $r) { status } }', {
          id: created.id,
          r: reason,
        })
      : await gql(to, 'mutation ($id: ID!) { acceptReferral(id: $id) { status } }', { id: created.id });
    dataOf(decided, reason ? 'declineReferral' : 'acceptReferral');
    return created.id;
  }

  async function raise(agency: TestAgency, input: Record<string, unknown>): Promise<Issue> {
    const response = await gql<{ raiseRegionalIssue: Issue }>(agency, RAISE, {
      input: {
        councilId: council.id,
        title: `地域課題 ${uniqueSuffix()}`,
        needCategories: ['DEBT'],
        municipalityCodes: [NAKAGAWA],
        function: 'DEVELOPMENT',
        ...input,
      },
    });
    return dataOf(response, 'raiseRegionalIssue').raiseRegionalIssue;
  }

  function move(issue: Pick<Issue, 'id' | 'version'>, toStage: string, extra: Record<string, unknown> = {}) {
    clock.advance(DAY);
    return gql<{ moveRegionalIssue: Issue }>(demo.secretariat, MOVE, {
      input: { issueId: issue.id, expectedVersion: issue.version, toStage, ...extra },
    });
  }

  async function moved(issue: Pick<Issue, 'id' | 'version'>, toStage: string, extra: Record<string, unknown> = {}) {
    return dataOf(await move(issue, toStage, extra), 'moveRegionalIssue').moveRegionalIssue;
  }

  const body = (kind: string, name?: string) =>
    council.bodies.find((one) => one.kind === kind && (name === undefined || one.name === name))!;

  async function meeting(bodyId: string, heldOn = '2026-05-08', agency = demo.secretariat): Promise<string> {
    const response = await gql<{ scheduleCouncilMeeting: { id: string } }>(agency, MEETING, {
      input: { bodyId, heldOn, title: `会議 ${heldOn}`, place: '中川区役所' },
    });
    return dataOf(response, 'scheduleCouncilMeeting').scheduleCouncilMeeting.id;
  }

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, database);
    t = await startTestApp(
      { DATABASE_URL: url, REDIS_PREFIX: `tsunagu-councils-${uniqueSuffix().toLowerCase()}`, STATS_MIN_CELL: '3' },
      { clock },
    );
    db = t.app.get(DataSource);
    await t.app.get(DirectorySeeder).seedDemoNetwork();
    expect(await t.app.get(CouncilsDemoSeeder).seed()).toEqual({ created: 2, existing: 0 });
    demo.secretariat = await demoAgency('DEMO-NKM-DISABILITY-HUB');
    demo.lead = await demoAgency('DEMO-NKG-POVERTY');
    demo.debt = await demoAgency('DEMO-AIC-DEBT-LEGAL');
    demo.shakyo = await demoAgency('DEMO-NKG-SHAKYO');
    demo.housing = await demoAgency('DEMO-NGY-HOUSING');
    demo.outsider = await demoAgency('DEMO-MNT-POVERTY');
    const councils = dataOf(await gql<{ councilList: Council[] }>(null, COUNCILS), 'councilList').councilList;
    council = councils.find((one) => one.name === '中川区地域自立支援協議会')!;
    housingCouncil = councils.find((one) => one.name === '名古屋市居住支援協議会')!;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await dropDatabase(adminUrl, database);
  });

  it('seeds the demo councils once: running the seeder again adds nothing', async () => {
    const counts = () =>
      db.query<{ councils: number; members: number; bodies: number }[]>(
        `SELECT (SELECT count(*)::int FROM council) AS councils, (SELECT count(*)::int FROM council_member) AS members,
                (SELECT count(*)::int FROM council_body) AS bodies`,
      );
    const before = await counts();
    expect(await t.app.get(CouncilsDemoSeeder).seed()).toEqual({ created: 0, existing: 2 });
    expect(await counts()).toEqual(before);
    expect(council).toMatchObject({ kind: 'SELF_RELIANCE_SUPPORT', municipalityCodes: [NAKAGAWA] });
    expect(council.members[0]).toEqual({
      agency: { id: demo.secretariat.id, code: demo.secretariat.code },
      role: 'SECRETARIAT',
    });
    expect(council.members.map((member) => member.agency.code)).toEqual(
      expect.arrayContaining([
        'DEMO-NKG-POVERTY',
        'DEMO-AIC-DEBT-LEGAL',
        'DEMO-NGY-HOUSING',
        'DEMO-NKG-SHAKYO',
        'DEMO-NKG-IKIIKI-EAST',
      ]),
    );
    expect(council.bodies.map((one) => `${one.kind}:${one.name}`)).toEqual([
      'STEERING:運営会議',
      'REGULAR:定例会',
      'SUBCOMMITTEE:相談支援部会',
      'SUBCOMMITTEE:地域移行部会',
      'SUBCOMMITTEE:くらし部会',
      'PLENARY:全体会',
    ]);
    expect(housingCouncil).toMatchObject({ kind: 'HOUSING_SUPPORT', municipalityCodes: ['231002'] });
  });

  it('shows a council to its members and the hub admin; everyone else gets NOT_FOUND', async () => {
    const names = async (agency: TestAgency | null, code?: string) =>
      dataOf(await gql<{ councilList: Council[] }>(agency, COUNCILS, { code }), 'councilList').councilList.map(
        (one) => one.name,
      );
    expect(await names(demo.lead, NAKAGAWA)).toEqual(['中川区地域自立支援協議会']);
    // 社協 is in both; the city's council covers the ward.
    expect(await names(demo.shakyo, NAKAGAWA)).toEqual(['中川区地域自立支援協議会', '名古屋市居住支援協議会']);
    expect(await names(demo.shakyo, MINATO)).toEqual(['名古屋市居住支援協議会']);
    expect(await names(demo.outsider)).toEqual([]);
    expect(await names(null, NAKAGAWA)).toHaveLength(2);

    expect(errorOf(await gql(demo.outsider, COUNCIL, { id: council.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await gql(demo.outsider, COUNCIL, { id: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(dataOf(await gql<{ council: Council }>(demo.lead, COUNCIL, { id: council.id }), 'council').council.id).toBe(
      council.id,
    );
    const meetingId = await meeting(body('STEERING').id, '2026-04-10');
    const meetings = await gql<{ councilMeetings: { totalCount: number } }>(
      demo.outsider,
      'query ($id: ID!) { councilMeetings(councilId: $id) { totalCount } }',
      { id: council.id },
    );
    expect(errorOf(meetings)).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await gql(demo.outsider, AGENDA, { id: meetingId, format: 'CSV' }))).toMatchObject({
      code: 'NOT_FOUND',
    });

    const [item] = await unmetItems(demo.lead, [{ needCategory: 'EDUCATION' }]);
    const issue = await raise(demo.lead, { needCategories: ['EDUCATION'], unmetItemIds: [item] });
    for (const query of [ISSUE, SIMILAR]) {
      expect(errorOf(await gql(demo.outsider, query, { id: issue.id }))).toMatchObject({ code: 'NOT_FOUND' });
    }
    const listed = await gql<{ regionalIssues: { totalCount: number } }>(demo.outsider, ISSUES, {
      filter: { councilId: council.id },
    });
    expect(dataOf(listed, 'regionalIssues').regionalIssues.totalCount).toBe(0);
    // Nor may an outsider raise to it.
    expect(
      errorOf(
        await gql(demo.outsider, RAISE, {
          input: {
            councilId: council.id,
            title: 'x',
            needCategories: ['DEBT'],
            municipalityCodes: [NAKAGAWA],
            function: 'EVALUATION',
          },
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND', field: 'input.councilId' });
  });

  it('raises an issue only with evidence the member may know of: its own conferences and declines', async () => {
    // The debt agency's own conference, which the lead did not take part in.
    const [foreign] = await unmetItems(demo.debt, [{ needCategory: 'EMPLOYMENT' }]);
    const [own] = await unmetItems(demo.lead, [{ needCategory: 'EMPLOYMENT' }]);
    const [joined] = await unmetItems(demo.debt, [{ needCategory: 'EMPLOYMENT' }], [demo.lead.id]);
    for (const id of [foreign, randomUUID()]) {
      const response = await gql(demo.lead, RAISE, {
        input: {
          councilId: council.id,
          title: '就労の場が足りない',
          needCategories: ['EMPLOYMENT'],
          municipalityCodes: [NAKAGAWA],
          function: 'DEVELOPMENT',
          unmetItemIds: [own, id],
        },
      });
      expect(errorOf(response)).toMatchObject({ code: 'NOT_FOUND', field: 'input.unmetItemIds.1' });
    }
    expect(await db.query('SELECT 1 FROM regional_issue WHERE title = $1', ['就労の場が足りない'])).toEqual([]);

    const declined = await referral(demo.lead, demo.debt, ['EMPLOYMENT'], 'NO_CAPACITY');
    const accepted = await referral(demo.lead, demo.debt, ['EMPLOYMENT'], null);
    const notTheirs = await referral(demo.debt, demo.shakyo, ['EMPLOYMENT'], 'SERVICE_NOT_AVAILABLE');
    const base = { needCategories: ['EMPLOYMENT'], unmetItemIds: [own] };
    const input = (extra: Record<string, unknown>) => ({
      input: {
        councilId: council.id,
        title: '就労',
        municipalityCodes: [NAKAGAWA],
        function: 'DEVELOPMENT',
        ...base,
        ...extra,
      },
    });
    expect(errorOf(await gql(demo.lead, RAISE, input({ declinedReferralIds: [accepted] })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_AN_UNMET_NEED_DECLINE',
      field: 'input.declinedReferralIds.0',
    });
    expect(errorOf(await gql(demo.lead, RAISE, input({ declinedReferralIds: [notTheirs] })))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.declinedReferralIds.0',
    });
    expect(errorOf(await gql(demo.lead, RAISE, input({ needCategories: ['NOT_A_NEED'] })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_NEED_CATEGORY',
      field: 'input.needCategories.0',
    });
    expect(errorOf(await gql(demo.lead, RAISE, input({ municipalityCodes: [MINATO] })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'OUTSIDE_COUNCIL_AREA',
    });
    expect(errorOf(await gql(demo.lead, RAISE, input({ municipalityCodes: ['999999'] })))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'UNKNOWN_MUNICIPALITY',
    });
    // The hub admin sees the council but raises nothing in an agency's name.
    expect(errorOf(await gql(null, RAISE, input({})))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'AGENCY_KEY_REQUIRED',
    });

    const issue = await raise(demo.lead, {
      needCategories: ['EMPLOYMENT'],
      unmetItemIds: [own, joined],
      declinedReferralIds: [declined],
    });
    expect(issue).toMatchObject({
      stage: 'RAISED',
      version: 1,
      body: null,
      allowedNextStages: ['STEERING', 'REGULAR', 'CLOSED'],
    });
    expect(issue.history).toEqual([
      expect.objectContaining({ fromStage: null, toStage: 'RAISED', movedByAgency: { code: 'DEMO-NKG-POVERTY' } }),
    ]);
    // Three people: shown.
    expect(issue.evidence).toMatchObject({ itemCount: 2, personCount: 3, declinedReferralCount: 1, suppressed: false });
    const rows = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM regional_issue_evidence WHERE issue_id = $1',
      [issue.id],
    );
    expect(rows[0].n).toBe(3);

    // Linking the same evidence again keeps one link; another member links its own.
    const [debtItem] = await unmetItems(demo.debt, [{ needCategory: 'EMPLOYMENT' }]);
    const linked = dataOf(
      await gql<{ linkRegionalIssueEvidence: Issue }>(demo.debt, LINK, {
        input: { issueId: issue.id, unmetItemIds: [debtItem, joined] },
      }),
      'linkRegionalIssueEvidence',
    ).linkRegionalIssueEvidence;
    expect(linked.evidence).toMatchObject({ itemCount: 3, personCount: 4, declinedReferralCount: 1 });
    expect(linked.version).toBe(1);
  });

  it('moves an issue through the bodies at their meetings; wrong moves, stale versions and outsiders are refused', async () => {
    const [item] = await unmetItems(demo.lead, [{ needCategory: 'HOUSING' }]);
    const issue = await raise(demo.lead, {
      needCategories: ['HOUSING'],
      unmetItemIds: [item],
      function: 'COORDINATION',
    });
    const steering = await meeting(body('STEERING').id, '2026-05-08');
    const regular = await meeting(body('REGULAR').id, '2026-05-20');

    // A member that is not the secretariat does not move issues.
    const byMember = await gql(demo.lead, MOVE, {
      input: { issueId: issue.id, expectedVersion: 1, toStage: 'STEERING', meetingId: steering },
    });
    expect(errorOf(byMember)).toMatchObject({ code: 'FORBIDDEN', reason: 'SECRETARIAT_ONLY' });
    expect(
      errorOf(
        await gql(demo.outsider, MOVE, {
          input: { issueId: issue.id, expectedVersion: 1, toStage: 'STEERING', meetingId: steering },
        }),
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await move(issue, 'PLENARY', { meetingId: steering }))).toMatchObject({
      code: 'INVALID_TRANSITION',
      current: 'RAISED',
      attempted: 'PLENARY',
      allowed: ['STEERING', 'REGULAR', 'CLOSED'],
    });
    expect(errorOf(await move(issue, 'STEERING'))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MEETING_REQUIRED',
      field: 'input.meetingId',
    });
    expect(errorOf(await move(issue, 'STEERING', { meetingId: regular }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'MEETING_BODY_MISMATCH',
      expectedBodyKind: 'STEERING',
      actualBodyKind: 'REGULAR',
    });
    const otherCouncils = housingCouncil.bodies.find((one) => one.kind === 'STEERING')!;
    const foreignMeeting = await meeting(otherCouncils.id, '2026-05-09', demo.housing);
    expect(errorOf(await move(issue, 'STEERING', { meetingId: foreignMeeting }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.meetingId',
    });

    const atSteering = await moved(issue, 'STEERING', { meetingId: steering, note: '専門部会で検討' });
    expect(atSteering).toMatchObject({
      stage: 'STEERING',
      version: 2,
      body: { kind: 'STEERING', name: '運営会議' },
      allowedNextStages: ['REGULAR', 'SUBCOMMITTEE', 'PLENARY', 'CLOSED'],
    });
    expect(errorOf(await move(issue, 'REGULAR', { meetingId: regular }))).toMatchObject({
      code: 'CONFLICT',
      expectedVersion: 1,
      currentVersion: 2,
    });

    // 運営会議 sends it straight to a 専門部会, which reports to the 定例会, which takes it to the 全体会.
    const kurashi = await meeting(body('SUBCOMMITTEE', 'くらし部会').id, '2026-06-10');
    const atSub = await moved(atSteering, 'SUBCOMMITTEE', { meetingId: kurashi });
    expect(atSub.body).toMatchObject({ name: 'くらし部会' });
    expect(errorOf(await move(atSub, 'SUBCOMMITTEE', { meetingId: kurashi }))).toMatchObject({ reason: 'SAME_BODY' });
    const back = await moved(atSub, 'REGULAR', {
      meetingId: await meeting(body('REGULAR').id, '2026-06-20'),
      note: '部会から報告',
    });
    const plenary = await meeting(body('PLENARY').id, '2026-09-15');
    const atPlenary = await moved(back, 'PLENARY', { meetingId: plenary });
    expect(errorOf(await move(atPlenary, 'CLOSED'))).toMatchObject({ reason: 'CLOSED_REASON_REQUIRED' });
    expect(errorOf(await move(atPlenary, 'POLICY_PROPOSED', { meetingId: plenary, closedReason: 'x' }))).toMatchObject({
      reason: 'NOT_CLOSING',
    });
    const closed = await moved(atPlenary, 'CLOSED', { closedReason: '既存の制度で対応できると確認した' });
    expect(closed).toMatchObject({ stage: 'CLOSED', allowedNextStages: [], body: { name: '全体会' } });
    expect(errorOf(await move(closed, 'PLENARY', { meetingId: plenary }))).toMatchObject({
      code: 'INVALID_TRANSITION',
      current: 'CLOSED',
      allowed: [],
    });

    expect(closed.history.map((one) => `${one.fromStage ?? '-'}→${one.toStage}`)).toEqual([
      '-→RAISED',
      'RAISED→STEERING',
      'STEERING→SUBCOMMITTEE',
      'SUBCOMMITTEE→REGULAR',
      'REGULAR→PLENARY',
      'PLENARY→CLOSED',
    ]);
    expect(closed.history[1]).toMatchObject({
      note: '専門部会で検討',
      body: { kind: 'STEERING' },
      meeting: { id: steering, heldOn: '2026-05-08' },
      movedByAgency: { code: 'DEMO-NKM-DISABILITY-HUB' },
    });
    expect(closed.history[5].meeting).toBeNull();
    const times = closed.history.map((one) => Date.parse(one.movedAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // The history is append-only in PostgreSQL itself.
    await expect(
      db.query(`UPDATE regional_issue_move SET note = 'rewritten' WHERE issue_id = $1`, [issue.id]),
    ).rejects.toThrow();
    await expect(db.query('DELETE FROM regional_issue_move WHERE issue_id = $1', [issue.id])).rejects.toThrow();
    await expect(db.query('DELETE FROM regional_issue_evidence WHERE issue_id = $1', [issue.id])).rejects.toThrow();
    const [{ n }] = await db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM regional_issue_move WHERE issue_id = $1 AND note = 'rewritten'`,
      [issue.id],
    );
    expect(n).toBe(0);

    // The hub admin sees every council, but moves are recorded in the secretariat's name.
    const asAdmin = await gql(null, MOVE, {
      input: { issueId: issue.id, expectedVersion: closed.version, toStage: 'CLOSED', closedReason: 'x' },
    });
    expect(errorOf(asAdmin)).toMatchObject({ code: 'FORBIDDEN', reason: 'AGENCY_KEY_REQUIRED' });
  });

  it('suggests similar issues, merges them keeping all evidence, and suppresses small cells', async () => {
    const first = await unmetItems(demo.lead, [{ needCategory: 'DEBT' }, { needCategory: 'DEBT' }]);
    const [second] = await unmetItems(demo.lead, [{ needCategory: 'DEBT' }]);
    clock.advance(40 * DAY); // another month
    const [third] = await unmetItems(demo.lead, [{ needCategory: 'DEBT' }]);
    const into = await raise(demo.lead, {
      title: '金銭管理を続けて支える仕組みがない',
      unmetItemIds: [...first, second],
    });
    clock.advance(60_000);
    const from = await raise(demo.lead, {
      title: '家計の見守りがない',
      needCategories: ['DEBT', 'DAILY_LIVING'],
      unmetItemIds: [third, second],
    });
    const unrelated = await raise(demo.lead, { needCategories: ['MENTAL_HEALTH'], unmetItemIds: [] });

    // Two people behind `into`: fewer than STATS_MIN_CELL (3), so every count is withheld.
    expect(into.evidence).toEqual({
      itemCount: null,
      personCount: null,
      declinedReferralCount: null,
      suppressed: true,
      byMonth: [{ month: '2026-04', itemCount: null, personCount: null, suppressed: true }],
      byArea: [{ municipalityCode: NAKAGAWA, itemCount: null, personCount: null, suppressed: true }],
    });
    expect(unrelated.evidence).toMatchObject({ itemCount: 0, personCount: 0, suppressed: false });

    const similar = dataOf(
      await gql<{ similarRegionalIssues: { id: string }[] }>(demo.lead, SIMILAR, { id: into.id }),
      'similarRegionalIssues',
    );
    expect(similar.similarRegionalIssues.map((one) => one.id)).toContain(from.id);
    expect(similar.similarRegionalIssues.map((one) => one.id)).not.toContain(unrelated.id);

    const mergeInput = { intoId: into.id, fromId: from.id, expectedVersion: into.version, note: '同じ課題' };
    expect(errorOf(await gql(demo.lead, MERGE, { input: mergeInput }))).toMatchObject({ reason: 'SECRETARIAT_ONLY' });
    expect(errorOf(await gql(demo.secretariat, MERGE, { input: { ...mergeInput, expectedVersion: 7 } }))).toMatchObject(
      {
        code: 'CONFLICT',
        currentVersion: 1,
      },
    );
    clock.advance(DAY);
    const merged = dataOf(
      await gql<{ mergeRegionalIssues: Issue }>(demo.secretariat, MERGE, { input: mergeInput }),
      'mergeRegionalIssues',
    ).mergeRegionalIssues;
    // Three people across both issues: now shown; the item in both is counted once.
    expect(merged.evidence).toMatchObject({
      itemCount: 4,
      personCount: 3,
      declinedReferralCount: 0,
      suppressed: false,
    });
    // By month: two people in the first, one in the second; both withheld.
    expect(merged.evidence.byMonth).toHaveLength(2);
    expect(merged.evidence.byMonth[0].month < merged.evidence.byMonth[1].month).toBe(true);
    for (const cell of merged.evidence.byMonth) {
      expect(cell).toMatchObject({ itemCount: null, personCount: null, suppressed: true });
    }
    expect(merged.evidence.byArea).toEqual([
      { municipalityCode: NAKAGAWA, itemCount: 4, personCount: 3, suppressed: false },
    ]);
    expect(merged).toMatchObject({ version: 2, needCategories: ['DEBT', 'DAILY_LIVING'] });
    expect(merged.history.at(-1)).toMatchObject({
      fromStage: 'RAISED',
      toStage: 'RAISED',
      note: '「家計の見守りがない」を統合: 同じ課題',
    });
    const fromNow = dataOf(
      await gql<{ regionalIssue: Issue }>(demo.lead, ISSUE, { id: from.id }),
      'regionalIssue',
    ).regionalIssue;
    expect(fromNow).toMatchObject({ stage: 'MERGED', mergedIntoId: into.id, allowedNextStages: [] });
    const copied = await db.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM regional_issue_evidence WHERE issue_id = $1 AND via_issue_id = $2',
      [into.id, from.id],
    );
    expect(copied[0].n).toBe(1); // `third`; `second` was linked already
    expect(errorOf(await gql(demo.secretariat, MERGE, { input: { ...mergeInput, expectedVersion: 2 } }))).toMatchObject(
      {
        code: 'INVALID_TRANSITION',
        current: 'MERGED',
      },
    );
    const stillSimilar = await gql<{ similarRegionalIssues: { id: string }[] }>(demo.lead, SIMILAR, { id: into.id });
    expect(dataOf(stillSimilar, 'similarRegionalIssues').similarRegionalIssues.map((one) => one.id)).not.toContain(
      from.id,
    );

    // The list pages by cursor and filters by stage, need and area.
    const page = async (after: string | null) =>
      dataOf(
        await gql<{
          regionalIssues: {
            totalCount: number;
            edges: { node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }>(demo.lead, ISSUES, {
          filter: {
            councilId: council.id,
            needCategory: 'DEBT',
            municipalityCode: NAKAGAWA,
            stages: ['RAISED', 'MERGED'],
          },
          first: 1,
          after,
        }),
        'regionalIssues',
      ).regionalIssues;
    const one = await page(null);
    const two = await page(one.pageInfo.endCursor);
    const three = await page(two.pageInfo.endCursor);
    expect(one.totalCount).toBe(2);
    expect(one.pageInfo.hasNextPage).toBe(true);
    expect(two.pageInfo.hasNextPage).toBe(false);
    expect(three.edges).toEqual([]);
    // Latest raised first.
    expect([one.edges[0].node.id, two.edges[0].node.id]).toEqual([from.id, into.id]);

    // To the 全体会 and a new community resource; the coordinator's question; the agenda of that 全体会.
    const atSteering = await moved(merged, 'STEERING', { meetingId: await meeting(body('STEERING').id, '2026-06-01') });
    const plenaryMeeting = await meeting(body('PLENARY').id, '2026-09-15');
    const atPlenary = await moved(atSteering, 'PLENARY', { meetingId: plenaryMeeting });
    expect(errorOf(await move(atPlenary, 'RESOURCE_DEVELOPED', { meetingId: plenaryMeeting }))).toMatchObject({
      reason: 'RESOURCE_REQUIRED',
    });
    const resource = {
      name: `なかがわ家計サポーター ${uniqueSuffix()}`,
      kind: 'MONEY_MANAGEMENT',
      description: '地域の家計サポーターが月に一度家計表を一緒に確認する',
      needCategories: ['DEBT', 'DAILY_LIVING'],
      municipalityCodes: [NAKAGAWA],
      ratings: { personCentred: 3, residentCollaboration: 3 },
    };
    const regularMeeting = await meeting(body('REGULAR').id, '2026-09-16');
    expect(errorOf(await move(atPlenary, 'RESOURCE_DEVELOPED', { meetingId: regularMeeting, resource }))).toMatchObject(
      {
        reason: 'MEETING_BODY_MISMATCH',
        expectedBodyKind: 'PLENARY',
      },
    );
    const developed = await moved(atPlenary, 'RESOURCE_DEVELOPED', {
      meetingId: plenaryMeeting,
      resource,
      note: '開始',
    });
    expect(developed).toMatchObject({
      stage: 'RESOURCE_DEVELOPED',
      allowedNextStages: [],
      resource: { name: resource.name, developedFromIssueId: into.id },
    });
    const [row] = await db.query<{ developed_from_issue_id: string; created_by_agency_id: string }[]>(
      'SELECT developed_from_issue_id, created_by_agency_id FROM community_resource WHERE id = $1',
      [developed.resource!.id],
    );
    expect(row).toEqual({ developed_from_issue_id: into.id, created_by_agency_id: demo.secretariat.id });

    // Another issue improves that resource.
    const [more] = await unmetItems(demo.lead, [{ needCategory: 'DAILY_LIVING' }]);
    const improve = await raise(demo.lead, { needCategories: ['DAILY_LIVING'], unmetItemIds: [more] });
    const improving = await moved(
      await moved(improve, 'STEERING', { meetingId: await meeting(body('STEERING').id, '2026-09-01') }),
      'PLENARY',
      { meetingId: plenaryMeeting },
    );
    expect(errorOf(await move(improving, 'RESOURCE_IMPROVED', { meetingId: plenaryMeeting }))).toMatchObject({
      reason: 'RESOURCE_ID_REQUIRED',
    });
    const improved = await moved(improving, 'RESOURCE_IMPROVED', {
      meetingId: plenaryMeeting,
      resourceId: developed.resource!.id,
    });
    expect(improved.resource).toMatchObject({ id: developed.resource!.id, improvedByIssueIds: [improve.id] });

    const gaps = async (agency: TestAgency | null, input: Record<string, unknown>) =>
      gql<{
        communityGaps: {
          needCategory: string;
          municipalityCode: string;
          itemCount: number | null;
          personCount: number | null;
          suppressed: boolean;
          issues: { id: string; stage: string }[];
          resources: { id: string; name: string }[];
        }[];
      }>(agency, GAPS, { input });
    const debtGap = (response: Awaited<ReturnType<typeof gaps>>) =>
      dataOf(response, 'communityGaps').communityGaps.find(
        (gap) => gap.needCategory === 'DEBT' && gap.municipalityCode === NAKAGAWA,
      );
    const forCouncil = debtGap(await gaps(demo.lead, { councilId: council.id }));
    expect(forCouncil).toMatchObject({
      suppressed: false,
      issues: [{ id: into.id, stage: 'RESOURCE_DEVELOPED' }],
      resources: [{ id: developed.resource!.id, name: resource.name }],
    });
    expect(forCouncil).toMatchObject({ itemCount: 4, personCount: 3, declinedReferralCount: 0 });
    const living = dataOf(await gaps(demo.lead, { councilId: council.id }), 'communityGaps').communityGaps.find(
      (gap) => gap.needCategory === 'DAILY_LIVING',
    );
    // One person: withheld, but what became of it is still told.
    expect(living).toMatchObject({
      itemCount: null,
      personCount: null,
      suppressed: true,
      issues: [{ id: improve.id, stage: 'RESOURCE_IMPROVED' }],
    });
    // Another ward's figures are open to members as unmetNeeds are, but not the council's issues.
    const outsiders = debtGap(await gaps(demo.outsider, { municipalityCode: NAKAGAWA }));
    expect(outsiders).toMatchObject({ itemCount: forCouncil!.itemCount, issues: [], resources: [] });
    expect(errorOf(await gaps(demo.outsider, { councilId: council.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(errorOf(await gaps(demo.lead, { councilId: council.id, municipalityCode: MINATO }))).toMatchObject({
      reason: 'OUTSIDE_COUNCIL_AREA',
    });
    const window = debtGap(await gaps(demo.lead, { councilId: council.id, from: '2030-01-01T00:00:00Z' }));
    expect(window).toBeUndefined();

    // The 全体会's agenda: the two decisions taken there, with counts and history; none of persons.
    const agenda = async (format: string) =>
      dataOf(
        await gql<{ councilMeetingAgenda: { filename: string; contentType: string; content: string } }>(
          demo.debt,
          AGENDA,
          {
            id: plenaryMeeting,
            format,
          },
        ),
        'councilMeetingAgenda',
      ).councilMeetingAgenda;
    const markdown = await agenda('MARKDOWN');
    expect(markdown.filename).toMatch(/^council-agenda-2026-09-15-[0-9a-f]{8}\.md$/);
    expect(markdown.contentType).toBe('text/markdown; charset=utf-8');
    expect(markdown.content).toContain('# 中川区地域自立支援協議会 全体会（全体会）');
    expect(markdown.content).toContain('## 1. 金銭管理を続けて支える仕組みがない');
    expect(markdown.content).toContain('- 段階: 社会資源の開発（RESOURCE_DEVELOPED） — この会議で決定');
    expect(markdown.content).toContain('| 4 | 3 | 0 | いいえ |');
    expect(markdown.content).toContain('運営会議 → 全体会（会議 2026-09-15）');
    expect(markdown.content).toContain('| — | — | — | はい |');
    const csv = await agenda('CSV');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    const lines = csv.content
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'issue_id,title,stage,stage_ja,decided_here,function,need_categories,municipality_codes,item_count,person_count,declined_referral_count,suppressed,history',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual([into.id, improve.id]);
    expect(csv.content).not.toMatch(/山田|花子/);
  });

  it('lets the hub admin create a council and the secretariat shape its members and bodies', async () => {
    const create = (agency: TestAgency | null) =>
      gql<{ createCouncil: Council }>(
        agency,
        `mutation ($input: CreateCouncilInput!) { createCouncil(input: $input) { ${COUNCIL_FIELDS} } }`,
        {
          input: {
            name: `港区地域ケア会議 ${uniqueSuffix()}`,
            kind: 'COMMUNITY_CARE',
            municipalityCodes: [MINATO],
            secretariatAgencyId: demo.outsider.id,
            memberAgencyIds: [demo.shakyo.id],
          },
        },
      );
    expect(errorOf(await create(demo.outsider))).toMatchObject({ code: 'FORBIDDEN' });
    const created = dataOf(await create(null), 'createCouncil').createCouncil;
    expect(created.members.map((one) => `${one.agency.code}:${one.role}`)).toEqual([
      'DEMO-MNT-POVERTY:SECRETARIAT',
      'DEMO-NKG-SHAKYO:MEMBER',
    ]);
    const BODY =
      'mutation ($input: SetUpCouncilBodyInput!) { setUpCouncilBody(input: $input) { id kind name dissolvedOn successorBodyIds } }';
    const setUp = (agency: TestAgency, name: string) =>
      gql<{ setUpCouncilBody: { id: string } }>(agency, BODY, {
        input: { councilId: created.id, kind: 'SUBCOMMITTEE', name, theme: '地域', establishedOn: '2026-04-01' },
      });
    expect(errorOf(await setUp(demo.shakyo, '南部会'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'SECRETARIAT_ONLY',
    });
    expect(errorOf(await setUp(demo.lead, '南部会'))).toMatchObject({ code: 'NOT_FOUND' });
    const whole = dataOf(await setUp(demo.outsider, '港区全域部会'), 'setUpCouncilBody').setUpCouncilBody.id;
    const north = dataOf(await setUp(demo.outsider, '北部会'), 'setUpCouncilBody').setUpCouncilBody.id;
    const south = dataOf(await setUp(demo.outsider, '南部会'), 'setUpCouncilBody').setUpCouncilBody.id;
    const DISSOLVE =
      'mutation ($input: DissolveCouncilBodyInput!) { dissolveCouncilBody(input: $input) { id dissolvedOn successorBodyIds } }';
    const split = await gql<{ dissolveCouncilBody: { dissolvedOn: string; successorBodyIds: string[] } }>(
      demo.outsider,
      DISSOLVE,
      {
        input: { bodyId: whole, dissolvedOn: '2026-09-30', successorBodyIds: [north, south] },
      },
    );
    expect(dataOf(split, 'dissolveCouncilBody').dissolveCouncilBody).toEqual({
      id: whole,
      dissolvedOn: '2026-09-30',
      successorBodyIds: [north, south],
    });
    const late = await gql(demo.outsider, MEETING, { input: { bodyId: whole, heldOn: '2026-10-01', title: '部会' } });
    expect(errorOf(late)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BODY_DISSOLVED' });
    expect(
      errorOf(await gql(demo.outsider, MEETING, { input: { bodyId: north, heldOn: '2026-02-30', title: '部会' } })),
    ).toMatchObject({ reason: 'INVALID_DATE' });

    expect(
      errorOf(await gql(demo.outsider, MEETING, { input: { bodyId: north, heldOn: '2026-10-01', title: '  ' } })),
    ).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'BLANK', field: 'input.title' });
    const badCursor = Buffer.from(JSON.stringify(['not a date', randomUUID()])).toString('base64url');
    const meetings = await gql(
      demo.outsider,
      'query ($id: ID!, $after: String) { councilMeetings(councilId: $id, after: $after) { totalCount } }',
      {
        id: created.id,
        after: badCursor,
      },
    );
    expect(errorOf(meetings)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });

    const MEMBER = `mutation ($input: AddCouncilMemberInput!) { addCouncilMember(input: $input) { version members { agency { code } role } } }`;
    const REMOVE = `mutation ($input: RemoveCouncilMemberInput!) { removeCouncilMember(input: $input) { version members { agency { code } role } } }`;
    const current = dataOf(
      await gql<{ council: Council }>(demo.outsider, COUNCIL, { id: created.id }),
      'council',
    ).council;
    expect(
      errorOf(
        await gql(demo.outsider, MEMBER, {
          input: { councilId: created.id, agencyId: demo.lead.id, expectedVersion: 1 },
        }),
      ),
    ).toMatchObject({
      code: 'CONFLICT',
      currentVersion: current.version,
    });
    const added = await gql<{ addCouncilMember: { version: number } }>(demo.outsider, MEMBER, {
      input: { councilId: created.id, agencyId: demo.lead.id, expectedVersion: current.version },
    });
    expect(dataOf(added, 'addCouncilMember').addCouncilMember.version).toBe(current.version + 1);
    expect(dataOf(await gql<{ council: Council }>(demo.lead, COUNCIL, { id: created.id }), 'council').council.id).toBe(
      created.id,
    );
    expect(
      errorOf(await gql(demo.outsider, REMOVE, { input: { councilId: created.id, agencyId: demo.outsider.id } })),
    ).toMatchObject({
      reason: 'LAST_SECRETARIAT',
    });
    await gql(demo.outsider, REMOVE, { input: { councilId: created.id, agencyId: demo.lead.id } });
    expect(errorOf(await gql(demo.lead, COUNCIL, { id: created.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
