import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description:
    'Referrals declined for want of a resource (SERVICE_NOT_AVAILABLE, NO_CAPACITY, OUT_OF_AREA) in one need category, area and month. Cells with fewer people than STATS_MIN_CELL are left out.',
})
export class UnmetNeedCount {
  @Field({ description: 'A need-category code (see needCategories).' })
  needCategory: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the person lives (municipality or ward code, as registered); null when not recorded.',
  })
  municipalityCode: string | null;

  @Field(() => String, { nullable: true, description: 'E.g. 愛知県名古屋市中川区.' })
  municipalityName: string | null;

  @Field({ description: 'The month the referrals were sent (JST), YYYY-MM.' })
  period: string;

  @Field(() => Int)
  referralCount: number;

  @Field(() => Int, { description: 'Distinct people; the cell is shown only when this reaches STATS_MIN_CELL.' })
  personCount: number;
}
