import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { AreaLevel, Sector, Urgency } from './enums.js';
import { IsResponseDuration } from './is-iso-duration.js';

export const AGENCY_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,63}$/;

@InputType()
export class ServiceAreaInput {
  @Field(() => AreaLevel)
  level: AreaLevel;

  @Field({ description: 'PREFECTURE/MUNICIPALITY: local-government code; else <municipality code>-<LOCAL_ID>.' })
  @IsString()
  @MaxLength(64)
  code: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string | null;
}

@InputType()
export class ResponseTargetInput {
  @Field(() => Urgency)
  urgency: Urgency;

  @Field({ description: 'ISO 8601 duration, e.g. PT4H.' })
  @IsResponseDuration()
  acknowledgeWithin: string;

  @Field({ description: 'ISO 8601 duration, e.g. P2D.' })
  @IsResponseDuration()
  decideWithin: string;

  @Field(() => Boolean, { defaultValue: true })
  businessTime: boolean;
}

@InputType()
export class CreateAgencyInput {
  @Field({ description: 'Stable code: upper-case letters, digits, - and _, 3–64 characters.' })
  @Matches(AGENCY_CODE_PATTERN, {
    message: 'code must be 3–64 characters of A–Z, 0–9, - and _, starting with a letter or digit',
  })
  code: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string | null;

  @Field(() => Sector)
  sector: Sector;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  kind: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @Field(() => [String])
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  needCategories: string[];

  @Field(() => [ServiceAreaInput])
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ServiceAreaInput)
  serviceAreas: ServiceAreaInput[];

  @Field(() => Boolean, { defaultValue: true })
  acceptingReferrals: boolean;

  @Field(() => Boolean, { defaultValue: false })
  isHubCoordinator: boolean;

  @Field(() => [ResponseTargetInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => ResponseTargetInput)
  responseTargets?: ResponseTargetInput[] | null;
}

/**
 * Every field optional; given lists replace the stored ones. The agency itself may change its own
 * operational settings (AGENCY_EDITABLE_FIELDS); the rest is the hub admin's.
 */
@InputType()
export class UpdateAgencyInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string | null;

  @Field(() => Sector, { nullable: true })
  sector?: Sector | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  kind?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  needCategories?: string[] | null;

  @Field(() => [ServiceAreaInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ServiceAreaInput)
  serviceAreas?: ServiceAreaInput[] | null;

  @Field(() => Boolean, { nullable: true })
  acceptingReferrals?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isHubCoordinator?: boolean | null;

  @Field(() => [ResponseTargetInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => ResponseTargetInput)
  responseTargets?: ResponseTargetInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Fail with CONFLICT unless the agency is still at this version.' })
  @IsOptional()
  @IsInt()
  expectedVersion?: number | null;
}

export const AGENCY_EDITABLE_FIELDS = [
  'nameEn',
  'contactEmail',
  'needCategories',
  'acceptingReferrals',
  'responseTargets',
] as const;
