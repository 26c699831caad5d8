/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AgencyFilter = {
  /** Only agencies accepting (true) or pausing (false) referrals. */
  accepting?: boolean | null | undefined;
  /** Agencies whose service areas overlap this municipality or ward (6-digit code, e.g. 231100). */
  municipalityCode?: string | null | undefined;
  /** A need-category code (see needCategories). */
  needCategory?: string | null | undefined;
  sector?: Sector | null | undefined;
};

/** Age buckets of open referrals since sending: [0, 1 d), [1 d, 3 d), [3 d, 7 d), [7 d, 30 d), 30 d and more. */
export type BacklogAge =
  | 'DAYS_1_TO_3'
  | 'DAYS_3_TO_7'
  | 'DAYS_7_TO_30'
  | 'OVER_30_DAYS'
  | 'UNDER_1_DAY';

export type Box =
  | 'INBOX'
  | 'OUTBOX';

export type CaseConferenceFilter = {
  /** Scheduled at or after. */
  from?: string | null | undefined;
  personId?: string | number | null | undefined;
  status?: Array<CaseConferenceStatus> | null | undefined;
  /** Scheduled before. */
  to?: string | null | undefined;
};

export type CaseConferenceStatus =
  | 'CANCELLED'
  | 'HELD'
  | 'RECORDED'
  | 'SCHEDULED';

/** A community resource; on update every given field replaces the stored one. */
export type CommunityResourceInput = {
  contact?: string | null | undefined;
  description?: string | null | undefined;
  kind: CommunityResourceKind;
  /** 6-digit municipality or ward codes served (at least one). */
  municipalityCodes: Array<string>;
  name: string;
  /** Need-category codes (at least one). */
  needCategories: Array<string>;
  ratings?: CommunityResourceRatingsInput | null | undefined;
};

/** Kinds of community resource (社会資源) that are not agencies: 見守り隊 WATCH_NETWORK, 居場所 GATHERING_PLACE, 居住サポート HOUSING_SUPPORT, 食の支援 FOOD_SUPPORT, 当事者団体 PEER_GROUP, ボランティア VOLUNTEER, 働く場 WORK_PLACE, 学習支援 LEARNING_SUPPORT, 金銭管理 MONEY_MANAGEMENT, OTHER. */
export type CommunityResourceKind =
  | 'FOOD_SUPPORT'
  | 'GATHERING_PLACE'
  | 'HOUSING_SUPPORT'
  | 'LEARNING_SUPPORT'
  | 'MONEY_MANAGEMENT'
  | 'OTHER'
  | 'PEER_GROUP'
  | 'VOLUNTEER'
  | 'WATCH_NETWORK'
  | 'WORK_PLACE';

export type CommunityResourceRatingsInput = {
  /** 円環性, 1–3. */
  circularity?: number | null | undefined;
  /** 豊かな人間性, 1–3. */
  humanity?: number | null | undefined;
  /** 本人主体性, 1–3. */
  personCentred?: number | null | undefined;
  /** 住民協働性, 1–3. */
  residentCollaboration?: number | null | undefined;
  /** 選択性, 1–3. */
  selectability?: number | null | undefined;
  /** 持続性, 1–3. */
  sustainability?: number | null | undefined;
  /** 汎用性, 1–3. */
  versatility?: number | null | undefined;
};

export type ConferenceAgencyInput = {
  agencyId: string | number;
  /** Its role in the conference, e.g. 家計相談, 居住支援. */
  roleLabel: string;
};

export type ConferenceChecklistCode =
  | 'ASSIGNMENT_WITHOUT_DUE_DATE'
  | 'ASSIGNMENT_WITHOUT_OWNER'
  | 'GOALS_NOT_SPLIT'
  | 'NO_COMMUNITY_MEMBER'
  | 'NO_PERSON_WISH'
  | 'UNMET_NOT_CONFIRMED';

export type ConferenceParticipantInput = {
  kind: ParticipantKind;
  name: string;
  /** e.g. 本人, 母, 担当民生委員, 大家. */
  roleLabel: string;
};

export type ConsentMethod =
  /** 電磁的方法 / Electronic */
  | 'ELECTRONIC'
  /** 口頭 / Verbal */
  | 'VERBAL'
  /** 書面 / Written */
  | 'WRITTEN';

export type ConsentPurpose =
  /** 個別支援会議 / Case conference */
  | 'CASE_CONFERENCE'
  /** 情報共有 / Information sharing */
  | 'INFORMATION_SHARING'
  /** 紹介 / Referral */
  | 'REFERRAL';

export type ConsentStatus =
  /** 有効 / Active */
  | 'ACTIVE'
  /** 期限切れ / Expired */
  | 'EXPIRED'
  /** 撤回 / Withdrawn */
  | 'WITHDRAWN';

/** 運営会議 (STEERING), 定例会 (REGULAR), 専門部会 (SUBCOMMITTEE), 全体会 (PLENARY). */
export type CouncilBodyKind =
  | 'PLENARY'
  | 'REGULAR'
  | 'STEERING'
  | 'SUBCOMMITTEE';

/** 評価 EVALUATION, 情報 INFORMATION, 調整 COORDINATION, 開発 DEVELOPMENT, 教育 EDUCATION, 権利擁護 ADVOCACY. */
export type CouncilFunction =
  | 'ADVOCACY'
  | 'COORDINATION'
  | 'DEVELOPMENT'
  | 'EDUCATION'
  | 'EVALUATION'
  | 'INFORMATION';

/** 地域自立支援協議会, 支援調整会議, 地域ケア会議, 居住支援協議会, 要保護児童対策地域協議会, other. */
export type CouncilKind =
  | 'CHILD_PROTECTION'
  | 'COMMUNITY_CARE'
  | 'HOUSING_SUPPORT'
  | 'OTHER'
  | 'SELF_RELIANCE_SUPPORT'
  | 'SUPPORT_COORDINATION';

/** MEMBER, or SECRETARIAT (事務局). */
export type CouncilRole =
  | 'MEMBER'
  | 'SECRETARIAT';

export type CreateReferralInput = {
  /** Retries with the same key return the same referral. */
  idempotencyKey?: string | null | undefined;
  /** Required for VITAL_INTEREST. */
  justification?: string | null | undefined;
  legalBasis?: LegalBasis;
  /** The support meeting or council, for those legal bases. */
  legalBasisRef?: string | number | null | undefined;
  /** Where the person lives, for routing by sector (defaults to the person’s). */
  municipalityCode?: string | null | undefined;
  needCategories: Array<string>;
  personId: string | number;
  /** Send at once (else it stays a DRAFT). */
  send?: boolean;
  sharedCategories: Array<DataCategory>;
  summary: string;
  /** Exactly one of toAgencyId and toSector. */
  toAgencyId?: string | number | null | undefined;
  /** The hub picks the best-suited agency of this sector. */
  toSector?: Sector | null | undefined;
  urgency: Urgency;
};

export type CreateStaffMemberInput = {
  /** The member's agency: the agency admin's own by default; required from the hub admin. */
  agencyId?: string | number | null | undefined;
  displayName: string;
  email: string;
  role: StaffRole;
};

/** The groups a person's data is disclosed or masked by. */
export type DataCategory =
  /** 相談記録 / Case notes */
  | 'CASE_NOTES'
  /** 連絡先（電話・メール・住所） / Contact (phone, e-mail, address) */
  | 'CONTACT'
  /** 教育 / Education */
  | 'EDUCATION'
  /** 就労 / Employment */
  | 'EMPLOYMENT'
  /** 健康・障害（要配慮個人情報） / Health and disability (special-care personal information) */
  | 'HEALTH_DISABILITY'
  /** 世帯の状況 / Household */
  | 'HOUSEHOLD'
  /** 本人を特定する情報（氏名・生年月日） / Identity (name, date of birth) */
  | 'IDENTITY'
  /** 収入・債務 / Income and debt */
  | 'INCOME_DEBT'
  /** 司法・犯罪歴（要配慮個人情報） / Justice (special-care personal information) */
  | 'JUSTICE'
  /** 本人の関係と社会資源（ヒアリングシート・エコマップ） / The person's relations and community resources: the hearing sheet and the ecomap */
  | 'SUPPORT_NETWORK';

export type DeclineReason =
  /** 重複した紹介 / Duplicate referral */
  | 'DUPLICATE'
  /** 対象要件に該当しない / Not eligible */
  | 'NOT_ELIGIBLE'
  /** 受け入れる余力がない / No capacity */
  | 'NO_CAPACITY'
  /** その他 / Other */
  | 'OTHER'
  /** 対象区域外 / Out of area */
  | 'OUT_OF_AREA'
  /** 本人が希望しない / Declined by the person */
  | 'PERSON_DECLINED'
  /** 該当するサービスがない / Service not available */
  | 'SERVICE_NOT_AVAILABLE';

/** PERSON 本人, FAMILY 家族・親族, FRIEND 友人, NEIGHBOUR 近隣, COMMUNITY_ORGANISATION 地域組織・当事者団体, BUSINESS 商店・企業, INFORMAL_SUPPORTER インフォーマルな支援者, AGENCY 支援機関, COMMUNITY_RESOURCE 地域資源, OTHER その他 */
export type EcomapNodeKind =
  | 'AGENCY'
  | 'BUSINESS'
  | 'COMMUNITY_ORGANISATION'
  | 'COMMUNITY_RESOURCE'
  | 'FAMILY'
  | 'FRIEND'
  | 'INFORMAL_SUPPORTER'
  | 'NEIGHBOUR'
  | 'OTHER'
  | 'PERSON';

export type GoalTerm =
  | 'MEDIUM_LONG_TERM'
  | 'SHORT_TERM';

export type HearingSheetAnswerInput = {
  /** At most 20. */
  entries?: Array<HearingSheetEntryInput> | null | undefined;
  /** The item, 1–13; each at most once. */
  number: number;
  /** At most 4000 characters. */
  text?: string | null | undefined;
};

export type HearingSheetEntryInput = {
  kind?: PersonRelationKind | null | undefined;
  /** 1–100 characters. */
  label: string;
  /** At most 1000 characters. */
  note?: string | null | undefined;
};

/** COMMUNITY_TIES 地域の関わり (1–5), RELIABLE_RESOURCES 頼りになる資源 (6–9), PERSONAL_POWER 本人のパワー (10–13) */
export type HearingSheetGroup =
  | 'COMMUNITY_TIES'
  | 'PERSONAL_POWER'
  | 'RELIABLE_RESOURCES';

export type IssueApiKeyInput = {
  /** The agency the key acts for; omit for a hub-admin key. */
  agencyId?: string | number | null | undefined;
  /** When the key stops working; in the future, at most ten years ahead, and not after the expiry of the issuing key (which it defaults to). Omit it for a key that does not expire. */
  expiresAt?: string | null | undefined;
  label?: string | null | undefined;
  scopes: Array<string>;
};

export type LegalBasis =
  /** 要保護児童対策地域協議会（児童福祉法 第25条の2）。構成機関の間に限る / Regional council for children in need of protection: between member agencies only */
  | 'CHILD_PROTECTION_COUNCIL'
  /** 本人の同意（個人情報保護法 第27条第1項） / The person's consent */
  | 'CONSENT'
  /** 支援会議（生活困窮者自立支援法 第9条・社会福祉法 第106条の6）。構成機関の間に限る / Support meeting: between member agencies only */
  | 'SUPPORT_MEETING'
  /** 人の生命・身体・財産の保護のため、本人の同意を得ることが困難なとき（個人情報保護法 第27条第1項第2号） / To protect life, body or property when consent cannot be obtained */
  | 'VITAL_INTEREST';

export type MoveRegionalIssueInput = {
  /** Required for CLOSED. */
  closedReason?: string | null | undefined;
  expectedVersion: number;
  issueId: string | number;
  /** The meeting that decided it: of the target stage’s body kind; PLENARY for an outcome. */
  meetingId?: string | number | null | undefined;
  note?: string | null | undefined;
  /** RESOURCE_DEVELOPED: the new community resource (required). RESOURCE_IMPROVED: optional new values for the resource. */
  resource?: CommunityResourceInput | null | undefined;
  /** RESOURCE_IMPROVED: the community resource improved (required). */
  resourceId?: string | number | null | undefined;
  toStage: RegionalIssueStage;
};

/** Participants without an account (seed 3-7): 本人, 家族, 民生委員, 近隣住民, 地域の団体, 商店・企業. */
export type ParticipantKind =
  /** 商店・企業・雇用主 / Shop, business or employer */
  | 'BUSINESS'
  /** 自治会・NPO・ボランティア団体などの地域の団体 / Community organisation (neighbourhood association, NPO, volunteer group) */
  | 'COMMUNITY_ORGANISATION'
  /** 家族 / Family */
  | 'FAMILY'
  /** 民生委員・児童委員 / Commissioned welfare volunteer (minsei-iin, jidō-iin) */
  | 'MINSEI_IIN'
  /** 近隣住民 / Neighbour */
  | 'NEIGHBOUR'
  /** その他 / Other */
  | 'OTHER'
  /** 本人 / The person themself */
  | 'PERSON_THEMSELF';

/** FAMILY 家族・親族, FRIEND 友人, NEIGHBOUR 近隣, COMMUNITY_ORGANISATION 地域組織・当事者団体, BUSINESS 商店・企業, INFORMAL_SUPPORTER インフォーマルな支援者, OTHER その他 */
export type PersonRelationKind =
  | 'BUSINESS'
  | 'COMMUNITY_ORGANISATION'
  | 'FAMILY'
  | 'FRIEND'
  | 'INFORMAL_SUPPORTER'
  | 'NEIGHBOUR'
  | 'OTHER';

export type RecordConsentInput = {
  dataCategories: Array<DataCategory>;
  evidenceRef?: string | null | undefined;
  /** Must be after obtainedAt and in the future. */
  expiresAt?: string | null | undefined;
  method: ConsentMethod;
  /** Defaults to now; may not be in the future. */
  obtainedAt?: string | null | undefined;
  personId: string | number;
  purposes: Array<ConsentPurpose>;
  /** Exactly one of recipientAgencyId and recipientSector. */
  recipientAgencyId?: string | number | null | undefined;
  recipientSector?: Sector | null | undefined;
};

export type ReferralFilter = {
  /** INBOX: received; OUTBOX: sent. Both when omitted. */
  box?: Box | null | undefined;
  overdue?: boolean | null | undefined;
  personId?: string | number | null | undefined;
  /** Hub admin: VITAL_INTEREST referrals awaiting review. */
  reviewRequired?: boolean | null | undefined;
  status?: Array<ReferralStatus> | null | undefined;
  urgency?: Urgency | null | undefined;
};

/** FHIR R4 Task status codes. */
export type ReferralStatus =
  /** 受諾 / Accepted */
  | 'ACCEPTED'
  /** 取消 / Cancelled */
  | 'CANCELLED'
  /** 完了 / Completed */
  | 'COMPLETED'
  /** 下書き / Draft */
  | 'DRAFT'
  /** 不成立 / Failed */
  | 'FAILED'
  /** 支援中 / In progress */
  | 'IN_PROGRESS'
  /** 保留中 / On hold */
  | 'ON_HOLD'
  /** 受付済み / Received */
  | 'RECEIVED'
  /** 辞退 / Rejected */
  | 'REJECTED'
  /** 依頼中 / Requested */
  | 'REQUESTED';

export type RegionalIssueFilter = {
  councilId?: string | number | null | undefined;
  municipalityCode?: string | null | undefined;
  needCategory?: string | null | undefined;
  stages?: Array<RegionalIssueStage> | null | undefined;
};

/** RAISED → STEERING (運営会議) → REGULAR (定例会) → SUBCOMMITTEE (専門部会) → PLENARY (全体会) → RESOURCE_DEVELOPED | RESOURCE_IMPROVED | POLICY_PROPOSED; CLOSED from any open stage; MERGED into another issue. */
export type RegionalIssueStage =
  | 'CLOSED'
  | 'MERGED'
  | 'PLENARY'
  | 'POLICY_PROPOSED'
  | 'RAISED'
  | 'REGULAR'
  | 'RESOURCE_DEVELOPED'
  | 'RESOURCE_IMPROVED'
  | 'STEERING'
  | 'SUBCOMMITTEE';

export type RegisterPersonInput = {
  address?: string | null | undefined;
  /** YYYY-MM-DD */
  birthDate?: string | null | undefined;
  caseNotes?: string | null | undefined;
  education?: string | null | undefined;
  email?: string | null | undefined;
  employment?: string | null | undefined;
  familyName: string;
  familyNameKana?: string | null | undefined;
  givenName: string;
  givenNameKana?: string | null | undefined;
  healthDisability?: string | null | undefined;
  householdNotes?: string | null | undefined;
  incomeDebt?: string | null | undefined;
  justice?: string | null | undefined;
  /** 6-digit local-government code */
  municipalityCode?: string | null | undefined;
  phone?: string | null | undefined;
};

/** TO_PERSON 本人へ, FROM_PERSON 本人から, MUTUAL 相互 */
export type RelationDirection =
  | 'FROM_PERSON'
  | 'MUTUAL'
  | 'TO_PERSON';

/** STRONG 強い (thick line), WEAK 弱い (dashed), STRESSFUL ストレス・対立 (red zig-zag) */
export type RelationStrength =
  | 'STRESSFUL'
  | 'STRONG'
  | 'WEAK';

export type ScheduleCaseConferenceInput = {
  /** Participating agencies besides the lead. */
  agencies?: Array<ConferenceAgencyInput>;
  /** What of the person is shared with the participating agencies. */
  dataCategories: Array<DataCategory>;
  /** The lead’s own role label. */
  leadRoleLabel?: string;
  /** Not VITAL_INTEREST. */
  legalBasis?: LegalBasis;
  /** The support meeting or council, for those legal bases. */
  legalBasisRef?: string | number | null | undefined;
  online?: boolean;
  participants?: Array<ConferenceParticipantInput>;
  personId: string | number;
  place?: string | null | undefined;
  scheduledAt: string;
  title: string;
};

/** The systems of the cross-system collaboration chart (生活困窮者自立支援制度における他制度との連携). */
export type Sector =
  /** 農林水産 / Agriculture, forestry and fisheries */
  | 'AGRICULTURE'
  /** ひとり親家庭・児童福祉 / Child welfare and single-parent families */
  | 'CHILD_FAMILY'
  /** 地域福祉 / Community welfare */
  | 'COMMUNITY_WELFARE'
  /** 矯正・更生保護 / Corrections and rehabilitation */
  | 'CORRECTIONS'
  /** 多重債務 / Multiple-debt counselling */
  | 'DEBT'
  /** 障害福祉 / Disability welfare */
  | 'DISABILITY'
  /** 教育 / Education */
  | 'EDUCATION'
  /** 高齢者介護 / Elder care */
  | 'ELDER_CARE'
  /** 就労支援 / Employment support */
  | 'EMPLOYMENT'
  /** 国民健康保険・後期高齢者医療 / National health insurance */
  | 'HEALTH_INSURANCE'
  /** 住まい / Housing */
  | 'HOUSING'
  /** 国民年金 / National pension */
  | 'PENSION'
  /** 生活困窮者自立支援 / Self-reliance support for people in need */
  | 'POVERTY'
  /** 生活保護 / Public assistance */
  | 'PUBLIC_ASSISTANCE'
  /** 自殺対策 / Suicide prevention */
  | 'SUICIDE_PREVENTION'
  /** 子ども・若者育成支援 / Children and youth development support */
  | 'YOUTH';

/** 職員の役割 / What a staff member may do. */
export type StaffRole =
  /** 機関管理者 / A caseworker who also manages the agency staff, keys and webhooks. */
  | 'AGENCY_ADMIN'
  /** 相談員 / Works referrals, consents, conferences and tasks for the agency. */
  | 'CASEWORKER'
  /** ハブ管理者 / Runs the hub; belongs to no agency. */
  | 'HUB_ADMIN'
  /** 地域の調整担当 / A caseworker of the coordinating agency; reads hub statistics. */
  | 'HUB_COORDINATOR';

/** The referrals the statistics cover: sent in [from, to), narrowed by the receiving agency, its sector, the urgency and an area. */
export type StatsFilter = {
  /** The receiving agency. Another agency’s id needs a hub-admin key or a hub coordinator. */
  agencyId?: string | number | null | undefined;
  /** Sent at or after this instant. */
  from?: string | null | undefined;
  /** A municipality or ward (6-digit code, e.g. 231100). responseTimeStats: receiving agencies serving it; unmetNeeds: people living there. */
  municipalityCode?: string | null | undefined;
  /** The receiving agency’s sector. */
  sector?: Sector | null | undefined;
  /** Sent before this instant. */
  to?: string | null | undefined;
  urgency?: Urgency | null | undefined;
};

/** AGENCY and SECTOR: the receiving agency and its sector. URGENCY: the referral’s. WEEK (from Monday) and MONTH: when it was sent, in JST. */
export type StatsGroupBy =
  | 'AGENCY'
  | 'MONTH'
  | 'SECTOR'
  | 'URGENCY'
  | 'WEEK';

export type SuggestAgenciesInput = {
  municipalityCode: string;
  needCategories: Array<string>;
  /** Only agencies of this sector. */
  sector?: Sector | null | undefined;
  urgency?: Urgency | null | undefined;
};

export type SupportTaskFilter = {
  overdue?: boolean | null | undefined;
  /** The person’s tasks: all of them for a viewer of the plan, otherwise only the caller’s own. Omitted: the caller’s own tasks. */
  personId?: string | number | null | undefined;
  status?: Array<SupportTaskStatus> | null | undefined;
};

/** OPEN; DONE (completed); DROPPED (not done, with a reason) */
export type SupportTaskStatus =
  | 'DONE'
  | 'DROPPED'
  | 'OPEN';

export type SupportTiming =
  | 'NEEDS_TIME'
  | 'NOW';

export type TotpCodeInput = {
  /** The 6-digit code the authenticator app shows now. */
  code: string;
};

/** Why something cannot be done for the person now (⑤). */
export type UnmetReason =
  /** 資源はあるが受け入れる余力がない / A resource exists but has no capacity */
  | 'NO_CAPACITY'
  /** 地域に資源がない / No resource in the area */
  | 'NO_RESOURCE'
  /** 区域外 / Out of area */
  | 'OUT_OF_AREA'
  /** 制度の狭間 / Falls between systems */
  | 'SYSTEM_GAP';

export type Urgency =
  /** 緊急 / Emergency */
  | 'EMERGENCY'
  /** 高 / High */
  | 'HIGH'
  /** 低 / Low */
  | 'LOW'
  /** 通常 / Normal */
  | 'NORMAL';

export type AccountBeginTotpEnrollmentMutationVariables = Exact<{ [key: string]: never; }>;


export type AccountBeginTotpEnrollmentMutation = { beginTotpEnrollment: { secret: string, otpauthUri: string } };

export type AccountConfirmTotpEnrollmentMutationVariables = Exact<{
  input: TotpCodeInput;
}>;


export type AccountConfirmTotpEnrollmentMutation = { confirmTotpEnrollment: { id: string, totpEnabled: boolean } };

export type AccountViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountViewerQuery = { viewer: { isHubAdmin: boolean, scopes: Array<string> } };

export type AccountApiKeysQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AccountApiKeysQuery = { apiKeys: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, prefix: string, label: string | null, scopes: Array<string>, createdAt: string, lastUsedAt: string | null, expiresAt: string | null, revokedAt: string | null, isHubAdmin: boolean } }> } };

export type AccountIssueApiKeyMutationVariables = Exact<{
  input: IssueApiKeyInput;
}>;


export type AccountIssueApiKeyMutation = { issueApiKey: { secret: string, apiKey: { id: string, prefix: string } } };

export type AccountRevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type AccountRevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type AccountStaffMembersQueryVariables = Exact<{
  agencyId?: string | number | null | undefined;
}>;


export type AccountStaffMembersQuery = { staffMembers: Array<{ id: string, agencyId: string | null, email: string, displayName: string, role: StaffRole, totpEnabled: boolean, locked: boolean, lockedUntil: string | null, passwordSet: boolean, createdAt: string, deactivatedAt: string | null }> };

export type AccountAgenciesQueryVariables = Exact<{ [key: string]: never; }>;


export type AccountAgenciesQuery = { agencies: { edges: Array<{ node: { id: string, name: string } }> } };

export type AccountCreateStaffMemberMutationVariables = Exact<{
  input: CreateStaffMemberInput;
}>;


export type AccountCreateStaffMemberMutation = { createStaffMember: { setupToken: string, staffMember: { id: string, displayName: string } } };

export type AccountDeactivateStaffMemberMutationVariables = Exact<{
  id: string | number;
}>;


export type AccountDeactivateStaffMemberMutation = { deactivateStaffMember: { id: string, deactivatedAt: string | null } };

export type ConsoleAgencyNameQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleAgencyNameQuery = { agency: { id: string, name: string } | null };

export type ConsoleConferenceQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleConferenceQuery = { caseConference: { id: string, status: CaseConferenceStatus, title: string, scheduledAt: string, heldAt: string | null, recordedAt: string | null, cancelledAt: string | null, cancelReason: string | null, accessUntil: string | null, place: string | null, online: boolean, personId: string, legalBasis: LegalBasis, dataCategories: Array<DataCategory>, version: number, redacted: Array<string>, leadAgency: { id: string, name: string }, agencies: Array<{ lead: boolean, roleLabel: string, agency: { id: string, name: string } }>, participants: Array<{ id: string, kind: ParticipantKind, roleLabel: string, name: string }>, record: { informationShared: string | null, hearingSheetShared: boolean, personWish: string | null, agreedDirection: string | null, unmetConfirmed: boolean, redacted: Array<string>, goals: Array<{ term: GoalTerm, text: string | null }>, supports: Array<{ timing: SupportTiming, text: string | null }>, assignments: Array<{ id: string, description: string | null, dueOn: string | null, assigneeAgency: { id: string, name: string } | null, assigneeParticipant: { id: string, roleLabel: string, name: string } | null }>, unmetItems: Array<{ id: string, needCategory: string, municipalityCode: string, description: string, reason: UnmetReason }> } | null, checklist: Array<{ code: ConferenceChecklistCode, message: string, assignmentId: string | null }> } | null };

export type ConsoleConferencesQueryVariables = Exact<{
  filter?: CaseConferenceFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type ConsoleConferencesQuery = { caseConferences: { totalCount: number, edges: Array<{ node: { id: string, status: CaseConferenceStatus, title: string, scheduledAt: string, place: string | null, online: boolean, personId: string, leadAgency: { id: string, name: string } } }> } };

export type ConsoleScheduleOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleScheduleOptionsQuery = { agencies: { edges: Array<{ node: { id: string, name: string } }> }, supportMeetings: Array<{ id: string, kind: LegalBasis, name: string }> };

export type ConsoleScheduleConferenceMutationVariables = Exact<{
  input: ScheduleCaseConferenceInput;
}>;


export type ConsoleScheduleConferenceMutation = { scheduleCaseConference: { id: string, status: CaseConferenceStatus } };

export type ConsoleCouncilsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCouncilsQuery = { councilList: Array<{ id: string, name: string, kind: CouncilKind, members: Array<{ role: CouncilRole, agency: { id: string } }> }> };

export type ConsoleCouncilIssuesQueryVariables = Exact<{
  filter?: RegionalIssueFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type ConsoleCouncilIssuesQuery = { regionalIssues: { totalCount: number, edges: Array<{ node: { id: string, title: string, stage: RegionalIssueStage, version: number, raisedAt: string, needCategories: Array<string>, function: CouncilFunction, allowedNextStages: Array<RegionalIssueStage>, mergedIntoId: string | null, body: { id: string, name: string } | null, raisedByAgency: { id: string, name: string }, evidence: { itemCount: number | null, declinedReferralCount: number | null, personCount: number | null, suppressed: boolean } } }> } };

export type ConsoleCouncilMeetingsQueryVariables = Exact<{
  councilId: string | number;
  first?: number | null | undefined;
}>;


export type ConsoleCouncilMeetingsQuery = { councilMeetings: { edges: Array<{ node: { id: string, heldOn: string, title: string, body: { id: string, kind: CouncilBodyKind, name: string } } }> } };

export type ConsoleMoveRegionalIssueMutationVariables = Exact<{
  input: MoveRegionalIssueInput;
}>;


export type ConsoleMoveRegionalIssueMutation = { moveRegionalIssue: { id: string, stage: RegionalIssueStage, version: number, allowedNextStages: Array<RegionalIssueStage>, body: { id: string, name: string } | null } };

export type ConsoleResponseTimeStatsQueryVariables = Exact<{
  filter?: StatsFilter | null | undefined;
  groupBy: StatsGroupBy;
}>;


export type ConsoleResponseTimeStatsQuery = { responseTimeStats: Array<{ key: string, groupBy: StatsGroupBy, agencyId: string | null, sector: Sector | null, urgency: Urgency | null, periodStart: string | null, referralCount: number, suppressed: boolean, agency: { id: string, name: string } | null, acknowledge: { calendar: { count: number, p50Ms: number | null, p90Ms: number | null, p95Ms: number | null }, business: { count: number, p50Ms: number | null, p90Ms: number | null, p95Ms: number | null } } | null, decision: { calendar: { count: number, p50Ms: number | null, p90Ms: number | null, p95Ms: number | null }, business: { count: number, p50Ms: number | null, p90Ms: number | null, p95Ms: number | null } } | null, acknowledgeTarget: { met: number, missed: number, share: number | null } | null, decisionTarget: { met: number, missed: number, share: number | null } | null, overdue: { acknowledge: number, decision: number, total: number } | null, backlog: Array<{ age: BacklogAge, open: number, awaitingDecision: number }> | null }> };

export type ConsoleUnmetNeedsQueryVariables = Exact<{
  filter?: StatsFilter | null | undefined;
}>;


export type ConsoleUnmetNeedsQuery = { unmetNeeds: Array<{ needCategory: string, municipalityCode: string | null, municipalityName: string | null, period: string, referralCount: number, personCount: number }> };

export type ConsolePersonPageConsentsQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsolePersonPageConsentsQuery = { consents: Array<{ id: string, recipientAgencyId: string | null, recipientSector: Sector | null, purposes: Array<ConsentPurpose>, dataCategories: Array<DataCategory>, method: ConsentMethod, status: ConsentStatus, obtainedAt: string, expiresAt: string | null, withdrawnAt: string | null, withdrawalReason: string | null, evidenceRef: string | null }> };

export type ConsolePersonWithdrawConsentMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type ConsolePersonWithdrawConsentMutation = { withdrawConsent: { id: string, status: ConsentStatus, withdrawnAt: string | null, withdrawalReason: string | null } };

export type ConsoleEcomapQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsoleEcomapQuery = { ecomap: { personId: string, redacted: Array<DataCategory>, svg: string, nodes: Array<{ key: string, kind: EcomapNodeKind, label: string, detail: string | null }>, edges: Array<{ from: string, to: string, strength: RelationStrength, direction: RelationDirection, label: string | null }> } };

export type ConsoleHearingSheetQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsoleHearingSheetQuery = { hearingSheet: { personId: string, version: number, updatedAt: string | null, updatedByAgency: { id: string, name: string } | null, items: Array<{ number: number, group: HearingSheetGroup, groupLabel: string, question: string, text: string | null, entries: Array<{ kind: PersonRelationKind | null, label: string, note: string | null }> }> } };

export type ConsoleSaveHearingSheetMutationVariables = Exact<{
  personId: string | number;
  expectedVersion: number;
  answers: Array<HearingSheetAnswerInput> | HearingSheetAnswerInput;
}>;


export type ConsoleSaveHearingSheetMutation = { saveHearingSheet: { personId: string, version: number, updatedAt: string | null, updatedByAgency: { id: string, name: string } | null, items: Array<{ number: number, group: HearingSheetGroup, groupLabel: string, question: string, text: string | null, entries: Array<{ kind: PersonRelationKind | null, label: string, note: string | null }> }> } };

export type ConsolePersonPageQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsolePersonPageQuery = { person: { id: string, familyName: string | null, givenName: string | null, familyNameKana: string | null, givenNameKana: string | null, birthDate: string | null, phone: string | null, email: string | null, address: string | null, municipalityCode: string | null, householdNotes: string | null, incomeDebt: string | null, employment: string | null, education: string | null, healthDisability: string | null, justice: string | null, caseNotes: string | null, redacted: Array<DataCategory> } | null };

export type ConsoleKnownPersonsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleKnownPersonsQuery = { referrals: { edges: Array<{ node: { id: string, person: { id: string, familyName: string | null, givenName: string | null, redacted: Array<DataCategory> } } }> }, caseConferences: { edges: Array<{ node: { id: string, personId: string } }> } };

export type ConsolePersonsRegisterMutationVariables = Exact<{
  input: RegisterPersonInput;
}>;


export type ConsolePersonsRegisterMutation = { registerPerson: { id: string, familyName: string | null, givenName: string | null, redacted: Array<DataCategory> } };

export type ConsoleSupportPlanQueryVariables = Exact<{
  personId: string | number;
}>;


export type ConsoleSupportPlanQuery = { supportPlan: { id: string, leadAgencyId: string, currentVersion: number, nextReviewOn: string | null, version: number, current: { version: number, conferenceId: string, createdAt: string, personWish: string | null, agreedDirection: string | null, goals: Array<{ term: GoalTerm, text: string }>, supports: Array<{ timing: SupportTiming, text: string }> } } };

export type ConsoleSupportTasksQueryVariables = Exact<{
  filter?: SupportTaskFilter | null | undefined;
  first?: number | null | undefined;
}>;


export type ConsoleSupportTasksQuery = { supportTasks: { totalCount: number, edges: Array<{ node: { id: string, description: string, ownerAgencyId: string | null, ownerLabel: string | null, dueOn: string | null, status: SupportTaskStatus, overdue: boolean, dropReason: string | null, closedAt: string | null, version: number } }> } };

export type ConsoleCompleteSupportTaskMutationVariables = Exact<{
  id: string | number;
  expectedVersion: number;
}>;


export type ConsoleCompleteSupportTaskMutation = { completeSupportTask: { id: string, status: SupportTaskStatus, closedAt: string | null, overdue: boolean, version: number } };

export type ConsoleDropSupportTaskMutationVariables = Exact<{
  id: string | number;
  expectedVersion: number;
  reason: string;
}>;


export type ConsoleDropSupportTaskMutation = { dropSupportTask: { id: string, status: SupportTaskStatus, dropReason: string | null, closedAt: string | null, overdue: boolean, version: number } };

export type ConsoleSectorLabelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSectorLabelsQuery = { sectors: Array<{ code: Sector, labelJa: string, labelEn: string }> };

export type ConsoleNeedLabelsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleNeedLabelsQuery = { needCategories: Array<{ code: string, labelJa: string, labelEn: string }> };

export type ReferralsConsentFormQueryVariables = Exact<{
  personId: string | number;
  agencyId?: string | number | null | undefined;
  withAgency: boolean;
}>;


export type ReferralsConsentFormQuery = { person: { id: string, familyName: string | null, givenName: string | null } | null, agency?: { id: string, name: string } | null };

export type ReferralsRecordConsentMutationVariables = Exact<{
  input: RecordConsentInput;
}>;


export type ReferralsRecordConsentMutation = { recordConsent: { id: string, status: ConsentStatus, purposes: Array<ConsentPurpose>, dataCategories: Array<DataCategory>, expiresAt: string | null } };

export type ReferralsReferralListQueryVariables = Exact<{
  filter?: ReferralFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ReferralsReferralListQuery = { referrals: { totalCount: number, edges: Array<{ node: { id: string, status: ReferralStatus, urgency: Urgency, needCategories: Array<string>, createdAt: string, sentAt: string | null, overdue: boolean, acknowledgeDueAt: string | null, decisionDueAt: string | null, fromAgency: { id: string, name: string }, toAgency: { id: string, name: string }, person: { id: string, familyName: string | null, givenName: string | null, redacted: Array<DataCategory> } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ReferralsKnownPersonsQueryVariables = Exact<{ [key: string]: never; }>;


export type ReferralsKnownPersonsQuery = { referrals: { edges: Array<{ node: { id: string, person: { id: string, familyName: string | null, givenName: string | null, municipalityCode: string | null } } }> } };

export type ReferralsChosenPersonQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralsChosenPersonQuery = { person: { id: string, familyName: string | null, givenName: string | null, familyNameKana: string | null, givenNameKana: string | null, municipalityCode: string | null, redacted: Array<DataCategory> } | null };

export type ReferralsRegisterPersonMutationVariables = Exact<{
  input: RegisterPersonInput;
}>;


export type ReferralsRegisterPersonMutation = { registerPerson: { id: string, familyName: string | null, givenName: string | null, municipalityCode: string | null } };

export type ReferralsSuggestAgenciesQueryVariables = Exact<{
  input: SuggestAgenciesInput;
}>;


export type ReferralsSuggestAgenciesQuery = { suggestAgencies: Array<{ score: number, reasons: Array<string>, matchedNeeds: Array<string>, areaLevel: string, openBacklog: number, medianAcknowledgeHours: number | null, agency: { id: string, name: string, kind: string, sector: Sector }, pathway: { fromSector: Sector, toSector: Sector, purposeJa: string, purposeEn: string } | null, communityResources: Array<{ id: string, name: string, contact: string | null }> }> };

export type ReferralsCreateReferralMutationVariables = Exact<{
  input: CreateReferralInput;
}>;


export type ReferralsCreateReferralMutation = { createReferral: { id: string, status: ReferralStatus, version: number, toAgency: { id: string, name: string, sector: Sector } } };

export type ReferralsSendDraftMutationVariables = Exact<{
  id: string | number;
}>;


export type ReferralsSendDraftMutation = { sendReferral: { id: string, status: ReferralStatus } };

export type ReferralsSendReferralMutationVariables = Exact<{
  id: string | number;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsSendReferralMutation = { sendReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsAcknowledgeReferralMutationVariables = Exact<{
  id: string | number;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsAcknowledgeReferralMutation = { acknowledgeReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsAcceptReferralMutationVariables = Exact<{
  id: string | number;
  note?: string | null | undefined;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsAcceptReferralMutation = { acceptReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsDeclineReferralMutationVariables = Exact<{
  id: string | number;
  reason: DeclineReason;
  note?: string | null | undefined;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsDeclineReferralMutation = { declineReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsStartReferralMutationVariables = Exact<{
  id: string | number;
  note?: string | null | undefined;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsStartReferralMutation = { startReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsHoldReferralMutationVariables = Exact<{
  id: string | number;
  note: string;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsHoldReferralMutation = { holdReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsCompleteReferralMutationVariables = Exact<{
  id: string | number;
  outcome: string;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsCompleteReferralMutation = { completeReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsFailReferralMutationVariables = Exact<{
  id: string | number;
  reason: string;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsFailReferralMutation = { failReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsCancelReferralMutationVariables = Exact<{
  id: string | number;
  reason: string;
  expectedVersion?: number | null | undefined;
}>;


export type ReferralsCancelReferralMutation = { cancelReferral: { id: string, status: ReferralStatus, version: number } };

export type ReferralsForwardReferralMutationVariables = Exact<{
  id: string | number;
  toAgencyId: string | number;
  note?: string | null | undefined;
}>;


export type ReferralsForwardReferralMutation = { forwardReferral: { id: string, status: ReferralStatus } };

export type ReferralsForwardAgenciesQueryVariables = Exact<{
  filter?: AgencyFilter | null | undefined;
}>;


export type ReferralsForwardAgenciesQuery = { agencies: { edges: Array<{ node: { id: string, name: string, sector: Sector } }> } };

export type ReferralsDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ReferralsDetailQuery = { referral: { id: string, version: number, status: ReferralStatus, urgency: Urgency, needCategories: Array<string>, summary: string | null, outcome: string | null, closeReason: string | null, declineReason: DeclineReason | null, justification: string | null, routingNote: string | null, legalBasis: LegalBasis, sharedCategories: Array<DataCategory>, reviewRequired: boolean, overdue: boolean, createdAt: string, sentAt: string | null, acknowledgeDueAt: string | null, acknowledgedAt: string | null, decisionDueAt: string | null, decidedAt: string | null, startedAt: string | null, closedAt: string | null, redacted: Array<string>, forwardedFrom: { id: string } | null, fromAgency: { id: string, name: string, sector: Sector }, toAgency: { id: string, name: string, sector: Sector }, person: { id: string, familyName: string | null, givenName: string | null, familyNameKana: string | null, givenNameKana: string | null, birthDate: string | null, phone: string | null, email: string | null, municipalityCode: string | null, address: string | null, householdNotes: string | null, healthDisability: string | null, incomeDebt: string | null, employment: string | null, education: string | null, justice: string | null, caseNotes: string | null, redacted: Array<DataCategory> }, events: Array<{ id: string, type: string, fromStatus: ReferralStatus | null, toStatus: ReferralStatus | null, note: string | null, redacted: Array<string>, at: string, actorAgency: { id: string, name: string } | null }>, messages: Array<{ id: string, body: string | null, redacted: Array<string>, at: string, fromAgency: { id: string, name: string } }> } | null };

export type ReferralsPostReferralMessageMutationVariables = Exact<{
  referralId: string | number;
  body: string;
}>;


export type ReferralsPostReferralMessageMutation = { postReferralMessage: { id: string } };

export type ReferralsNeedCategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type ReferralsNeedCategoriesQuery = { needCategories: Array<{ code: string, labelJa: string, labelEn: string, descriptionJa: string, sectors: Array<Sector> }> };

export type ReferralsReferralEventsSubscriptionVariables = Exact<{
  box?: Box | null | undefined;
}>;


export type ReferralsReferralEventsSubscription = { referralEvents: { id: string, referralId: string, type: string, fromStatus: ReferralStatus | null, toStatus: ReferralStatus | null, at: string } };

export type ConsoleSignOutEverywhereMutationVariables = Exact<{ [key: string]: never; }>;


export type ConsoleSignOutEverywhereMutation = { signOutEverywhere: number };


export const AccountBeginTotpEnrollmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountBeginTotpEnrollment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"beginTotpEnrollment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"otpauthUri"}}]}}]}}]} as unknown as DocumentNode<AccountBeginTotpEnrollmentMutation, AccountBeginTotpEnrollmentMutationVariables>;
export const AccountConfirmTotpEnrollmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountConfirmTotpEnrollment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TotpCodeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confirmTotpEnrollment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"totpEnabled"}}]}}]}}]} as unknown as DocumentNode<AccountConfirmTotpEnrollmentMutation, AccountConfirmTotpEnrollmentMutationVariables>;
export const AccountViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountViewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"isHubAdmin"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}}]}}]}}]} as unknown as DocumentNode<AccountViewerQuery, AccountViewerQueryVariables>;
export const AccountApiKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountApiKeys"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"scopes"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"isHubAdmin"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccountApiKeysQuery, AccountApiKeysQueryVariables>;
export const AccountIssueApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountIssueApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IssueApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"issueApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"secret"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"prefix"}}]}}]}}]}}]} as unknown as DocumentNode<AccountIssueApiKeyMutation, AccountIssueApiKeyMutationVariables>;
export const AccountRevokeApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountRevokeApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<AccountRevokeApiKeyMutation, AccountRevokeApiKeyMutationVariables>;
export const AccountStaffMembersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountStaffMembers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agencyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"staffMembers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"agencyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agencyId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"totpEnabled"}},{"kind":"Field","name":{"kind":"Name","value":"locked"}},{"kind":"Field","name":{"kind":"Name","value":"lockedUntil"}},{"kind":"Field","name":{"kind":"Name","value":"passwordSet"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}}]}}]}}]} as unknown as DocumentNode<AccountStaffMembersQuery, AccountStaffMembersQueryVariables>;
export const AccountAgenciesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AccountAgencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AccountAgenciesQuery, AccountAgenciesQueryVariables>;
export const AccountCreateStaffMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountCreateStaffMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateStaffMemberInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createStaffMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setupToken"}},{"kind":"Field","name":{"kind":"Name","value":"staffMember"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}}]}}]}}]} as unknown as DocumentNode<AccountCreateStaffMemberMutation, AccountCreateStaffMemberMutationVariables>;
export const AccountDeactivateStaffMemberDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AccountDeactivateStaffMember"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deactivateStaffMember"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"deactivatedAt"}}]}}]}}]} as unknown as DocumentNode<AccountDeactivateStaffMemberMutation, AccountDeactivateStaffMemberMutationVariables>;
export const ConsoleAgencyNameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleAgencyName"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ConsoleAgencyNameQuery, ConsoleAgencyNameQueryVariables>;
export const ConsoleConferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleConference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseConference"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"heldAt"}},{"kind":"Field","name":{"kind":"Name","value":"recordedAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledAt"}},{"kind":"Field","name":{"kind":"Name","value":"cancelReason"}},{"kind":"Field","name":{"kind":"Name","value":"accessUntil"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"legalBasis"}},{"kind":"Field","name":{"kind":"Name","value":"dataCategories"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"leadAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agencies"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lead"}},{"kind":"Field","name":{"kind":"Name","value":"roleLabel"}}]}},{"kind":"Field","name":{"kind":"Name","value":"participants"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"roleLabel"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"record"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"informationShared"}},{"kind":"Field","name":{"kind":"Name","value":"hearingSheetShared"}},{"kind":"Field","name":{"kind":"Name","value":"personWish"}},{"kind":"Field","name":{"kind":"Name","value":"agreedDirection"}},{"kind":"Field","name":{"kind":"Name","value":"goals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"term"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"supports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timing"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assignments"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"assigneeAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"assigneeParticipant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"roleLabel"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"unmetConfirmed"}},{"kind":"Field","name":{"kind":"Name","value":"unmetItems"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"needCategory"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"checklist"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"assignmentId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]} as unknown as DocumentNode<ConsoleConferenceQuery, ConsoleConferenceQueryVariables>;
export const ConsoleConferencesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleConferences"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"CaseConferenceFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"caseConferences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledAt"}},{"kind":"Field","name":{"kind":"Name","value":"place"}},{"kind":"Field","name":{"kind":"Name","value":"online"}},{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"leadAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleConferencesQuery, ConsoleConferencesQueryVariables>;
export const ConsoleScheduleOptionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleScheduleOptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"supportMeetings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ConsoleScheduleOptionsQuery, ConsoleScheduleOptionsQueryVariables>;
export const ConsoleScheduleConferenceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleScheduleConference"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScheduleCaseConferenceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scheduleCaseConference"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ConsoleScheduleConferenceMutation, ConsoleScheduleConferenceMutationVariables>;
export const ConsoleCouncilsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCouncils"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"councilList"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"members"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCouncilsQuery, ConsoleCouncilsQueryVariables>;
export const ConsoleCouncilIssuesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCouncilIssues"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"RegionalIssueFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"regionalIssues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"raisedAt"}},{"kind":"Field","name":{"kind":"Name","value":"needCategories"}},{"kind":"Field","name":{"kind":"Name","value":"function"}},{"kind":"Field","name":{"kind":"Name","value":"allowedNextStages"}},{"kind":"Field","name":{"kind":"Name","value":"mergedIntoId"}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"raisedByAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"evidence"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"itemCount"}},{"kind":"Field","name":{"kind":"Name","value":"declinedReferralCount"}},{"kind":"Field","name":{"kind":"Name","value":"personCount"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCouncilIssuesQuery, ConsoleCouncilIssuesQueryVariables>;
export const ConsoleCouncilMeetingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleCouncilMeetings"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"councilId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"councilMeetings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"councilId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"councilId"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"heldOn"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleCouncilMeetingsQuery, ConsoleCouncilMeetingsQueryVariables>;
export const ConsoleMoveRegionalIssueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleMoveRegionalIssue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"MoveRegionalIssueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"moveRegionalIssue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"allowedNextStages"}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleMoveRegionalIssueMutation, ConsoleMoveRegionalIssueMutationVariables>;
export const ConsoleResponseTimeStatsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleResponseTimeStats"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StatsFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StatsGroupBy"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"responseTimeStats"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"groupBy"}},{"kind":"Field","name":{"kind":"Name","value":"agencyId"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sector"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"referralCount"}},{"kind":"Field","name":{"kind":"Name","value":"suppressed"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendar"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p90Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p90Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"decision"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"calendar"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p90Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}},{"kind":"Field","name":{"kind":"Name","value":"business"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"p50Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p90Ms"}},{"kind":"Field","name":{"kind":"Name","value":"p95Ms"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeTarget"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"missed"}},{"kind":"Field","name":{"kind":"Name","value":"share"}}]}},{"kind":"Field","name":{"kind":"Name","value":"decisionTarget"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"met"}},{"kind":"Field","name":{"kind":"Name","value":"missed"}},{"kind":"Field","name":{"kind":"Name","value":"share"}}]}},{"kind":"Field","name":{"kind":"Name","value":"overdue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledge"}},{"kind":"Field","name":{"kind":"Name","value":"decision"}},{"kind":"Field","name":{"kind":"Name","value":"total"}}]}},{"kind":"Field","name":{"kind":"Name","value":"backlog"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"age"}},{"kind":"Field","name":{"kind":"Name","value":"open"}},{"kind":"Field","name":{"kind":"Name","value":"awaitingDecision"}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleResponseTimeStatsQuery, ConsoleResponseTimeStatsQueryVariables>;
export const ConsoleUnmetNeedsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleUnmetNeeds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"StatsFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"unmetNeeds"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"needCategory"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityName"}},{"kind":"Field","name":{"kind":"Name","value":"period"}},{"kind":"Field","name":{"kind":"Name","value":"referralCount"}},{"kind":"Field","name":{"kind":"Name","value":"personCount"}}]}}]}}]} as unknown as DocumentNode<ConsoleUnmetNeedsQuery, ConsoleUnmetNeedsQueryVariables>;
export const ConsolePersonPageConsentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePersonPageConsents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"consents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"recipientAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"recipientSector"}},{"kind":"Field","name":{"kind":"Name","value":"purposes"}},{"kind":"Field","name":{"kind":"Name","value":"dataCategories"}},{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"obtainedAt"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawnAt"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawalReason"}},{"kind":"Field","name":{"kind":"Name","value":"evidenceRef"}}]}}]}}]} as unknown as DocumentNode<ConsolePersonPageConsentsQuery, ConsolePersonPageConsentsQueryVariables>;
export const ConsolePersonWithdrawConsentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsolePersonWithdrawConsent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawConsent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawnAt"}},{"kind":"Field","name":{"kind":"Name","value":"withdrawalReason"}}]}}]}}]} as unknown as DocumentNode<ConsolePersonWithdrawConsentMutation, ConsolePersonWithdrawConsentMutationVariables>;
export const ConsoleEcomapDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleEcomap"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ecomap"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"detail"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"from"}},{"kind":"Field","name":{"kind":"Name","value":"to"}},{"kind":"Field","name":{"kind":"Name","value":"strength"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"label"}}]}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}},{"kind":"Field","name":{"kind":"Name","value":"svg"}}]}}]}}]} as unknown as DocumentNode<ConsoleEcomapQuery, ConsoleEcomapQueryVariables>;
export const ConsoleHearingSheetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleHearingSheet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hearingSheet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedByAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"groupLabel"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleHearingSheetQuery, ConsoleHearingSheetQueryVariables>;
export const ConsoleSaveHearingSheetDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSaveHearingSheet"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"answers"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"HearingSheetAnswerInput"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveHearingSheet"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"answers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"answers"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"personId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"updatedAt"}},{"kind":"Field","name":{"kind":"Name","value":"updatedByAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"number"}},{"kind":"Field","name":{"kind":"Name","value":"group"}},{"kind":"Field","name":{"kind":"Name","value":"groupLabel"}},{"kind":"Field","name":{"kind":"Name","value":"question"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"entries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"note"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSaveHearingSheetMutation, ConsoleSaveHearingSheetMutationVariables>;
export const ConsolePersonPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsolePersonPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"givenNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"householdNotes"}},{"kind":"Field","name":{"kind":"Name","value":"incomeDebt"}},{"kind":"Field","name":{"kind":"Name","value":"employment"}},{"kind":"Field","name":{"kind":"Name","value":"education"}},{"kind":"Field","name":{"kind":"Name","value":"healthDisability"}},{"kind":"Field","name":{"kind":"Name","value":"justice"}},{"kind":"Field","name":{"kind":"Name","value":"caseNotes"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]} as unknown as DocumentNode<ConsolePersonPageQuery, ConsolePersonPageQueryVariables>;
export const ConsoleKnownPersonsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleKnownPersons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referrals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"caseConferences"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"personId"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleKnownPersonsQuery, ConsoleKnownPersonsQueryVariables>;
export const ConsolePersonsRegisterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsolePersonsRegister"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterPersonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerPerson"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]} as unknown as DocumentNode<ConsolePersonsRegisterMutation, ConsolePersonsRegisterMutationVariables>;
export const ConsoleSupportPlanDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSupportPlan"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"supportPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"personId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"leadAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}},{"kind":"Field","name":{"kind":"Name","value":"nextReviewOn"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"current"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"conferenceId"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"personWish"}},{"kind":"Field","name":{"kind":"Name","value":"agreedDirection"}},{"kind":"Field","name":{"kind":"Name","value":"goals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"term"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"Field","name":{"kind":"Name","value":"supports"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timing"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSupportPlanQuery, ConsoleSupportPlanQueryVariables>;
export const ConsoleSupportTasksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSupportTasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SupportTaskFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"supportTasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"ownerAgencyId"}},{"kind":"Field","name":{"kind":"Name","value":"ownerLabel"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"dropReason"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ConsoleSupportTasksQuery, ConsoleSupportTasksQueryVariables>;
export const ConsoleCompleteSupportTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleCompleteSupportTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeSupportTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ConsoleCompleteSupportTaskMutation, ConsoleCompleteSupportTaskMutationVariables>;
export const ConsoleDropSupportTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleDropSupportTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dropSupportTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"dropReason"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ConsoleDropSupportTaskMutation, ConsoleDropSupportTaskMutationVariables>;
export const ConsoleSectorLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleSectorLabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sectors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"labelJa"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}}]}}]}}]} as unknown as DocumentNode<ConsoleSectorLabelsQuery, ConsoleSectorLabelsQueryVariables>;
export const ConsoleNeedLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ConsoleNeedLabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"needCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"labelJa"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}}]}}]}}]} as unknown as DocumentNode<ConsoleNeedLabelsQuery, ConsoleNeedLabelsQueryVariables>;
export const ReferralsConsentFormDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsConsentForm"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"personId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agencyId"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withAgency"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"personId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agencyId"}}}],"directives":[{"kind":"Directive","name":{"kind":"Name","value":"include"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"if"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withAgency"}}}]}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<ReferralsConsentFormQuery, ReferralsConsentFormQueryVariables>;
export const ReferralsRecordConsentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsRecordConsent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordConsentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordConsent"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"purposes"}},{"kind":"Field","name":{"kind":"Name","value":"dataCategories"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]} as unknown as DocumentNode<ReferralsRecordConsentMutation, ReferralsRecordConsentMutationVariables>;
export const ReferralsReferralListDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsReferralList"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ReferralFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referrals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"needCategories"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"fromAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsReferralListQuery, ReferralsReferralListQueryVariables>;
export const ReferralsKnownPersonsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsKnownPersons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referrals"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"box"},"value":{"kind":"EnumValue","value":"OUTBOX"}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsKnownPersonsQuery, ReferralsKnownPersonsQueryVariables>;
export const ReferralsChosenPersonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsChosenPerson"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"person"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"givenNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}}]}}]} as unknown as DocumentNode<ReferralsChosenPersonQuery, ReferralsChosenPersonQueryVariables>;
export const ReferralsRegisterPersonDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsRegisterPerson"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RegisterPersonInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"registerPerson"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}}]}}]}}]} as unknown as DocumentNode<ReferralsRegisterPersonMutation, ReferralsRegisterPersonMutationVariables>;
export const ReferralsSuggestAgenciesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsSuggestAgencies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestAgenciesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestAgencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"reasons"}},{"kind":"Field","name":{"kind":"Name","value":"matchedNeeds"}},{"kind":"Field","name":{"kind":"Name","value":"areaLevel"}},{"kind":"Field","name":{"kind":"Name","value":"openBacklog"}},{"kind":"Field","name":{"kind":"Name","value":"medianAcknowledgeHours"}},{"kind":"Field","name":{"kind":"Name","value":"agency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}}]}},{"kind":"Field","name":{"kind":"Name","value":"pathway"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fromSector"}},{"kind":"Field","name":{"kind":"Name","value":"toSector"}},{"kind":"Field","name":{"kind":"Name","value":"purposeJa"}},{"kind":"Field","name":{"kind":"Name","value":"purposeEn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"communityResources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"contact"}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsSuggestAgenciesQuery, ReferralsSuggestAgenciesQueryVariables>;
export const ReferralsCreateReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsCreateReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateReferralInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"toAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsCreateReferralMutation, ReferralsCreateReferralMutationVariables>;
export const ReferralsSendDraftDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsSendDraft"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ReferralsSendDraftMutation, ReferralsSendDraftMutationVariables>;
export const ReferralsSendReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsSendReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsSendReferralMutation, ReferralsSendReferralMutationVariables>;
export const ReferralsAcknowledgeReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsAcknowledgeReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acknowledgeReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsAcknowledgeReferralMutation, ReferralsAcknowledgeReferralMutationVariables>;
export const ReferralsAcceptReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsAcceptReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"acceptReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsAcceptReferralMutation, ReferralsAcceptReferralMutationVariables>;
export const ReferralsDeclineReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsDeclineReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DeclineReason"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"declineReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsDeclineReferralMutation, ReferralsDeclineReferralMutationVariables>;
export const ReferralsStartReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsStartReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsStartReferralMutation, ReferralsStartReferralMutationVariables>;
export const ReferralsHoldReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsHoldReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"holdReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsHoldReferralMutation, ReferralsHoldReferralMutationVariables>;
export const ReferralsCompleteReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsCompleteReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"completeReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"outcome"},"value":{"kind":"Variable","name":{"kind":"Name","value":"outcome"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsCompleteReferralMutation, ReferralsCompleteReferralMutationVariables>;
export const ReferralsFailReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsFailReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsFailReferralMutation, ReferralsFailReferralMutationVariables>;
export const ReferralsCancelReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsCancelReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"reason"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"reason"},"value":{"kind":"Variable","name":{"kind":"Name","value":"reason"}}},{"kind":"Argument","name":{"kind":"Name","value":"expectedVersion"},"value":{"kind":"Variable","name":{"kind":"Name","value":"expectedVersion"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<ReferralsCancelReferralMutation, ReferralsCancelReferralMutationVariables>;
export const ReferralsForwardReferralDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsForwardReferral"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"toAgencyId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"note"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"forwardReferral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"toAgencyId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"toAgencyId"}}},{"kind":"Argument","name":{"kind":"Name","value":"note"},"value":{"kind":"Variable","name":{"kind":"Name","value":"note"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<ReferralsForwardReferralMutation, ReferralsForwardReferralMutationVariables>;
export const ReferralsForwardAgenciesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsForwardAgencies"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AgencyFilter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agencies"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"100"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsForwardAgenciesQuery, ReferralsForwardAgenciesQueryVariables>;
export const ReferralsDetailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsDetail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referral"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"urgency"}},{"kind":"Field","name":{"kind":"Name","value":"needCategories"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"outcome"}},{"kind":"Field","name":{"kind":"Name","value":"closeReason"}},{"kind":"Field","name":{"kind":"Name","value":"declineReason"}},{"kind":"Field","name":{"kind":"Name","value":"justification"}},{"kind":"Field","name":{"kind":"Name","value":"routingNote"}},{"kind":"Field","name":{"kind":"Name","value":"legalBasis"}},{"kind":"Field","name":{"kind":"Name","value":"sharedCategories"}},{"kind":"Field","name":{"kind":"Name","value":"reviewRequired"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgeDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"acknowledgedAt"}},{"kind":"Field","name":{"kind":"Name","value":"decisionDueAt"}},{"kind":"Field","name":{"kind":"Name","value":"decidedAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"closedAt"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}},{"kind":"Field","name":{"kind":"Name","value":"forwardedFrom"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"fromAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}}]}},{"kind":"Field","name":{"kind":"Name","value":"toAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"sector"}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"familyName"}},{"kind":"Field","name":{"kind":"Name","value":"givenName"}},{"kind":"Field","name":{"kind":"Name","value":"familyNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"givenNameKana"}},{"kind":"Field","name":{"kind":"Name","value":"birthDate"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"municipalityCode"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"householdNotes"}},{"kind":"Field","name":{"kind":"Name","value":"healthDisability"}},{"kind":"Field","name":{"kind":"Name","value":"incomeDebt"}},{"kind":"Field","name":{"kind":"Name","value":"employment"}},{"kind":"Field","name":{"kind":"Name","value":"education"}},{"kind":"Field","name":{"kind":"Name","value":"justice"}},{"kind":"Field","name":{"kind":"Name","value":"caseNotes"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}}]}},{"kind":"Field","name":{"kind":"Name","value":"events"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"note"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"actorAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"body"}},{"kind":"Field","name":{"kind":"Name","value":"redacted"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"fromAgency"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReferralsDetailQuery, ReferralsDetailQueryVariables>;
export const ReferralsPostReferralMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReferralsPostReferralMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"referralId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"body"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postReferralMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"referralId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"referralId"}}},{"kind":"Argument","name":{"kind":"Name","value":"body"},"value":{"kind":"Variable","name":{"kind":"Name","value":"body"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<ReferralsPostReferralMessageMutation, ReferralsPostReferralMessageMutationVariables>;
export const ReferralsNeedCategoriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReferralsNeedCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"needCategories"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"labelJa"}},{"kind":"Field","name":{"kind":"Name","value":"labelEn"}},{"kind":"Field","name":{"kind":"Name","value":"descriptionJa"}},{"kind":"Field","name":{"kind":"Name","value":"sectors"}}]}}]}}]} as unknown as DocumentNode<ReferralsNeedCategoriesQuery, ReferralsNeedCategoriesQueryVariables>;
export const ReferralsReferralEventsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ReferralsReferralEvents"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"box"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Box"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"referralEvents"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"box"},"value":{"kind":"Variable","name":{"kind":"Name","value":"box"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"referralId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"fromStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"at"}}]}}]}}]} as unknown as DocumentNode<ReferralsReferralEventsSubscription, ReferralsReferralEventsSubscriptionVariables>;
export const ConsoleSignOutEverywhereDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ConsoleSignOutEverywhere"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"signOutEverywhere"}}]}}]} as unknown as DocumentNode<ConsoleSignOutEverywhereMutation, ConsoleSignOutEverywhereMutationVariables>;