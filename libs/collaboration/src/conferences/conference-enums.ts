import { registerEnumType } from '@nestjs/graphql';

export enum CaseConferenceStatus {
  SCHEDULED = 'SCHEDULED',
  HELD = 'HELD',
  RECORDED = 'RECORDED',
  CANCELLED = 'CANCELLED',
}

/** Who takes part without an account (seed 3-7): recorded by role and name only, never given data. */
export enum ParticipantKind {
  /** 本人 */
  PERSON_THEMSELF = 'PERSON_THEMSELF',
  /** 家族 */
  FAMILY = 'FAMILY',
  /** 民生委員・児童委員 */
  MINSEI_IIN = 'MINSEI_IIN',
  /** 近隣住民 */
  NEIGHBOUR = 'NEIGHBOUR',
  /** 自治会・NPO・ボランティア団体などの地域の団体 */
  COMMUNITY_ORGANISATION = 'COMMUNITY_ORGANISATION',
  /** 商店・企業・雇用主 */
  BUSINESS = 'BUSINESS',
  OTHER = 'OTHER',
}

/** Goals of the plan (③): 短期目標 and 中長期目標. */
export enum GoalTerm {
  SHORT_TERM = 'SHORT_TERM',
  MEDIUM_LONG_TERM = 'MEDIUM_LONG_TERM',
}

/** Supports of the plan (③): those that can start now, and those that need time. */
export enum SupportTiming {
  NOW = 'NOW',
  NEEDS_TIME = 'NEEDS_TIME',
}

/** Why something cannot be done for the person now (⑤). */
export enum UnmetReason {
  /** 地域に資源がない */
  NO_RESOURCE = 'NO_RESOURCE',
  /** 資源はあるが受け入れる余力がない */
  NO_CAPACITY = 'NO_CAPACITY',
  /** 区域外 */
  OUT_OF_AREA = 'OUT_OF_AREA',
  /** 制度の狭間 */
  SYSTEM_GAP = 'SYSTEM_GAP',
}

/** The checklist of a conference (seed 2-8): warnings, never errors. */
export enum ConferenceChecklistCode {
  /** 必要な人が参加していたか: no one from the community (民生委員, neighbour, community organisation, business). */
  NO_COMMUNITY_MEMBER = 'NO_COMMUNITY_MEMBER',
  /** 本人の意向に沿っているか: the person's own wish was not recorded. */
  NO_PERSON_WISH = 'NO_PERSON_WISH',
  /** 短期・中長期目標が分かれているか: the goals do not include both terms. */
  GOALS_NOT_SPLIT = 'GOALS_NOT_SPLIT',
  /** 役割分担に担当者がいるか: an assignment without an owner. */
  ASSIGNMENT_WITHOUT_OWNER = 'ASSIGNMENT_WITHOUT_OWNER',
  /** 役割分担に期日があるか: an assignment without a due date. */
  ASSIGNMENT_WITHOUT_DUE_DATE = 'ASSIGNMENT_WITHOUT_DUE_DATE',
  /** 「今できないこと」を確認したか */
  UNMET_NOT_CONFIRMED = 'UNMET_NOT_CONFIRMED',
}

registerEnumType(CaseConferenceStatus, { name: 'CaseConferenceStatus' });
registerEnumType(ParticipantKind, {
  name: 'ParticipantKind',
  description: 'Participants without an account (seed 3-7): 本人, 家族, 民生委員, 近隣住民, 地域の団体, 商店・企業.',
  valuesMap: {
    PERSON_THEMSELF: { description: '本人 / The person themself' },
    FAMILY: { description: '家族 / Family' },
    MINSEI_IIN: { description: '民生委員・児童委員 / Commissioned welfare volunteer (minsei-iin, jidō-iin)' },
    NEIGHBOUR: { description: '近隣住民 / Neighbour' },
    COMMUNITY_ORGANISATION: {
      description:
        '自治会・NPO・ボランティア団体などの地域の団体 / Community organisation (neighbourhood association, NPO, volunteer group)',
    },
    BUSINESS: { description: '商店・企業・雇用主 / Shop, business or employer' },
    OTHER: { description: 'その他 / Other' },
  },
});
registerEnumType(GoalTerm, { name: 'GoalTerm' });
registerEnumType(SupportTiming, { name: 'SupportTiming' });
registerEnumType(UnmetReason, {
  name: 'UnmetReason',
  description: 'Why something cannot be done for the person now (⑤).',
  valuesMap: {
    NO_RESOURCE: { description: '地域に資源がない / No resource in the area' },
    NO_CAPACITY: { description: '資源はあるが受け入れる余力がない / A resource exists but has no capacity' },
    OUT_OF_AREA: { description: '区域外 / Out of area' },
    SYSTEM_GAP: { description: '制度の狭間 / Falls between systems' },
  },
});
registerEnumType(ConferenceChecklistCode, { name: 'ConferenceChecklistCode' });
