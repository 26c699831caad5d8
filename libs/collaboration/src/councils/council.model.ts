import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Agency, CommunityResource, CommunityResourceInput } from '@tsunagu/directory';
import { ConnectionType } from '@tsunagu/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CouncilBodyKind, CouncilFunction, CouncilKind, CouncilRole, RegionalIssueStage } from './council-enums.js';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DATE_MESSAGE = { message: '$property must be a date such as 2026-05-08' };
const NEED = /^[A-Z_]{1,32}$/;
const AREA = /^\d{6}$/;
const SUPPRESSED = 'Null when suppressed (fewer distinct people than STATS_MIN_CELL).';

@ObjectType({ description: 'A member agency of a council and its role (MEMBER or SECRETARIAT, 事務局).' })
export class CouncilMember {
  @Field(() => Agency)
  agency?: Agency;

  @Field(() => CouncilRole)
  role: CouncilRole;

  @Field()
  joinedAt: Date;

  agencyId: string;
}

@ObjectType({
  description:
    'A body of a council: 運営会議 (STEERING), 定例会 (REGULAR), a 専門部会 (SUBCOMMITTEE) named by disability, issue or area, 全体会 (PLENARY).',
})
export class CouncilBody {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  councilId: string;

  @Field(() => CouncilBodyKind)
  kind: CouncilBodyKind;

  @Field({ description: 'e.g. 運営会議, 相談支援部会, くらし部会.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'The disability, issue or area a 専門部会 is about.' })
  theme: string | null;

  @Field({ description: 'YYYY-MM-DD.' })
  establishedOn: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while the body exists.' })
  dissolvedOn: string | null;

  @Field(() => [ID], {
    description: 'The bodies a dissolved body was merged into (one) or split into (several).',
  })
  successorBodyIds: string[];
}

@ObjectType({
  description:
    'A council (協議会) of an area: 地域自立支援協議会, 支援調整会議, 地域ケア会議, 居住支援協議会 …, with its member agencies and bodies.',
})
export class Council {
  @Field(() => ID)
  id: string;

  @Field({ description: 'e.g. 中川区地域自立支援協議会.' })
  name: string;

  @Field(() => CouncilKind)
  kind: CouncilKind;

  @Field(() => [String], { description: 'The area (全国地方公共団体コード); a designated city covers its wards.' })
  municipalityCodes: string[];

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [CouncilMember], { description: 'Member agencies, the secretariat (事務局) first.' })
  members?: CouncilMember[];

  @Field(() => [CouncilBody], { description: 'Its bodies, dissolved ones included, by kind and date.' })
  bodies?: CouncilBody[];

  @Field(() => Int)
  version: number;
}

@ObjectType({ description: 'A meeting of a council body, on a date.' })
export class CouncilMeeting {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  councilId: string;

  @Field(() => ID)
  bodyId: string;

  @Field(() => CouncilBody)
  body?: CouncilBody;

  @Field({ description: 'YYYY-MM-DD.' })
  heldOn: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  place: string | null;
}

export const CouncilMeetingConnection = ConnectionType(CouncilMeeting, 'CouncilMeeting');

@ObjectType({ description: 'Evidence counts of one cell, suppressed as unmetNeeds is.' })
export class EvidenceCounts {
  @Field(() => Int, { nullable: true, description: `"Cannot do now" items of case conferences. ${SUPPRESSED}` })
  itemCount: number | null;

  @Field(() => Int, { nullable: true, description: `Distinct people behind the items and referrals. ${SUPPRESSED}` })
  personCount: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Referrals declined for want of a resource (SERVICE_NOT_AVAILABLE, NO_CAPACITY, OUT_OF_AREA). ${SUPPRESSED}`,
  })
  declinedReferralCount: number | null;

  @Field({
    description: 'The cell holds fewer distinct people than STATS_MIN_CELL (but at least one): counts withheld.',
  })
  suppressed: boolean;
}

@ObjectType({ description: 'Evidence of an issue in one month (JST).' })
export class IssueEvidenceMonth extends EvidenceCounts {
  @Field({ description: 'YYYY-MM: when the conference was recorded or the referral sent (JST).' })
  month: string;
}

@ObjectType({ description: 'Evidence of an issue in one area.' })
export class IssueEvidenceArea extends EvidenceCounts {
  @Field(() => String, {
    nullable: true,
    description: 'The item’s area, or where the declined referral’s person lives; null when not recorded.',
  })
  municipalityCode: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. 愛知県名古屋市中川区.' })
  municipalityName: string | null;
}

@ObjectType({
  description:
    'What an issue rests on, as counts only: never persons, conferences or referrals. Each cell is suppressed below STATS_MIN_CELL distinct people.',
})
export class IssueEvidence extends EvidenceCounts {
  @Field(() => [IssueEvidenceMonth])
  byMonth: IssueEvidenceMonth[];

  @Field(() => [IssueEvidenceArea])
  byArea: IssueEvidenceArea[];
}

@ObjectType({ description: 'One move of a regional issue: dated, with its meeting and note; never edited.' })
export class RegionalIssueMove {
  @Field(() => ID)
  id: string;

  @Field(() => RegionalIssueStage, { nullable: true, description: 'Null for the first move (raising).' })
  fromStage: RegionalIssueStage | null;

  @Field(() => RegionalIssueStage)
  toStage: RegionalIssueStage;

  @Field(() => CouncilBody, { nullable: true })
  body?: CouncilBody | null;

  @Field(() => CouncilMeeting, { nullable: true })
  meeting?: CouncilMeeting | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  movedAt: Date;

  @Field(() => Agency)
  movedByAgency?: Agency;

  bodyId: string | null;
  meetingId: string | null;
  movedByAgencyId: string;
}

@ObjectType({
  description:
    'A regional issue (地域課題): what individual support could not solve, carried through the council’s bodies to an outcome.',
})
export class RegionalIssue {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  councilId: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String])
  needCategories: string[];

  @Field(() => [String])
  municipalityCodes: string[];

  @Field(() => CouncilFunction, {
    description: 'The council function it serves: 評価, 情報, 調整, 開発, 教育, 権利擁護.',
  })
  function: CouncilFunction;

  @Field(() => RegionalIssueStage)
  stage: RegionalIssueStage;

  @Field(() => CouncilBody, { nullable: true, description: 'The body it is at (or was last at).' })
  body?: CouncilBody | null;

  @Field(() => Int)
  version: number;

  @Field(() => [RegionalIssueStage], { description: 'Where moveRegionalIssue may take it next.' })
  allowedNextStages?: RegionalIssueStage[];

  @Field()
  raisedAt: Date;

  @Field(() => Agency)
  raisedByAgency?: Agency;

  @Field(() => IssueEvidence)
  evidence?: IssueEvidence;

  @Field(() => [RegionalIssueMove], { description: 'Every move, oldest first.' })
  history?: RegionalIssueMove[];

  @Field(() => ID, { nullable: true, description: 'The issue it was merged into (stage MERGED).' })
  mergedIntoId: string | null;

  @Field(() => String, { nullable: true })
  closedReason: string | null;

  @Field(() => CommunityResource, {
    nullable: true,
    description: 'The community resource developed or improved by this issue (RESOURCE_DEVELOPED / IMPROVED).',
  })
  resource?: CommunityResource | null;

  bodyId: string | null;
  raisedByAgencyId: string;
}

export const RegionalIssueConnection = ConnectionType(RegionalIssue, 'RegionalIssue');

@ObjectType({
  description:
    'What the community could not do for people, in one need category and area: counts (suppressed as unmetNeeds), the issues carrying that evidence and the resources they led to.',
})
export class CommunityGap extends EvidenceCounts {
  @Field()
  needCategory: string;

  @Field(() => String, { nullable: true })
  municipalityCode: string | null;

  @Field(() => String, { nullable: true })
  municipalityName: string | null;

  @Field(() => [RegionalIssue], { description: 'Issues (not merged ones) of the caller’s councils carrying it.' })
  issues: RegionalIssue[];

  @Field(() => [CommunityResource], { description: 'Resources developed or improved from those issues.' })
  resources: CommunityResource[];
}

@ObjectType({ description: 'A council meeting’s agenda as a file: Markdown or CSV (UTF-8).' })
export class CouncilAgendaFile {
  @Field()
  filename: string;

  @Field()
  contentType: string;

  @Field()
  content: string;
}

// ---- inputs ----

@InputType()
export class CreateCouncilInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => CouncilKind)
  kind: CouncilKind;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(AREA, { each: true, message: 'municipalityCodes must be 6-digit local-government codes' })
  municipalityCodes: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => ID, { description: 'The agency that runs the council (事務局).' })
  @IsUUID()
  secretariatAgencyId: string;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  memberAgencyIds: string[];
}

@InputType()
export class AddCouncilMemberInput {
  @Field(() => ID)
  @IsUUID()
  councilId: string;

  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field(() => CouncilRole, { defaultValue: CouncilRole.MEMBER })
  role: CouncilRole;

  @Field(() => Int, { nullable: true, description: 'Fail with CONFLICT unless the council is still at this version.' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class RemoveCouncilMemberInput {
  @Field(() => ID)
  @IsUUID()
  councilId: string;

  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class SetUpCouncilBodyInput {
  @Field(() => ID)
  @IsUUID()
  councilId: string;

  @Field(() => CouncilBodyKind)
  kind: CouncilBodyKind;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true, description: 'For a 専門部会: the disability, issue or area.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  theme?: string | null;

  @Field({ description: 'YYYY-MM-DD.' })
  @Matches(DATE, DATE_MESSAGE)
  establishedOn: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class DissolveCouncilBodyInput {
  @Field(() => ID)
  @IsUUID()
  bodyId: string;

  @Field({ description: 'YYYY-MM-DD.' })
  @Matches(DATE, DATE_MESSAGE)
  dissolvedOn: string;

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Existing bodies of the council it is merged into (one) or split into (several).',
  })
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  successorBodyIds: string[];

  @Field(() => Int, { nullable: true, description: 'The council’s version.' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

@InputType()
export class ScheduleCouncilMeetingInput {
  @Field(() => ID)
  @IsUUID()
  bodyId: string;

  @Field({ description: 'YYYY-MM-DD.' })
  @Matches(DATE, DATE_MESSAGE)
  heldOn: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string | null;
}

@InputType()
export class RaiseRegionalIssueInput {
  @Field(() => ID)
  @IsUUID()
  councilId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field(() => String, { nullable: true, description: 'Written without personal data.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @Matches(NEED, { each: true, message: 'needCategories must be codes such as HOUSING' })
  needCategories: string[];

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(AREA, { each: true, message: 'municipalityCodes must be 6-digit local-government codes' })
  municipalityCodes: string[];

  @Field(() => CouncilFunction)
  function: CouncilFunction;

  @Field(() => [ID], { defaultValue: [], description: '"Cannot do now" items of conferences the caller took part in.' })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  unmetItemIds: string[];

  @Field(() => [ID], {
    defaultValue: [],
    description: 'Referrals the caller sent or received, declined for want of a resource.',
  })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  declinedReferralIds: string[];
}

@InputType()
export class LinkRegionalIssueEvidenceInput {
  @Field(() => ID)
  @IsUUID()
  issueId: string;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  unmetItemIds: string[];

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  declinedReferralIds: string[];
}

@InputType()
export class MoveRegionalIssueInput {
  @Field(() => ID)
  @IsUUID()
  issueId: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => RegionalIssueStage)
  toStage: RegionalIssueStage;

  @Field(() => ID, {
    nullable: true,
    description: 'The meeting that decided it: of the target stage’s body kind; PLENARY for an outcome.',
  })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for CLOSED.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  closedReason?: string | null;

  @Field(() => CommunityResourceInput, {
    nullable: true,
    description:
      'RESOURCE_DEVELOPED: the new community resource (required). RESOURCE_IMPROVED: optional new values for the resource.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommunityResourceInput)
  resource?: CommunityResourceInput | null;

  @Field(() => ID, { nullable: true, description: 'RESOURCE_IMPROVED: the community resource improved (required).' })
  @IsOptional()
  @IsUUID()
  resourceId?: string | null;
}

@InputType()
export class MergeRegionalIssuesInput {
  @Field(() => ID, { description: 'The issue that stays.' })
  @IsUUID()
  intoId: string;

  @Field(() => ID, { description: 'The issue that becomes MERGED; its evidence is copied to `into`.' })
  @IsUUID()
  fromId: string;

  @Field(() => Int, { description: 'The version of `into`.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string | null;
}

@InputType()
export class RegionalIssueFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  councilId?: string | null;

  @Field(() => [RegionalIssueStage], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  stages?: RegionalIssueStage[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(NEED, { message: 'needCategory must be a code such as HOUSING' })
  needCategory?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(AREA, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;
}

@InputType()
export class CommunityGapsInput {
  @Field(() => ID, { nullable: true, description: 'The council whose area to look at.' })
  @IsOptional()
  @IsUUID()
  councilId?: string | null;

  @Field(() => String, { nullable: true, description: 'A municipality or ward (within the council’s area if both).' })
  @IsOptional()
  @Matches(AREA, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;

  @Field(() => Date, { nullable: true, description: 'From this time (inclusive).' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until this time (exclusive).' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}
