import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CommunityResourceKind,
  CommunityResourceStatus,
  RATING_MAX,
  RATING_MIN,
  type ResourceRatings,
} from './community-resource.entity.js';

export { CommunityResourceKind, CommunityResourceStatus };

registerEnumType(CommunityResourceKind, {
  name: 'CommunityResourceKind',
  description:
    'Kinds of community resource (社会資源) that are not agencies: 見守り隊 WATCH_NETWORK, 居場所 GATHERING_PLACE, ' +
    '居住サポート HOUSING_SUPPORT, 食の支援 FOOD_SUPPORT, 当事者団体 PEER_GROUP, ボランティア VOLUNTEER, 働く場 WORK_PLACE, ' +
    '学習支援 LEARNING_SUPPORT, 金銭管理 MONEY_MANAGEMENT, OTHER.',
});
registerEnumType(CommunityResourceStatus, {
  name: 'CommunityResourceStatus',
  description: 'CLOSED resources stay in the directory (for history and ecomaps) but are no longer suggested.',
});

const RATING_DESCRIPTION = `${RATING_MIN} (weak) to ${RATING_MAX} (strong); null when not known.`;

/** Seed 3-8's criteria for a good community resource (社会資源の評価の視点). */
@ObjectType()
export class CommunityResourceRatings {
  @Field(() => Int, { nullable: true, description: `本人主体性: the person decides. ${RATING_DESCRIPTION}` })
  personCentred?: number | null;

  @Field(() => Int, { nullable: true, description: `円環性: support flows both ways. ${RATING_DESCRIPTION}` })
  circularity?: number | null;

  @Field(() => Int, { nullable: true, description: `豊かな人間性: warmth and relationships. ${RATING_DESCRIPTION}` })
  humanity?: number | null;

  @Field(() => Int, { nullable: true, description: `住民協働性: residents take part. ${RATING_DESCRIPTION}` })
  residentCollaboration?: number | null;

  @Field(() => Int, { nullable: true, description: `汎用性: open to many, not one category. ${RATING_DESCRIPTION}` })
  versatility?: number | null;

  @Field(() => Int, { nullable: true, description: `選択性: people can choose among options. ${RATING_DESCRIPTION}` })
  selectability?: number | null;

  @Field(() => Int, { nullable: true, description: `持続性: it lasts. ${RATING_DESCRIPTION}` })
  sustainability?: number | null;
}

@ObjectType({
  description:
    'A community resource (社会資源) of the directory that is not an agency — often informal (見守り隊, 居場所, ' +
    '居住サポート) — and may have been developed or improved by a council from a regional issue.',
})
export class CommunityResource {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'Stable code of a seeded resource (e.g. DEMO-…).' })
  code: string | null;

  @Field()
  name: string;

  @Field(() => CommunityResourceKind)
  kind: CommunityResourceKind;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'Need-category codes the resource meets (see needCategories).' })
  needCategories: string[];

  @Field(() => [String], { description: '6-digit municipality or ward codes the resource serves.' })
  municipalityCodes: string[];

  @Field(() => String, { nullable: true, description: 'How to reach it (a phone number, a place, a person).' })
  contact: string | null;

  @Field(() => CommunityResourceRatings)
  ratings: ResourceRatings;

  @Field(() => CommunityResourceStatus)
  status: CommunityResourceStatus;

  @Field(() => String, { nullable: true, description: 'Why the hub closed it (set exactly when CLOSED).' })
  closedReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The regional issue (地域課題) from which a council developed it.' })
  developedFromIssueId: string | null;

  @Field(() => [ID], { description: 'Regional issues that improved it, oldest first.' })
  improvedByIssueIds: string[];

  @Field(() => Int, { description: 'Pass it as expectedVersion to update or close the resource.' })
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const CommunityResourceConnection = ConnectionType(CommunityResource, 'CommunityResource');

@InputType()
export class CommunityResourceRatingsInput {
  @Field(() => Int, { nullable: true, description: '本人主体性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  personCentred?: number | null;

  @Field(() => Int, { nullable: true, description: '円環性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  circularity?: number | null;

  @Field(() => Int, { nullable: true, description: '豊かな人間性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  humanity?: number | null;

  @Field(() => Int, { nullable: true, description: '住民協働性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  residentCollaboration?: number | null;

  @Field(() => Int, { nullable: true, description: '汎用性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  versatility?: number | null;

  @Field(() => Int, { nullable: true, description: '選択性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  selectability?: number | null;

  @Field(() => Int, { nullable: true, description: '持続性, 1–3.' })
  @IsOptional()
  @IsInt()
  @Min(RATING_MIN)
  @Max(RATING_MAX)
  sustainability?: number | null;
}

@InputType({ description: 'A community resource; on update every given field replaces the stored one.' })
export class CommunityResourceInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field(() => CommunityResourceKind)
  @IsIn(Object.values(CommunityResourceKind))
  kind: CommunityResourceKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => [String], { description: 'Need-category codes (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  needCategories: string[];

  @Field(() => [String], { description: '6-digit municipality or ward codes served (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @Matches(/^\d{6}$/, { each: true, message: 'municipalityCodes must be 6-digit local-government codes' })
  municipalityCodes: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contact?: string | null;

  @Field(() => CommunityResourceRatingsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommunityResourceRatingsInput)
  ratings?: CommunityResourceRatingsInput | null;
}

@InputType()
export class CommunityResourceFilter {
  @Field(() => String, {
    nullable: true,
    description:
      'Resources serving this municipality or ward (6-digit code): listed for it, its city (for a ward) or one of its wards (for a city).',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;

  @Field(() => [String], { nullable: true, description: 'Resources meeting at least one of these need categories.' })
  @IsOptional()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  needCategories?: string[] | null;

  @Field(() => [CommunityResourceKind], { nullable: true, description: 'Resources of one of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(16)
  @IsIn(Object.values(CommunityResourceKind), { each: true })
  kinds?: CommunityResourceKind[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Also CLOSED resources.' })
  @IsOptional()
  includeClosed?: boolean | null;
}

export const CLOSE_REASON_MAX = 2000;
