import { randomUUID } from 'node:crypto';
import { FixedClock } from '@tsunagu/platform';
import { DataSource } from 'typeorm';
import { createAgency, type TestAgency } from './support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from './support/referral-builders.js';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app.js';

/**
 * Case conferences (個別支援会議): the basis for sharing checked for every participating agency, what a
 * participant may read of the person and for how long, NOT_FOUND for everyone else, the audit trail, the status
 * moves, the four-step record and its checklist, and the events to the participating agencies.
 */

const DAY = 24 * 60 * 60 * 1000;
const CONFERENCE_FIELDS = `id personId status version legalBasis dataCategories accessUntil heldAt recordedAt
  leadAgency { id } agencies { agency { id } roleLabel lead } participants { id kind roleLabel name }`;
const SCHEDULE = `mutation ($input: ScheduleCaseConferenceInput!) { scheduleCaseConference(input: $input) { ${CONFERENCE_FIELDS} } }`;
const ADD_AGENCY = `mutation ($id: ID!, $input: ConferenceAgencyInput!, $v: Int) {
  addCaseConferenceAgency(id: $id, input: $input, expectedVersion: $v) { ${CONFERENCE_FIELDS} } }`;
const HOLD = `mutation ($id: ID!, $v: Int) { holdCaseConference(id: $id, expectedVersion: $v) { ${CONFERENCE_FIELDS} } }`;
const CANCEL = `mutation ($id: ID!, $reason: String!, $v: Int) {
  cancelCaseConference(id: $id, reason: $reason, expectedVersion: $v) { ${CONFERENCE_FIELDS} } }`;
const RECORD_FIELDS = `record { informationShared sharedReferralIds hearingSheetShared personWish agreedDirection
  goals { term text } supports { timing text } unmetConfirmed redacted
  assignments { id description dueOn assigneeAgency { id } assigneeParticipant { id name } }
  unmetItems { id needCategory municipalityCode description reason } }
  checklist { code assignmentId }`;
const RECORD = `mutation ($id: ID!, $record: CaseConferenceRecordInput!, $v: Int) {
  recordCaseConference(id: $id, record: $record, expectedVersion: $v) { ${CONFERENCE_FIELDS} ${RECORD_FIELDS} } }`;
const CONFERENCE = `query ($id: ID!) { caseConference(id: $id) { ${CONFERENCE_FIELDS} ${RECORD_FIELDS} cancelReason redacted } }`;
const CONFERENCES = `query ($personId: ID) { caseConferences(filter: { personId: $personId }, first: 10) {
  totalCount edges { node { id } } } }`;
const PERSON = 'query ($id: ID!) { person(id: $id) { id familyName incomeDebt healthDisability redacted } }';

interface Conference {
  id: string;
  personId: string;
  status: string;
  version: number;
  legalBasis: string;
  accessUntil: string | null;
  agencies: { agency: { id: string }; roleLabel: string; lead: boolean }[];
  participants: { id: string; kind: string; roleLabel: string; name: string }[];
  record: {
    personWish: string | null;
    goals: { term: string; text: string | null }[];
    assignments: { id: string; description: string | null; assigneeAgency: { id: string } | null }[];
    unmetItems: { id: string; needCategory: string; description: string }[];
    redacted: string[];
  } | null;
  checklist: { code: string; assignmentId: string | null }[];
  cancelReason?: string | null;
  redacted?: string[];
}

function errorOf(response: GraphQLResponse<unknown>) {
  const [error] = response.body.errors ?? [];
  if (!error) throw new Error(`expected an error, got ${JSON.stringify(response.body.data)}`);
  return error.extensions;
}

describe('case conferences (個別支援会議)', () => {
  let t: TestApp;
  let clock: FixedClock;
  let db: DataSource;

  beforeAll(async () => {
    clock = new FixedClock(new Date('2026-03-02T01:00:00Z'));
    t = await startTestApp({}, { clock });
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** A lead (the person's registrant), a debt agency with the person's CASE_CONFERENCE consent, and an outsider. */
  async function setup(purposes: string[] = ['CASE_CONFERENCE']) {
    const lead = await createAgency(t, { name: '中川区自立相談支援センター' });
    const debt = await createAgency(t, { sector: 'DEBT', name: '家計改善支援機関' });
    const outsider = await createAgency(t, { sector: 'HOUSING' });
    const personId = await registerPerson(t, lead);
    const consentId = await recordConsent(t, lead, {
      personId,
      recipientAgencyId: debt.id,
      purposes,
      dataCategories: ['IDENTITY', 'INCOME_DEBT'],
    });
    return { lead, debt, outsider, personId, consentId };
  }

  function scheduleInput(personId: string, agencies: TestAgency[], overrides: Record<string, unknown> = {}) {
    return {
      personId,
      title: '第1回 個別支援会議',
      scheduledAt: new Date(clock.now().getTime() + 7 * DAY).toISOString(),
      place: '中川区役所 会議室',
      dataCategories: ['IDENTITY', 'INCOME_DEBT'],
      agencies: agencies.map((agency) => ({ agencyId: agency.id, roleLabel: '家計相談' })),
      participants: [
        { kind: 'PERSON_THEMSELF', roleLabel: '本人', name: '山田 花子' },
        { kind: 'MINSEI_IIN', roleLabel: '担当民生委員', name: '佐藤 一郎' },
      ],
      ...overrides,
    };
  }

  async function schedule(lead: TestAgency, input: Record<string, unknown>): Promise<Conference> {
    const response = await t.gql<{ scheduleCaseConference: Conference }>(SCHEDULE, {
      variables: { input },
      key: lead.key,
    });
    return dataOf(response, 'scheduleCaseConference').scheduleCaseConference;
  }

  async function conferenceRows(personId: string): Promise<number> {
    const rows: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM case_conference WHERE person_id = $1',
      [personId],
    );
    return rows[0].n;
  }

  function recordInput(conference: Conference, debt: TestAgency, overrides: Record<string, unknown> = {}) {
    const minsei = conference.participants.find((participant) => participant.kind === 'MINSEI_IIN')!;
    return {
      informationShared: '家賃滞納3か月、債務の状況を共有',
      hearingSheetShared: true,
      personWish: '今の家に住み続けたい',
      agreedDirection: '家計の立て直しと住まいの確保を並行して進める',
      goals: [
        { term: 'SHORT_TERM', text: '滞納家賃の分割払いを大家と合意する' },
        { term: 'MEDIUM_LONG_TERM', text: '安定した収入で暮らす' },
      ],
      supports: [
        { timing: 'NOW', text: '家計表の作成' },
        { timing: 'NEEDS_TIME', text: '就労支援' },
      ],
      assignments: [
        { assigneeAgencyId: debt.id, description: '家計表を本人と作る', dueOn: '2026-03-20' },
        { assigneeParticipantId: minsei.id, description: '週1回の声かけ', dueOn: '2026-03-31' },
      ],
      unmetItems: [
        {
          needCategory: 'HOUSING',
          municipalityCode: '231100',
          description: '保証人のいない単身者が入居できる低家賃住宅が区内にない',
          reason: 'NO_RESOURCE',
        },
      ],
      unmetConfirmed: true,
      ...overrides,
    };
  }

  async function held(lead: TestAgency, conference: Conference): Promise<Conference> {
    const response = await t.gql<{ holdCaseConference: Conference }>(HOLD, {
      variables: { id: conference.id },
      key: lead.key,
    });
    return dataOf(response, 'holdCaseConference').holdCaseConference;
  }

  describe('the basis for sharing', () => {
    it('schedules with a CASE_CONFERENCE consent for every other agency; the lead and the agency take part', async () => {
      const { lead, debt, personId, consentId } = await setup();
      const conference = await schedule(lead, scheduleInput(personId, [debt]));
      expect(conference).toMatchObject({ status: 'SCHEDULED', version: 1, personId, accessUntil: null });
      expect(conference.agencies).toEqual([
        { agency: { id: lead.id }, roleLabel: '主担当', lead: true },
        { agency: { id: debt.id }, roleLabel: '家計相談', lead: false },
      ]);
      expect(conference.participants.map((participant) => participant.kind)).toEqual(['PERSON_THEMSELF', 'MINSEI_IIN']);

      const shared: { categories: string[]; basis: unknown[]; operation: string }[] = await db.query(
        `SELECT categories, basis, operation FROM audit_log WHERE person_id = $1 AND action = 'DATA_SHARED'`,
        [personId],
      );
      expect(shared).toEqual([
        {
          categories: ['IDENTITY', 'INCOME_DEBT'],
          basis: [
            {
              kind: 'CASE_CONFERENCE',
              conferenceId: conference.id,
              legalBasis: 'CONSENT',
              consentIds: [consentId],
              meetingId: null,
              recipientAgencyId: debt.id,
            },
          ],
          operation: 'scheduleCaseConference',
        },
      ]);
    });

    it('refuses an agency without consent, or with a consent for referrals only: CONSENT_REQUIRED, nothing stored', async () => {
      const { lead, debt, outsider, personId } = await setup();
      const refused = await t.gql(SCHEDULE, {
        variables: { input: scheduleInput(personId, [debt, outsider]) },
        key: lead.key,
      });
      expect(errorOf(refused)).toEqual(
        expect.objectContaining({
          code: 'CONSENT_REQUIRED',
          missing: {
            legalBasis: 'CONSENT',
            recipientAgencyId: outsider.id,
            recipientSector: 'HOUSING',
            purpose: 'CASE_CONFERENCE',
            categories: ['IDENTITY', 'INCOME_DEBT'],
            reason: 'NO_CONSENT_FOR_RECIPIENT',
          },
        }),
      );
      expect(await conferenceRows(personId)).toBe(0);

      const referralOnly = await setup(['REFERRAL']);
      const notForConferences = await t.gql(SCHEDULE, {
        variables: { input: scheduleInput(referralOnly.personId, [referralOnly.debt]) },
        key: referralOnly.lead.key,
      });
      expect(errorOf(notForConferences)).toMatchObject({
        code: 'CONSENT_REQUIRED',
        missing: { reason: 'PURPOSE_NOT_COVERED' },
      });
      expect(await conferenceRows(referralOnly.personId)).toBe(0);
    });

    it('checks an agency added later the same way, and leaves the conference unchanged when refused', async () => {
      const { lead, debt, outsider, personId } = await setup();
      const conference = await schedule(lead, scheduleInput(personId, [debt]));
      const refused = await t.gql(ADD_AGENCY, {
        variables: { id: conference.id, input: { agencyId: outsider.id, roleLabel: '居住支援' } },
        key: lead.key,
      });
      expect(errorOf(refused)).toMatchObject({ code: 'CONSENT_REQUIRED', missing: { recipientAgencyId: outsider.id } });
      const after = dataOf(
        await t.gql<{ caseConference: Conference }>(CONFERENCE, { variables: { id: conference.id }, key: lead.key }),
        'caseConference',
      ).caseConference;
      expect(after.version).toBe(1);
      expect(after.agencies).toHaveLength(2);

      await recordConsent(t, lead, {
        personId,
        recipientSector: 'HOUSING',
        purposes: ['CASE_CONFERENCE'],
        dataCategories: ['IDENTITY', 'INCOME_DEBT'],
      });
      const added = await t.gql<{ addCaseConferenceAgency: Conference }>(ADD_AGENCY, {
        variables: { id: conference.id, input: { agencyId: outsider.id, roleLabel: '居住支援' }, v: 1 },
        key: lead.key,
      });
      expect(dataOf(added, 'addCaseConferenceAgency').addCaseConferenceAgency.agencies).toHaveLength(3);
    });

    it('holds a conference under a support meeting both agencies belong to, without consent; not for a non-member', async () => {
      const { lead, outsider, personId } = await setup();
      const member = await createAgency(t, { sector: 'DISABILITY' });
      const meeting = await t.gql<{ createSupportMeeting: { id: string } }>(
        'mutation ($input: CreateSupportMeetingInput!) { createSupportMeeting(input: $input) { id } }',
        {
          variables: {
            input: {
              kind: 'SUPPORT_MEETING',
              name: `支援会議 ${randomUUID()}`,
              municipalityCode: '231100',
              memberAgencyIds: [lead.id, member.id],
            },
          },
        },
      );
      const meetingId = dataOf(meeting, 'createSupportMeeting').createSupportMeeting.id;
      const basis = { legalBasis: 'SUPPORT_MEETING', legalBasisRef: meetingId };
      const conference = await schedule(lead, scheduleInput(personId, [member], basis));
      expect(conference.legalBasis).toBe('SUPPORT_MEETING');
      const person = await t.gql<{ person: { familyName: string; incomeDebt: string } }>(PERSON, {
        variables: { id: personId },
        key: member.key,
      });
      expect(dataOf(person, 'person').person).toMatchObject({ familyName: '山田', incomeDebt: '家賃滞納3か月' });

      const refused = await t.gql(SCHEDULE, {
        variables: { input: scheduleInput(personId, [outsider], basis) },
        key: lead.key,
      });
      expect(errorOf(refused)).toMatchObject({ code: 'CONSENT_REQUIRED', missing: { reason: 'NOT_A_MEETING_MEMBER' } });
    });

    it('refuses VITAL_INTEREST and a person the lead may not see', async () => {
      const { lead, debt, outsider, personId } = await setup();
      const vital = await t.gql(SCHEDULE, {
        variables: { input: scheduleInput(personId, [debt], { legalBasis: 'VITAL_INTEREST' }) },
        key: lead.key,
      });
      expect(errorOf(vital)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'NOT_A_CONFERENCE_BASIS' });
      const unknown = await t.gql(SCHEDULE, {
        variables: { input: scheduleInput(personId, [debt]) },
        key: outsider.key,
      });
      expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'input.personId' });
      expect(await conferenceRows(personId)).toBe(0);
    });
  });

  describe('access', () => {
    it('lets a participating agency read the categories shared, audited with the conference as basis; others get NOT_FOUND', async () => {
      const { lead, debt, outsider, personId } = await setup();
      const conference = await schedule(lead, scheduleInput(personId, [debt]));

      const read = await t.gql<{ person: Record<string, unknown> }>(PERSON, {
        variables: { id: personId },
        key: debt.key,
      });
      expect(dataOf(read, 'person').person).toEqual({
        id: personId,
        familyName: '山田',
        incomeDebt: '家賃滞納3か月',
        healthDisability: null,
        redacted: [
          'CONTACT',
          'HOUSEHOLD',
          'HEALTH_DISABILITY',
          'EMPLOYMENT',
          'EDUCATION',
          'JUSTICE',
          'CASE_NOTES',
          'SUPPORT_NETWORK',
        ],
      });
      const audit: { agency_id: string; categories: string[]; basis: unknown[] }[] = await db.query(
        `SELECT agency_id, categories, basis FROM audit_log WHERE person_id = $1 AND action = 'PERSON_READ'`,
        [personId],
      );
      expect(audit).toEqual([
        {
          agency_id: debt.id,
          categories: ['IDENTITY', 'INCOME_DEBT'],
          basis: [
            {
              kind: 'CASE_CONFERENCE',
              conferenceId: conference.id,
              legalBasis: 'CONSENT',
              categories: ['IDENTITY', 'INCOME_DEBT'],
            },
          ],
        },
      ]);

      expect(errorOf(await t.gql(PERSON, { variables: { id: personId }, key: outsider.key }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      const forOutsider = await t.gql(CONFERENCE, { variables: { id: conference.id }, key: outsider.key });
      const forRandom = await t.gql(CONFERENCE, { variables: { id: randomUUID() }, key: outsider.key });
      expect(errorOf(forOutsider).code).toBe('NOT_FOUND');
      expect(errorOf(forOutsider).entity).toBe(errorOf(forRandom).entity);
      const listed = await t.gql<{ caseConferences: { totalCount: number } }>(CONFERENCES, {
        variables: { personId },
        key: outsider.key,
      });
      expect(dataOf(listed, 'caseConferences').caseConferences.totalCount).toBe(0);
      const forDebt = await t.gql<{ caseConferences: { edges: { node: { id: string } }[] } }>(CONFERENCES, {
        variables: { personId },
        key: debt.key,
      });
      expect(dataOf(forDebt, 'caseConferences').caseConferences.edges).toEqual([{ node: { id: conference.id } }]);
      const hold = await t.gql(HOLD, { variables: { id: conference.id }, key: outsider.key });
      expect(errorOf(hold).code).toBe('NOT_FOUND');
    });

    it('ends the access period CONFERENCE_ACCESS_PERIOD (30 days) after recording: NOT_FOUND for the conference and the person', async () => {
      const { lead, debt, personId } = await setup();
      const conference = await held(lead, await schedule(lead, scheduleInput(personId, [debt])));
      const recordedAt = clock.now();
      const recorded = dataOf(
        await t.gql<{ recordCaseConference: Conference }>(RECORD, {
          variables: { id: conference.id, record: recordInput(conference, debt) },
          key: lead.key,
        }),
        'recordCaseConference',
      ).recordCaseConference;
      expect(recorded.accessUntil).toBe(new Date(recordedAt.getTime() + 30 * DAY).toISOString());

      clock.advance(30 * DAY - 1000);
      const stillOpen = await t.gql(CONFERENCE, { variables: { id: conference.id }, key: debt.key });
      expect(stillOpen.body.errors).toBeUndefined();
      expect(dataOf(await t.gql(PERSON, { variables: { id: personId }, key: debt.key }), 'person')).toBeTruthy();

      clock.advance(1000);
      for (const agency of [debt, lead]) {
        const gone = await t.gql(CONFERENCE, { variables: { id: conference.id }, key: agency.key });
        expect(errorOf(gone).code).toBe('NOT_FOUND');
      }
      expect(errorOf(await t.gql(PERSON, { variables: { id: personId }, key: debt.key })).code).toBe('NOT_FOUND');
      const listed = await t.gql<{ caseConferences: { totalCount: number } }>(CONFERENCES, {
        variables: { personId },
        key: debt.key,
      });
      expect(dataOf(listed, 'caseConferences').caseConferences.totalCount).toBe(0);
      // The registrant still sees its person, on its own basis.
      expect(dataOf(await t.gql(PERSON, { variables: { id: personId }, key: lead.key }), 'person')).toBeTruthy();
    });

    it('masks the record’s free text for a participant once its consent is withdrawn; the lead still reads it', async () => {
      const { lead, debt, personId, consentId } = await setup();
      const conference = await held(lead, await schedule(lead, scheduleInput(personId, [debt])));
      await t.gql(RECORD, { variables: { id: conference.id, record: recordInput(conference, debt) }, key: lead.key });

      const read = async (agency: TestAgency) =>
        dataOf(
          await t.gql<{ caseConference: Conference }>(CONFERENCE, {
            variables: { id: conference.id },
            key: agency.key,
          }),
          'caseConference',
        ).caseConference;
      const before = await read(debt);
      expect(before.record).toMatchObject({ personWish: '今の家に住み続けたい', redacted: [] });
      const textReads: { agency_id: string; basis: { kind: string; conferenceId: string }[] }[] = await db.query(
        `SELECT agency_id, basis FROM audit_log WHERE person_id = $1 AND action = 'FREE_TEXT_READ' AND agency_id = $2`,
        [personId, debt.id],
      );
      expect(textReads).toEqual([
        {
          agency_id: debt.id,
          basis: [expect.objectContaining({ kind: 'CASE_CONFERENCE', conferenceId: conference.id })],
        },
      ]);

      const withdrawn = await t.gql('mutation ($id: ID!) { withdrawConsent(id: $id) { id } }', {
        variables: { id: consentId },
        key: lead.key,
      });
      expect(withdrawn.body.errors).toBeUndefined();
      const after = await read(debt);
      expect(after.record).toMatchObject({
        personWish: null,
        goals: [
          { term: 'SHORT_TERM', text: null },
          { term: 'MEDIUM_LONG_TERM', text: null },
        ],
        redacted: ['informationShared', 'personWish', 'agreedDirection', 'goals', 'supports', 'assignments'],
      });
      // "What cannot be done now" carries no personal data and stays.
      expect(after.record!.unmetItems.map((item) => item.needCategory)).toEqual(['HOUSING']);
      expect(errorOf(await t.gql(PERSON, { variables: { id: personId }, key: debt.key })).code).toBe('NOT_FOUND');
      expect((await read(lead)).record!.personWish).toBe('今の家に住み続けたい');
    });
  });

  describe('status moves and the record', () => {
    it('moves SCHEDULED → HELD → RECORDED for the lead only, with INVALID_TRANSITION and CONFLICT as for referrals', async () => {
      const { lead, debt, personId } = await setup();
      const conference = await schedule(lead, scheduleInput(personId, [debt]));
      const input = recordInput(conference, debt);

      const early = await t.gql(RECORD, { variables: { id: conference.id, record: input }, key: lead.key });
      expect(errorOf(early)).toMatchObject({
        code: 'INVALID_TRANSITION',
        current: 'SCHEDULED',
        allowed: ['HELD', 'CANCELLED'],
      });
      const notLead = await t.gql(HOLD, { variables: { id: conference.id }, key: debt.key });
      expect(errorOf(notLead)).toMatchObject({ code: 'FORBIDDEN', reason: 'LEAD_AGENCY_ONLY' });
      const stale = await t.gql(HOLD, { variables: { id: conference.id, v: 7 }, key: lead.key });
      expect(errorOf(stale)).toMatchObject({ code: 'CONFLICT', expectedVersion: 7, currentVersion: 1 });

      const heldConference = dataOf(
        await t.gql<{ holdCaseConference: Conference }>(HOLD, {
          variables: { id: conference.id, v: 1 },
          key: lead.key,
        }),
        'holdCaseConference',
      ).holdCaseConference;
      expect(heldConference).toMatchObject({ status: 'HELD', version: 2 });

      const recorded = dataOf(
        await t.gql<{ recordCaseConference: Conference }>(RECORD, {
          variables: { id: conference.id, record: input, v: 2 },
          key: lead.key,
        }),
        'recordCaseConference',
      ).recordCaseConference;
      expect(recorded).toMatchObject({ status: 'RECORDED', version: 3, checklist: [] });
      expect(recorded.record!.assignments.map((assignment) => assignment.assigneeAgency?.id ?? null)).toEqual([
        debt.id,
        null,
      ]);

      const cancel = await t.gql(CANCEL, { variables: { id: conference.id, reason: '中止' }, key: lead.key });
      expect(errorOf(cancel)).toMatchObject({ code: 'INVALID_TRANSITION', current: 'RECORDED', allowed: [] });
      const stored: { n: number }[] = await db.query(
        'SELECT count(*)::int AS n FROM case_conference_goal WHERE conference_id = $1',
        [conference.id],
      );
      expect(stored[0].n).toBe(2);
      await expect(
        db.query('UPDATE case_conference_record SET person_wish = $2 WHERE conference_id = $1', [conference.id, 'x']),
      ).rejects.toThrow();
    });

    it('refuses an assignee who does not take part, and changes nothing', async () => {
      const { lead, debt, outsider, personId } = await setup();
      const conference = await held(lead, await schedule(lead, scheduleInput(personId, [debt])));
      const refused = await t.gql(RECORD, {
        variables: {
          id: conference.id,
          record: recordInput(conference, debt, {
            assignments: [{ assigneeAgencyId: outsider.id, description: '住まい探し', dueOn: '2026-04-01' }],
          }),
        },
        key: lead.key,
      });
      expect(errorOf(refused)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'record.assignments.0.assigneeAgencyId',
        reason: 'NOT_A_PARTICIPANT',
      });
      const rows: { status: string; records: number }[] = await db.query(
        `SELECT status, (SELECT count(*)::int FROM case_conference_record WHERE conference_id = c.id) AS records
           FROM case_conference c WHERE id = $1`,
        [conference.id],
      );
      expect(rows).toEqual([{ status: 'HELD', records: 0 }]);
    });

    it('links the person’s referrals the lead took part in, and NOT_FOUND for another', async () => {
      const { lead, debt, personId } = await setup();
      await recordConsent(t, lead, { personId, recipientAgencyId: debt.id, dataCategories: ['IDENTITY'] });
      const referral = dataOf(
        await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
          variables: { input: referralInput(personId, debt.id, { sharedCategories: ['IDENTITY'], send: true }) },
          key: lead.key,
        }),
        'createReferral',
      ).createReferral.id;
      const conference = await held(lead, await schedule(lead, scheduleInput(personId, [debt])));
      const unknown = await t.gql(RECORD, {
        variables: { id: conference.id, record: recordInput(conference, debt, { sharedReferralIds: [randomUUID()] }) },
        key: lead.key,
      });
      expect(errorOf(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'record.sharedReferralIds.0' });
      const linked = await t.gql<{ recordCaseConference: { record: { sharedReferralIds: string[] } } }>(RECORD, {
        variables: { id: conference.id, record: recordInput(conference, debt, { sharedReferralIds: [referral] }) },
        key: lead.key,
      });
      expect(dataOf(linked, 'recordCaseConference').recordCaseConference.record.sharedReferralIds).toEqual([referral]);
    });

    it('warns on the checklist: no community member, no wish, goals of one term, a task without owner or date, ⑤ unconfirmed', async () => {
      const { lead, debt, personId } = await setup();
      const scheduled = await schedule(
        lead,
        scheduleInput(personId, [debt], { participants: [{ kind: 'FAMILY', roleLabel: '母', name: '山田 和子' }] }),
      );
      const conference = await held(lead, scheduled);
      const recorded = dataOf(
        await t.gql<{ recordCaseConference: Conference }>(RECORD, {
          variables: {
            id: conference.id,
            record: {
              personWish: null,
              goals: [{ term: 'SHORT_TERM', text: '滞納を止める' }],
              assignments: [{ description: '誰かが大家に連絡する' }],
              unmetConfirmed: false,
            },
          },
          key: lead.key,
        }),
        'recordCaseConference',
      ).recordCaseConference;
      const assignmentId = recorded.record!.assignments[0].id;
      expect(recorded.checklist).toEqual([
        { code: 'NO_COMMUNITY_MEMBER', assignmentId: null },
        { code: 'NO_PERSON_WISH', assignmentId: null },
        { code: 'GOALS_NOT_SPLIT', assignmentId: null },
        { code: 'ASSIGNMENT_WITHOUT_OWNER', assignmentId },
        { code: 'ASSIGNMENT_WITHOUT_DUE_DATE', assignmentId },
        { code: 'UNMET_NOT_CONFIRMED', assignmentId: null },
      ]);
    });

    it('cancels with a reason, readable by the participants, and closes access after the period', async () => {
      const { lead, debt, personId } = await setup();
      const conference = await schedule(lead, scheduleInput(personId, [debt]));
      const cancelled = dataOf(
        await t.gql<{ cancelCaseConference: Conference }>(CANCEL, {
          variables: { id: conference.id, reason: '本人の体調不良のため延期', v: 1 },
          key: lead.key,
        }),
        'cancelCaseConference',
      ).cancelCaseConference;
      expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 2 });
      expect(cancelled.accessUntil).toBe(new Date(clock.now().getTime() + 30 * DAY).toISOString());
      const textReads = async () =>
        (
          await db.query<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM audit_log WHERE action = 'FREE_TEXT_READ' AND agency_id = $1`,
            [debt.id],
          )
        )[0].n;
      const masked = await t.gql<{ caseConference: { redacted: string[] } }>(
        'query ($id: ID!) { caseConference(id: $id) { redacted } }',
        { variables: { id: conference.id }, key: debt.key },
      );
      expect(dataOf(masked, 'caseConference').caseConference.redacted).toEqual([]);
      expect(await textReads()).toBe(0);
      const read = dataOf(
        await t.gql<{ caseConference: Conference }>(CONFERENCE, { variables: { id: conference.id }, key: debt.key }),
        'caseConference',
      ).caseConference;
      expect(read).toMatchObject({ cancelReason: '本人の体調不良のため延期', redacted: [], checklist: [] });
      expect(await textReads()).toBe(1);
    });
  });

  it('tells the participating agencies through the outbox, with identifiers only', async () => {
    const { lead, debt, personId } = await setup();
    const conference = await held(lead, await schedule(lead, scheduleInput(personId, [debt])));
    await t.gql(RECORD, { variables: { id: conference.id, record: recordInput(conference, debt) }, key: lead.key });
    const events: { type: string; agency_ids: string[]; payload: Record<string, unknown> }[] = await db.query(
      'SELECT type, agency_ids, payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq',
      [conference.id],
    );
    expect(events.map((event) => event.type)).toEqual(['conference.scheduled', 'conference.recorded']);
    for (const event of events) {
      expect([...event.agency_ids].sort()).toEqual([lead.id, debt.id].sort());
      expect(Object.keys(event.payload).sort()).toEqual(
        ['actorAgencyId', 'at', 'conferenceId', 'eventId', 'leadAgencyId', 'scheduledAt', 'status', 'type'].sort(),
      );
      expect(JSON.stringify(event.payload)).not.toContain(personId);
    }
  });
});
