import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Who the relation is with (seed 3-7's kinds, as the hearing sheet meets them). */
export enum PersonRelationKind {
  FAMILY = 'FAMILY',
  FRIEND = 'FRIEND',
  NEIGHBOUR = 'NEIGHBOUR',
  COMMUNITY_ORGANISATION = 'COMMUNITY_ORGANISATION',
  BUSINESS = 'BUSINESS',
  INFORMAL_SUPPORTER = 'INFORMAL_SUPPORTER',
  OTHER = 'OTHER',
}

export const PERSON_RELATION_KINDS: readonly string[] = Object.values(PersonRelationKind);

/** How the relation is drawn: strong (thick line), weak (dashed), stressful (red zig-zag). */
export enum RelationStrength {
  STRONG = 'STRONG',
  WEAK = 'WEAK',
  STRESSFUL = 'STRESSFUL',
}

/** Which way support or energy flows: to the person, from the person, or both ways (arrows). */
export enum RelationDirection {
  TO_PERSON = 'TO_PERSON',
  FROM_PERSON = 'FROM_PERSON',
  MUTUAL = 'MUTUAL',
}

registerEnumType(PersonRelationKind, {
  name: 'PersonRelationKind',
  description:
    'FAMILY 家族・親族, FRIEND 友人, NEIGHBOUR 近隣, COMMUNITY_ORGANISATION 地域組織・当事者団体, BUSINESS 商店・企業, INFORMAL_SUPPORTER インフォーマルな支援者, OTHER その他',
});
registerEnumType(RelationStrength, {
  name: 'RelationStrength',
  description: 'STRONG 強い (thick line), WEAK 弱い (dashed), STRESSFUL ストレス・対立 (red zig-zag)',
});
registerEnumType(RelationDirection, {
  name: 'RelationDirection',
  description: 'TO_PERSON 本人へ, FROM_PERSON 本人から, MUTUAL 相互',
});

@ObjectType({ description: 'Someone or something in the person’s life (SUPPORT_NETWORK), drawn in the ecomap.' })
export class PersonRelation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  personId: string;

  @Field(() => PersonRelationKind)
  kind: PersonRelationKind;

  @Field({ description: 'Who or what, as drawn in the ecomap (e.g. 母, 民生委員の田中さん, 町内のサロン).' })
  label: string;

  @Field(() => RelationStrength)
  strength: RelationStrength;

  @Field(() => RelationDirection)
  direction: RelationDirection;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The community resource of the directory the relation is with (see communityResource(id)).',
  })
  communityResourceId: string | null;

  @Field(() => ID, { description: 'The agency that recorded the relation.' })
  createdByAgencyId: string;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@InputType()
export class AddPersonRelationInput {
  @Field(() => ID)
  @IsUUID()
  personId: string;

  @Field(() => PersonRelationKind)
  kind: PersonRelationKind;

  @Field({ description: '1–100 characters.' })
  @IsString()
  @MaxLength(100)
  label: string;

  @Field(() => RelationStrength)
  strength: RelationStrength;

  @Field(() => RelationDirection, { defaultValue: RelationDirection.MUTUAL })
  direction: RelationDirection;

  @Field(() => String, { nullable: true, description: 'At most 1000 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'An ACTIVE community resource of the directory (見守り隊, 居場所 …): the ecomap draws it as COMMUNITY_RESOURCE.',
  })
  @IsOptional()
  @IsUUID()
  communityResourceId?: string | null;
}

@InputType({ description: 'The fields to change; absent fields stay as they are, a null note clears it.' })
export class UpdatePersonRelationInput {
  @Field(() => PersonRelationKind, { nullable: true })
  @IsOptional()
  kind?: PersonRelationKind | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => RelationStrength, { nullable: true })
  @IsOptional()
  strength?: RelationStrength | null;

  @Field(() => RelationDirection, { nullable: true })
  @IsOptional()
  direction?: RelationDirection | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'An ACTIVE community resource to name instead; null stops naming one. Absent: unchanged.',
  })
  @IsOptional()
  @IsUUID()
  communityResourceId?: string | null;
}
