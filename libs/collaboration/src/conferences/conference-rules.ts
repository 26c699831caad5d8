/**
 * The pure rules of a case conference: its status moves, its access period, and the checklist computed from its
 * record (seed 2-8). No Nest, no database, no clock.
 */
import { CaseConferenceStatus, ConferenceChecklistCode, GoalTerm, ParticipantKind } from './conference-enums.js';

export enum ConferenceAction {
  HOLD = 'HOLD',
  RECORD = 'RECORD',
  CANCEL = 'CANCEL',
  ADD_AGENCY = 'ADD_AGENCY',
  ADD_PARTICIPANT = 'ADD_PARTICIPANT',
}

const NEXT: Record<CaseConferenceStatus, CaseConferenceStatus[]> = {
  [CaseConferenceStatus.SCHEDULED]: [CaseConferenceStatus.HELD, CaseConferenceStatus.CANCELLED],
  [CaseConferenceStatus.HELD]: [CaseConferenceStatus.RECORDED, CaseConferenceStatus.CANCELLED],
  [CaseConferenceStatus.RECORDED]: [],
  [CaseConferenceStatus.CANCELLED]: [],
};

/** The statuses a conference in `status` may move to. */
export function allowedNextStatuses(status: CaseConferenceStatus): CaseConferenceStatus[] {
  return [...NEXT[status]];
}

export type ConferenceDecision =
  { kind: 'apply'; to: CaseConferenceStatus } | { kind: 'invalid'; allowed: CaseConferenceStatus[] };

/**
 * SCHEDULED → HELD → RECORDED, or SCHEDULED/HELD → CANCELLED. Agencies and informal participants are added while
 * the conference is SCHEDULED or HELD (the status stays).
 */
export function decideConferenceAction(status: CaseConferenceStatus, action: ConferenceAction): ConferenceDecision {
  const open = status === CaseConferenceStatus.SCHEDULED || status === CaseConferenceStatus.HELD;
  const target: Record<ConferenceAction, CaseConferenceStatus | null> = {
    [ConferenceAction.HOLD]: status === CaseConferenceStatus.SCHEDULED ? CaseConferenceStatus.HELD : null,
    [ConferenceAction.RECORD]: status === CaseConferenceStatus.HELD ? CaseConferenceStatus.RECORDED : null,
    [ConferenceAction.CANCEL]: open ? CaseConferenceStatus.CANCELLED : null,
    [ConferenceAction.ADD_AGENCY]: open ? status : null,
    [ConferenceAction.ADD_PARTICIPANT]: open ? status : null,
  };
  const to = target[action];
  return to === null ? { kind: 'invalid', allowed: allowedNextStatuses(status) } : { kind: 'apply', to };
}

/** When the participants' access ends for a conference recorded or cancelled at `at`. */
export function accessUntil(at: Date, accessPeriodMs: number): Date {
  return new Date(at.getTime() + accessPeriodMs);
}

/**
 * The community (地域) of seed 2-8's "were the needed people there": 民生委員, neighbours, community organisations,
 * shops and employers. The person and family take part in their own right and do not count as the community.
 */
export const COMMUNITY_KINDS: readonly ParticipantKind[] = [
  ParticipantKind.MINSEI_IIN,
  ParticipantKind.NEIGHBOUR,
  ParticipantKind.COMMUNITY_ORGANISATION,
  ParticipantKind.BUSINESS,
];

export interface ChecklistFacts {
  status: CaseConferenceStatus;
  participants: readonly { kind: ParticipantKind }[];
  /** Null until the conference is RECORDED. */
  record: {
    personWish: string | null;
    unmetConfirmed: boolean;
    goals: readonly { term: GoalTerm }[];
    assignments: readonly {
      id: string;
      position: number;
      assigneeAgencyId: string | null;
      assigneeParticipantId: string | null;
      dueOn: string | null;
    }[];
  } | null;
}

export interface ChecklistWarning {
  code: ConferenceChecklistCode;
  message: string;
  /** For an assignment's warning: which one. */
  assignmentId: string | null;
}

/**
 * Seed 2-8's five points as warnings: were the needed people there (no community member), does the plan follow the
 * person's stated wish (none recorded), are short and medium/long-term goals separated, does every task have an
 * owner and a due date, was "what cannot be done now" confirmed. Before the record exists only the first applies;
 * a cancelled conference has none.
 */
export function conferenceChecklist(facts: ChecklistFacts): ChecklistWarning[] {
  if (facts.status === CaseConferenceStatus.CANCELLED) return [];
  const warnings: ChecklistWarning[] = [];
  const warn = (code: ConferenceChecklistCode, message: string, assignmentId: string | null = null) =>
    warnings.push({ code, message, assignmentId });

  if (!facts.participants.some((participant) => COMMUNITY_KINDS.includes(participant.kind))) {
    warn(
      ConferenceChecklistCode.NO_COMMUNITY_MEMBER,
      '地域の人（民生委員・近隣住民・地域の団体・商店や企業）が参加していません。',
    );
  }
  const record = facts.record;
  if (!record) return warnings;

  if (!record.personWish?.trim()) {
    warn(ConferenceChecklistCode.NO_PERSON_WISH, '本人の意向（本人の言葉）が記録されていません。');
  }
  const terms = new Set(record.goals.map((goal) => goal.term));
  if (!terms.has(GoalTerm.SHORT_TERM) || !terms.has(GoalTerm.MEDIUM_LONG_TERM)) {
    warn(ConferenceChecklistCode.GOALS_NOT_SPLIT, '短期目標と中長期目標が分けて記録されていません。');
  }
  for (const assignment of [...record.assignments].sort((a, b) => a.position - b.position)) {
    if (!assignment.assigneeAgencyId && !assignment.assigneeParticipantId) {
      warn(ConferenceChecklistCode.ASSIGNMENT_WITHOUT_OWNER, '担当者のいない役割があります。', assignment.id);
    }
    if (!assignment.dueOn) {
      warn(ConferenceChecklistCode.ASSIGNMENT_WITHOUT_DUE_DATE, '期日のない役割があります。', assignment.id);
    }
  }
  if (!record.unmetConfirmed) {
    warn(ConferenceChecklistCode.UNMET_NOT_CONFIRMED, '「今できないこと」を確認していません。');
  }
  return warnings;
}
