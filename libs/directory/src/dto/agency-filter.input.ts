import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { Sector } from './enums.js';

@InputType()
export class AgencyFilter {
  @Field(() => Sector, { nullable: true })
  sector?: Sector | null;

  @Field(() => String, { nullable: true, description: 'A need-category code (see needCategories).' })
  @IsOptional()
  @Matches(/^[A-Z_]{1,40}$/, { message: 'needCategory must be a need-category code such as HOUSING' })
  needCategory?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Agencies whose service areas overlap this municipality or ward (6-digit code, e.g. 231100).',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only agencies accepting (true) or pausing (false) referrals.' })
  accepting?: boolean | null;
}
