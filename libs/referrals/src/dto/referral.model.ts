import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DataCategory, LegalBasis } from '@tsunagu/consent';
import { Agency, CollaborationPathway, CommunityResource, Sector, Urgency } from '@tsunagu/directory';
import { ConnectionType } from '@tsunagu/platform';

import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Box, DeclineReason, ReferralStatus } from './enums.js';

@ObjectType()
export class ReferralEvent {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  referralId: string;

  @Field({
    description:
      'CREATED, ROUTED, SENT, ACKNOWLEDGED, ACCEPTED, DECLINED, STARTED, HELD, COMPLETED, FAILED, CANCELLED, FORWARDED, CONSENT_WITHDRAWN, DUE_SOON, OVERDUE, ESCALATED, CONSENT_EXPIRED',
  })
  type: string;

  @Field(() => ReferralStatus, { nullable: true })
  fromStatus: ReferralStatus | null;

  @Field(() => ReferralStatus, { nullable: true })
  toStatus: ReferralStatus | null;

  @Field(() => Agency, { nullable: true })
  actorAgency?: Agency | null;

  /** Resolved under the free-text rules (ReferralTextService), as `note` and `redacted`. */
  note: string | null;

  @Field()
  at: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Opaque position of the event in the agency’s `referralEvents` stream: pass the last one received as `after` to resume. Null outside `referralEvents`.',
  })
  cursor?: string | null;
}

@ObjectType()
export class ReferralMessage {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  referralId: string;

  @Field(() => Agency)
  fromAgency?: Agency;

  /** Resolved under the free-text rules (ReferralTextService), as `body` and `redacted`. */
  body: string;

  @Field()
  at: Date;
}

@ObjectType({
  description: 'A referral (つなぎ) from one agency to another about a person, under consent or a legal basis.',
})
export class Referral {
  @Field(() => ID)
  id: string;

  @Field(() => ReferralStatus)
  status: ReferralStatus;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field(() => [String])
  needCategories: string[];

  summary: string;

  @Field(() => [DataCategory])
  sharedCategories: DataCategory[];

  @Field(() => LegalBasis)
  legalBasis: LegalBasis;

  @Field(() => ID, { nullable: true, description: 'The support meeting or council relied on.' })
  legalBasisRef: string | null;

  justification: string | null;

  @Field({ description: 'Shared under VITAL_INTEREST: listed for the hub admin to review.' })
  reviewRequired: boolean;

  routingNote: string | null;

  @Field(() => DeclineReason, { nullable: true })
  declineReason: DeclineReason | null;

  outcome: string | null;

  closeReason: string | null;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgeDueAt: Date | null;

  @Field(() => Date, { nullable: true })
  decisionDueAt: Date | null;

  @Field({ description: 'Past its acknowledgement or decision due time and still waiting for it.' })
  overdue: boolean;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  // fromAgency, toAgency, person, forwardedFrom, events, messages: resolved per request in batches; the free
  // text (summary, justification, routingNote, outcome, closeReason, redacted) under the person-data rules.
}

export const ReferralConnection = ConnectionType(Referral, 'Referral');

const NEED_CODE = /^[A-Z_]{1,40}$/;

@InputType()
export class CreateReferralInput {
  @Field(() => ID)
  @IsUUID()
  personId: string;

  @Field(() => ID, { nullable: true, description: 'Exactly one of toAgencyId and toSector.' })
  @IsOptional()
  @IsUUID()
  toAgencyId?: string | null;

  @Field(() => Sector, { nullable: true, description: 'The hub picks the best-suited agency of this sector.' })
  toSector?: Sector | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the person lives, for routing by sector (defaults to the person’s).',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @Matches(NEED_CODE, { each: true, message: 'each need category must be a code such as HOUSING' })
  needCategories: string[];

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  summary: string;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field(() => [DataCategory])
  @ArrayMaxSize(Object.values(DataCategory).length)
  sharedCategories: DataCategory[];

  @Field(() => LegalBasis, { defaultValue: LegalBasis.CONSENT })
  legalBasis: LegalBasis;

  @Field(() => ID, { nullable: true, description: 'The support meeting or council, for those legal bases.' })
  @IsOptional()
  @IsUUID()
  legalBasisRef?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for VITAL_INTEREST.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  justification?: string | null;

  @Field(() => String, { nullable: true, description: 'Retries with the same key return the same referral.' })
  @IsOptional()
  @Matches(/^[\x21-\x7e]{1,200}$/, { message: 'idempotencyKey must be 1–200 printable ASCII characters' })
  idempotencyKey?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Send at once (else it stays a DRAFT).' })
  @IsBoolean()
  send: boolean;
}

@InputType()
export class ReferralFilter {
  @Field(() => Box, { nullable: true, description: 'INBOX: received; OUTBOX: sent. Both when omitted.' })
  box?: Box | null;

  @Field(() => [ReferralStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  status?: ReferralStatus[] | null;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field(() => Boolean, { nullable: true })
  overdue?: boolean | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Hub admin: VITAL_INTEREST referrals awaiting review.' })
  reviewRequired?: boolean | null;
}

@InputType()
export class SuggestAgenciesInput {
  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(16)
  @Matches(NEED_CODE, { each: true, message: 'each need category must be a code such as HOUSING' })
  needCategories: string[];

  @Field()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode: string;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field(() => Sector, { nullable: true, description: 'Only agencies of this sector.' })
  sector?: Sector | null;
}

@ObjectType()
export class AgencySuggestion {
  @Field(() => Agency)
  agency: Agency;

  @Field({ description: 'Higher is better; comparable within one answer only.' })
  score: number;

  @Field(() => [String], { description: 'Why, in words.' })
  reasons: string[];

  @Field(() => [String])
  matchedNeeds: string[];

  @Field({ description: 'The nearest of its areas that serves the place: NEIGHBOURHOOD … PREFECTURE.' })
  areaLevel: string;

  @Field(() => Int)
  openBacklog: number;

  @Field(() => Number, { nullable: true, description: 'Median hours to acknowledge over the last 90 days.' })
  medianAcknowledgeHours: number | null;

  @Field(() => CollaborationPathway, { nullable: true, description: 'The chart’s pathway from the caller’s sector.' })
  pathway: CollaborationPathway | null;

  @Field(() => [CommunityResource], {
    description:
      'ACTIVE community resources (見守り隊, 居場所 …) serving the place that meet at least one of matchedNeeds — to offer ' +
      'alongside the agency. The same resources for all needs and the place: communityResources(filter).',
  })
  communityResources: CommunityResource[];
}

export class TransitionArgs {
  note?: string | null;
  expectedVersion?: number | null;
}
