import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { LegalBasis } from './enums.js';

@ObjectType({ description: 'A 支援会議 or 要保護児童対策地域協議会 and its member agencies.' })
export class SupportMeeting {
  @Field(() => ID)
  id: string;

  @Field(() => LegalBasis, { description: 'SUPPORT_MEETING or CHILD_PROTECTION_COUNCIL.' })
  kind: LegalBasis;

  @Field()
  name: string;

  @Field()
  municipalityCode: string;

  @Field(() => [ID])
  memberAgencyIds: string[];
}

@InputType()
export class CreateSupportMeetingInput {
  @Field(() => LegalBasis)
  @IsIn([LegalBasis.SUPPORT_MEETING, LegalBasis.CHILD_PROTECTION_COUNCIL], {
    message: 'kind must be SUPPORT_MEETING or CHILD_PROTECTION_COUNCIL',
  })
  kind: LegalBasis;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @Field()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local-government code' })
  municipalityCode: string;

  @Field(() => [ID])
  @ArrayMinSize(2)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  memberAgencyIds: string[];
}
