import { Field, ID, InputType } from '@nestjs/graphql';
import { Sector, Urgency } from '@tsunagu/directory';
import { IsDate, IsOptional, IsUUID, Matches } from 'class-validator';

@InputType({
  description:
    'The referrals the statistics cover: sent in [from, to), narrowed by the receiving agency, its sector, the urgency and an area.',
})
export class StatsFilter {
  @Field(() => Date, { nullable: true, description: 'Sent at or after this instant.' })
  @IsOptional()
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Sent before this instant.' })
  @IsOptional()
  @IsDate()
  to?: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The receiving agency. Another agency’s id needs a hub-admin key or a hub coordinator.',
  })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @Field(() => Sector, { nullable: true, description: 'The receiving agency’s sector.' })
  sector?: Sector | null;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field(() => String, {
    nullable: true,
    description:
      'A municipality or ward (6-digit code, e.g. 231100). responseTimeStats: receiving agencies serving it; unmetNeeds: people living there.',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;
}
