import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { AreaLevel, Sector, Urgency } from './enums.js';

@ObjectType()
export class ServiceArea {
  @Field(() => AreaLevel)
  level: AreaLevel;

  @Field({ description: 'Local-government code (PREFECTURE, MUNICIPALITY) or <municipality code>-<LOCAL_ID>.' })
  code: string;

  @Field(() => String, { nullable: true, description: 'The local name of a neighbourhood or school district.' })
  name: string | null;

  @Field({ description: '6-digit local-government code of the prefecture.' })
  prefectureCode: string;

  @Field(() => String, { nullable: true, description: 'The municipality or ward; null for a prefecture-wide area.' })
  municipalityCode: string | null;
}

@ObjectType()
export class ResponseTarget {
  @Field(() => Urgency)
  urgency: Urgency;

  @Field({ description: 'ISO 8601 duration, e.g. PT4H.' })
  acknowledgeWithin: string;

  @Field({ description: 'ISO 8601 duration, e.g. P2D.' })
  decideWithin: string;

  @Field({ description: 'Counted in business time: weekdays that are not Japanese public holidays.' })
  businessTime: boolean;
}

@ObjectType()
export class Agency {
  @Field(() => ID)
  id: string;

  @Field()
  code: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  nameEn: string | null;

  @Field(() => Sector)
  sector: Sector;

  @Field({ description: 'The kind of agency, e.g. 地域包括支援センター.' })
  kind: string;

  @Field(() => String, { nullable: true })
  contactEmail: string | null;

  @Field()
  acceptingReferrals: boolean;

  @Field({ description: "The area's hub coordinator (e.g. 基幹相談支援センター)." })
  isHubCoordinator: boolean;

  @Field({ description: 'Part of the fictional demo network.' })
  isDemo: boolean;

  @Field(() => [String])
  needCategories: string[];

  @Field(() => Int, { description: 'Optimistic-lock version; pass it to updateAgency as expectedVersion.' })
  version: number;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  // serviceAreas and responseTargets are resolved per request in batches (AgencyFieldsResolver).
}

export const AgencyConnection = ConnectionType(Agency, 'Agency');
