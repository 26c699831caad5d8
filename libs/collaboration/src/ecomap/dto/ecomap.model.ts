import { Field, Float, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DataCategory } from '@tsunagu/consent';
import { RelationDirection, RelationStrength } from '../../hearing/dto/person-relation.model.js';

/** Who a node of the ecomap is (libs/collaboration/src/shared/ecomap-sources.ts EcomapNodeKind). */
export enum EcomapNodeKind {
  PERSON = 'PERSON',
  FAMILY = 'FAMILY',
  FRIEND = 'FRIEND',
  NEIGHBOUR = 'NEIGHBOUR',
  COMMUNITY_ORGANISATION = 'COMMUNITY_ORGANISATION',
  BUSINESS = 'BUSINESS',
  INFORMAL_SUPPORTER = 'INFORMAL_SUPPORTER',
  AGENCY = 'AGENCY',
  COMMUNITY_RESOURCE = 'COMMUNITY_RESOURCE',
  OTHER = 'OTHER',
}

registerEnumType(EcomapNodeKind, {
  name: 'EcomapNodeKind',
  description:
    'PERSON 本人, FAMILY 家族・親族, FRIEND 友人, NEIGHBOUR 近隣, COMMUNITY_ORGANISATION 地域組織・当事者団体, BUSINESS 商店・企業, INFORMAL_SUPPORTER インフォーマルな支援者, AGENCY 支援機関, COMMUNITY_RESOURCE 地域資源, OTHER その他',
});

@ObjectType()
export class EcomapNode {
  @Field({ description: 'Stable within one ecomap: `person`, `relation:<id>`, `agency:<id>`, `resource:<id>`, …' })
  key: string;

  @Field(() => EcomapNodeKind)
  kind: EcomapNodeKind;

  @Field({ description: 'As drawn, in Japanese.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'The second line, e.g. a referral’s status (支援中).' })
  detail: string | null;

  @Field(() => Float, { description: 'Centre in the picture’s coordinates; the person is at 0, 0.' })
  x: number;

  @Field(() => Float)
  y: number;
}

@ObjectType()
export class EcomapEdge {
  @Field({ description: 'Node key.' })
  from: string;

  @Field({ description: 'Node key.' })
  to: string;

  @Field(() => RelationStrength)
  strength: RelationStrength;

  @Field(() => RelationDirection, { description: 'Relative to the person: TO_PERSON points at the person.' })
  direction: RelationDirection;

  @Field(() => String, { nullable: true })
  label: string | null;
}

@ObjectType({ description: 'エコマップ: the person’s relations as nodes and edges, and as an SVG picture.' })
export class Ecomap {
  @Field(() => ID)
  personId: string;

  @Field(() => [EcomapNode])
  nodes: EcomapNode[];

  @Field(() => [EcomapEdge])
  edges: EcomapEdge[];

  @Field({ description: 'The picture: a standalone SVG document (UTF-8), labelled in Japanese, with a legend.' })
  svg: string;

  @Field(() => [DataCategory], {
    description:
      'What the picture leaves out for the caller: IDENTITY (the person is drawn as 本人), SUPPORT_NETWORK (no relations).',
  })
  redacted: DataCategory[];
}
