import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DataCategory, LegalBasis } from '@tsunagu/consent';
import { Agency } from '@tsunagu/directory';
import { ConnectionType } from '@tsunagu/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CaseConferenceStatus,
  ConferenceChecklistCode,
  GoalTerm,
  ParticipantKind,
  SupportTiming,
  UnmetReason,
} from './conference-enums.js';

const MASKED = 'Free text about the person: null when masked for the caller (then listed in `redacted`).';

@ObjectType({ description: 'A participating agency of a case conference (the lead included).' })
export class CaseConferenceAgency {
  @Field(() => Agency)
  agency?: Agency;

  @Field({ description: 'Its role in the conference, e.g. 主担当, 家計相談.' })
  roleLabel: string;

  @Field({ description: 'The lead agency (主担当) that convened the conference.' })
  lead: boolean;

  agencyId: string;
}

@ObjectType({
  description:
    'A participant without an account (本人, 家族, 民生委員, 近隣住民, 地域の団体, 商店・企業): role and name only, never given data through the API.',
})
export class CaseConferenceParticipant {
  @Field(() => ID)
  id: string;

  @Field(() => ParticipantKind)
  kind: ParticipantKind;

  @Field()
  roleLabel: string;

  @Field({ description: 'The participant’s own name as they gave it for the meeting.' })
  name: string;
}

@ObjectType({ description: '③ A goal of the plan.' })
export class CaseConferenceGoal {
  @Field(() => GoalTerm)
  term: GoalTerm;

  @Field(() => String, { nullable: true, description: MASKED })
  text: string | null;
}

@ObjectType({ description: '③ A support: one that can start now, or one that needs time.' })
export class CaseConferenceSupport {
  @Field(() => SupportTiming)
  timing: SupportTiming;

  @Field(() => String, { nullable: true, description: MASKED })
  text: string | null;
}

@ObjectType({ description: '④ A role assignment: who, what, by when.' })
export class CaseConferenceAssignment {
  @Field(() => ID)
  id: string;

  @Field(() => Agency, { nullable: true, description: 'The participating agency that takes it on.' })
  assigneeAgency?: Agency | null;

  @Field(() => CaseConferenceParticipant, { nullable: true, description: 'The informal participant that takes it on.' })
  assigneeParticipant: CaseConferenceParticipant | null;

  @Field(() => String, { nullable: true, description: MASKED })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'Due date (YYYY-MM-DD).' })
  dueOn: string | null;

  assigneeAgencyId: string | null;
}

@ObjectType({ description: '⑤ Something that cannot be done for the person now, written without personal data.' })
export class CaseConferenceUnmetItem {
  @Field(() => ID)
  id: string;

  @Field({ description: 'A need category code, e.g. HOUSING.' })
  needCategory: string;

  @Field({ description: 'Where (全国地方公共団体コード).' })
  municipalityCode: string;

  @Field({ description: 'What cannot be done, without personal data (carried to the council as evidence).' })
  description: string;

  @Field(() => UnmetReason)
  reason: UnmetReason;
}

@ObjectType({ description: 'The record of a held conference, in the four steps of seed 2-7 / 2-8, with ⑤.' })
export class CaseConferenceRecord {
  @Field(() => String, { nullable: true, description: `① Information shared. ${MASKED}` })
  informationShared: string | null;

  @Field(() => [ID], { description: '① The person’s referrals looked at in the conference.' })
  sharedReferralIds: string[];

  @Field({ description: '① Whether the hearing sheet (ヒアリングシート) was shared.' })
  hearingSheetShared: boolean;

  @Field(() => String, { nullable: true, description: `② 本人の意向, in the person’s own words. ${MASKED}` })
  personWish: string | null;

  @Field(() => String, { nullable: true, description: `② The direction the team agreed. ${MASKED}` })
  agreedDirection: string | null;

  @Field(() => [CaseConferenceGoal], { description: '③ Goals: SHORT_TERM and MEDIUM_LONG_TERM.' })
  goals: CaseConferenceGoal[];

  @Field(() => [CaseConferenceSupport], { description: '③ Supports: NOW and NEEDS_TIME.' })
  supports: CaseConferenceSupport[];

  @Field(() => [CaseConferenceAssignment], { description: '④ Role assignments.' })
  assignments: CaseConferenceAssignment[];

  @Field(() => [CaseConferenceUnmetItem], { description: '⑤ What cannot be done now.' })
  unmetItems: CaseConferenceUnmetItem[];

  @Field({ description: '⑤ Whether "what cannot be done now" was confirmed (even when there is nothing).' })
  unmetConfirmed: boolean;

  @Field(() => [String], {
    description:
      'The free-text fields masked for the caller (informationShared, personWish, agreedDirection, goals, supports, assignments).',
  })
  redacted: string[];
}

@ObjectType({ description: 'A point of the conference checklist (seed 2-8) the record does not meet: a warning.' })
export class ConferenceChecklistWarning {
  @Field(() => ConferenceChecklistCode)
  code: ConferenceChecklistCode;

  @Field({ description: 'In Japanese, for the people running the conference.' })
  message: string;

  @Field(() => ID, { nullable: true, description: 'The assignment the warning is about.' })
  assignmentId: string | null;
}

@ObjectType({
  description:
    'A case conference (個別支援会議) about one person: a lead agency (主担当), participating agencies and participants without accounts.',
})
export class CaseConference {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The person: read it with `person(id)`, under the conference’s basis.' })
  personId: string;

  @Field(() => Agency)
  leadAgency?: Agency;

  @Field({ description: 'A title without personal data, e.g. 第1回 個別支援会議.' })
  title: string;

  @Field()
  scheduledAt: Date;

  @Field(() => String, { nullable: true })
  place: string | null;

  @Field()
  online: boolean;

  @Field(() => CaseConferenceStatus)
  status: CaseConferenceStatus;

  @Field(() => LegalBasis, { description: 'CONSENT, SUPPORT_MEETING or CHILD_PROTECTION_COUNCIL.' })
  legalBasis: LegalBasis;

  @Field(() => ID, { nullable: true, description: 'The support meeting or council the conference is held under.' })
  legalBasisRef?: string | null;

  @Field(() => [DataCategory], { description: 'What of the person is shared with the participating agencies.' })
  dataCategories: DataCategory[];

  @Field(() => Date, { nullable: true })
  heldAt: Date | null;

  @Field(() => Date, { nullable: true })
  recordedAt: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Recorded or cancelled: the participants read the conference and the person until then.',
  })
  accessUntil: Date | null;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  // leadAgency, agencies, participants, record, checklist, cancelReason, redacted: resolved per request.
}

export const CaseConferenceConnection = ConnectionType(CaseConference, 'CaseConference');

@InputType()
export class ConferenceAgencyInput {
  @Field(() => ID)
  @IsUUID()
  agencyId: string;

  @Field({ description: 'Its role in the conference, e.g. 家計相談, 居住支援.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  roleLabel: string;
}

@InputType()
export class ConferenceParticipantInput {
  @Field(() => ParticipantKind)
  kind: ParticipantKind;

  @Field({ description: 'e.g. 本人, 母, 担当民生委員, 大家.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  roleLabel: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;
}

@InputType()
export class ScheduleCaseConferenceInput {
  @Field(() => ID)
  @IsUUID()
  personId: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title: string;

  @Field()
  @IsDate()
  scheduledAt: Date;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  online: boolean;

  @Field(() => LegalBasis, { defaultValue: LegalBasis.CONSENT, description: 'Not VITAL_INTEREST.' })
  legalBasis: LegalBasis;

  @Field(() => ID, { nullable: true, description: 'The support meeting or council, for those legal bases.' })
  @IsOptional()
  @IsUUID()
  legalBasisRef?: string | null;

  @Field(() => [DataCategory], { description: 'What of the person is shared with the participating agencies.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(9)
  dataCategories: DataCategory[];

  @Field(() => String, { defaultValue: '主担当', description: 'The lead’s own role label.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  leadRoleLabel: string;

  @Field(() => [ConferenceAgencyInput], { defaultValue: [], description: 'Participating agencies besides the lead.' })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ConferenceAgencyInput)
  agencies: ConferenceAgencyInput[];

  @Field(() => [ConferenceParticipantInput], { defaultValue: [] })
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => ConferenceParticipantInput)
  participants: ConferenceParticipantInput[];
}

const TEXT = 4000;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

@InputType()
export class ConferenceGoalInput {
  @Field(() => GoalTerm)
  term: GoalTerm;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  text: string;
}

@InputType()
export class ConferenceSupportInput {
  @Field(() => SupportTiming)
  timing: SupportTiming;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  text: string;
}

@InputType()
export class ConferenceAssignmentInput {
  @Field(() => ID, { nullable: true, description: 'A participating agency (at most one assignee).' })
  @IsOptional()
  @IsUUID()
  assigneeAgencyId?: string | null;

  @Field(() => ID, { nullable: true, description: 'An informal participant of the conference.' })
  @IsOptional()
  @IsUUID()
  assigneeParticipantId?: string | null;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  description: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DATE, { message: 'dueOn must be a date such as 2026-01-31' })
  dueOn?: string | null;
}

@InputType()
export class ConferenceUnmetItemInput {
  @Field({ description: 'A need category code, e.g. HOUSING.' })
  @Matches(/^[A-Z_]{1,32}$/, { message: 'needCategory must be a code such as HOUSING' })
  needCategory: string;

  @Field()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode: string;

  @Field({ description: 'Written without personal data: it becomes evidence for the council.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  description: string;

  @Field(() => UnmetReason)
  reason: UnmetReason;
}

@InputType()
export class CaseConferenceRecordInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  informationShared?: string | null;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  sharedReferralIds: string[];

  @Field(() => Boolean, { defaultValue: false })
  @IsBoolean()
  hearingSheetShared: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  personWish?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  agreedDirection?: string | null;

  @Field(() => [ConferenceGoalInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConferenceGoalInput)
  goals: ConferenceGoalInput[];

  @Field(() => [ConferenceSupportInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConferenceSupportInput)
  supports: ConferenceSupportInput[];

  @Field(() => [ConferenceAssignmentInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConferenceAssignmentInput)
  assignments: ConferenceAssignmentInput[];

  @Field(() => [ConferenceUnmetItemInput], { defaultValue: [] })
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ConferenceUnmetItemInput)
  unmetItems: ConferenceUnmetItemInput[];

  @Field(() => Boolean, { defaultValue: false, description: '⑤ was confirmed, even when there are no items.' })
  @IsBoolean()
  unmetConfirmed: boolean;
}

@InputType()
export class CaseConferenceFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @Field(() => [CaseConferenceStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  status?: CaseConferenceStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Scheduled at or after.' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Scheduled before.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;
}
