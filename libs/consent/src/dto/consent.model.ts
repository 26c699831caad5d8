import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Sector } from '@tsunagu/directory';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ConsentMethod, ConsentPurpose, ConsentStatus, DataCategory } from './enums.js';

@ObjectType()
export class Consent {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  personId: string;

  @Field(() => ConsentStatus, { description: 'Derived from expiry and withdrawal at the time of the request.' })
  status: ConsentStatus;

  @Field(() => ID, { nullable: true, description: 'The agency the person consented to share with…' })
  recipientAgencyId: string | null;

  @Field(() => Sector, { nullable: true, description: '…or every agency of this sector.' })
  recipientSector: Sector | null;

  @Field(() => [ConsentPurpose])
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory])
  dataCategories: DataCategory[];

  @Field(() => ConsentMethod)
  method: ConsentMethod;

  @Field(() => String, { nullable: true, description: 'Where the evidence is kept (e.g. a document number).' })
  evidenceRef: string | null;

  @Field()
  obtainedAt: Date;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => ID)
  recordedByAgencyId: string;

  @Field()
  recordedAt: Date;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;

  /** Resolved by ConsentFieldsResolver (person data: needs persons:read). */
  withdrawalReason: string | null;
}

@InputType()
export class RecordConsentInput {
  @Field(() => ID)
  @IsUUID()
  personId: string;

  @Field(() => ID, { nullable: true, description: 'Exactly one of recipientAgencyId and recipientSector.' })
  @IsOptional()
  @IsUUID()
  recipientAgencyId?: string | null;

  @Field(() => Sector, { nullable: true })
  recipientSector?: Sector | null;

  @Field(() => [ConsentPurpose])
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  purposes: ConsentPurpose[];

  @Field(() => [DataCategory])
  @ArrayMinSize(1)
  @ArrayMaxSize(Object.values(DataCategory).length)
  dataCategories: DataCategory[];

  @Field(() => ConsentMethod)
  method: ConsentMethod;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  evidenceRef?: string | null;

  @Field(() => Date, { nullable: true, description: 'Defaults to now; may not be in the future.' })
  @IsOptional()
  @IsDate()
  obtainedAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Must be after obtainedAt and in the future.' })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}
