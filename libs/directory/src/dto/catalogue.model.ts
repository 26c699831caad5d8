import { Field, ObjectType } from '@nestjs/graphql';
import { Sector } from './enums.js';

@ObjectType()
export class SectorInfo {
  @Field(() => Sector)
  code: Sector;

  @Field()
  labelJa: string;

  @Field()
  labelEn: string;

  @Field({ description: 'The system (制度・施策) as the collaboration chart names it.' })
  systemJa: string;

  @Field()
  systemEn: string;

  @Field(() => [String])
  typicalAgenciesJa: string[];
}

@ObjectType()
export class NeedCategoryInfo {
  @Field()
  code: string;

  @Field()
  labelJa: string;

  @Field()
  labelEn: string;

  @Field()
  descriptionJa: string;

  @Field(() => [Sector], { description: 'The sectors that typically address this need.' })
  sectors: Sector[];
}

@ObjectType()
export class CollaborationPathway {
  @Field(() => Sector)
  fromSector: Sector;

  @Field(() => Sector)
  toSector: Sector;

  @Field({ description: 'The collaboration the chart names, in Japanese.' })
  purposeJa: string;

  @Field()
  purposeEn: string;
}
