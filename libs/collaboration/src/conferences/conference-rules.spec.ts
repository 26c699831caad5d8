import { CaseConferenceStatus, ConferenceChecklistCode, GoalTerm, ParticipantKind } from './conference-enums.js';
import {
  accessUntil,
  conferenceChecklist,
  ConferenceAction,
  decideConferenceAction,
  type ChecklistFacts,
} from './conference-rules.js';

const { SCHEDULED, HELD, RECORDED, CANCELLED } = CaseConferenceStatus;

describe('decideConferenceAction', () => {
  it.each([
    [SCHEDULED, ConferenceAction.HOLD, HELD],
    [HELD, ConferenceAction.RECORD, RECORDED],
    [SCHEDULED, ConferenceAction.CANCEL, CANCELLED],
    [HELD, ConferenceAction.CANCEL, CANCELLED],
    [SCHEDULED, ConferenceAction.ADD_AGENCY, SCHEDULED],
    [HELD, ConferenceAction.ADD_PARTICIPANT, HELD],
  ])('%s by %s → %s', (status, action, to) => {
    expect(decideConferenceAction(status, action)).toEqual({ kind: 'apply', to });
  });

  it.each([
    [SCHEDULED, ConferenceAction.RECORD, [HELD, CANCELLED]],
    [HELD, ConferenceAction.HOLD, [RECORDED, CANCELLED]],
    [RECORDED, ConferenceAction.CANCEL, []],
    [RECORDED, ConferenceAction.ADD_AGENCY, []],
    [CANCELLED, ConferenceAction.HOLD, []],
    [CANCELLED, ConferenceAction.ADD_PARTICIPANT, []],
  ])('%s by %s is invalid, allowed next %j', (status, action, allowed) => {
    expect(decideConferenceAction(status, action)).toEqual({ kind: 'invalid', allowed });
  });
});

describe('accessUntil', () => {
  it('adds the access period to the closing time', () => {
    expect(accessUntil(new Date('2026-01-01T00:00:00Z'), 30 * 24 * 3600 * 1000)).toEqual(
      new Date('2026-01-31T00:00:00Z'),
    );
  });
});

describe('conferenceChecklist (seed 2-8)', () => {
  const complete: ChecklistFacts = {
    status: RECORDED,
    participants: [{ kind: ParticipantKind.PERSON_THEMSELF }, { kind: ParticipantKind.MINSEI_IIN }],
    record: {
      personWish: '今の家に住み続けたい',
      unmetConfirmed: true,
      goals: [{ term: GoalTerm.SHORT_TERM }, { term: GoalTerm.MEDIUM_LONG_TERM }],
      assignments: [
        { id: 'a1', position: 0, assigneeAgencyId: 'agency', assigneeParticipantId: null, dueOn: '2026-02-01' },
        { id: 'a2', position: 1, assigneeAgencyId: null, assigneeParticipantId: 'p1', dueOn: '2026-02-15' },
      ],
    },
  };
  const codes = (facts: ChecklistFacts) => conferenceChecklist(facts).map((warning) => warning.code);

  it('has no warnings for a record that meets all five points', () => {
    expect(conferenceChecklist(complete)).toEqual([]);
  });

  it('warns when no community member took part: the person and family alone do not count', () => {
    expect(
      codes({
        ...complete,
        participants: [{ kind: ParticipantKind.PERSON_THEMSELF }, { kind: ParticipantKind.FAMILY }],
      }),
    ).toEqual([ConferenceChecklistCode.NO_COMMUNITY_MEMBER]);
    for (const kind of [ParticipantKind.NEIGHBOUR, ParticipantKind.COMMUNITY_ORGANISATION, ParticipantKind.BUSINESS]) {
      expect(codes({ ...complete, participants: [{ kind }] })).toEqual([]);
    }
  });

  it('warns of a missing or blank wish, goals of one term only, and an unconfirmed "cannot do now"', () => {
    const record = complete.record!;
    expect(codes({ ...complete, record: { ...record, personWish: '  ' } })).toEqual([
      ConferenceChecklistCode.NO_PERSON_WISH,
    ]);
    expect(codes({ ...complete, record: { ...record, personWish: null } })).toEqual([
      ConferenceChecklistCode.NO_PERSON_WISH,
    ]);
    expect(codes({ ...complete, record: { ...record, goals: [{ term: GoalTerm.SHORT_TERM }] } })).toEqual([
      ConferenceChecklistCode.GOALS_NOT_SPLIT,
    ]);
    expect(codes({ ...complete, record: { ...record, goals: [] } })).toEqual([ConferenceChecklistCode.GOALS_NOT_SPLIT]);
    expect(codes({ ...complete, record: { ...record, unmetConfirmed: false } })).toEqual([
      ConferenceChecklistCode.UNMET_NOT_CONFIRMED,
    ]);
  });

  it('names each assignment without an owner or a due date, in the order of the record', () => {
    const record = complete.record!;
    const warnings = conferenceChecklist({
      ...complete,
      record: {
        ...record,
        assignments: [
          { id: 'late', position: 1, assigneeAgencyId: 'agency', assigneeParticipantId: null, dueOn: null },
          { id: 'nobody', position: 0, assigneeAgencyId: null, assigneeParticipantId: null, dueOn: null },
        ],
      },
    });
    expect(warnings.map((warning) => [warning.code, warning.assignmentId])).toEqual([
      [ConferenceChecklistCode.ASSIGNMENT_WITHOUT_OWNER, 'nobody'],
      [ConferenceChecklistCode.ASSIGNMENT_WITHOUT_DUE_DATE, 'nobody'],
      [ConferenceChecklistCode.ASSIGNMENT_WITHOUT_DUE_DATE, 'late'],
    ]);
  });

  it('before the record only checks who takes part; a cancelled conference has no warnings', () => {
    expect(codes({ status: SCHEDULED, participants: [], record: null })).toEqual([
      ConferenceChecklistCode.NO_COMMUNITY_MEMBER,
    ]);
    expect(codes({ status: HELD, participants: [{ kind: ParticipantKind.MINSEI_IIN }], record: null })).toEqual([]);
    expect(codes({ status: CANCELLED, participants: [], record: null })).toEqual([]);
  });
});
