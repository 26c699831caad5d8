import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@tsunagu/platform';
import { GraphQLJSON } from 'graphql-type-json';

@ObjectType()
export class AuditEntry {
  @Field(() => ID)
  id: string;

  @Field()
  at: Date;

  @Field({
    description: 'PERSON_REGISTERED, PERSON_READ, CONSENT_RECORDED, CONSENT_WITHDRAWN, DATA_SHARED, FREE_TEXT_READ',
  })
  action: string;

  @Field(() => ID)
  personId: string;

  @Field(() => ID, { nullable: true })
  agencyId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The API key used (a staff member's principal for a console session).",
  })
  keyId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The staff member, when the read or change came through a console session.',
  })
  staffId: string | null;

  @Field(() => [String], { description: 'The data categories read or shared.' })
  categories: string[];

  @Field(() => GraphQLJSON, { description: 'Why it was allowed: registrant, consents, legal basis, referral.' })
  basis: unknown;

  @Field(() => String, { nullable: true })
  operation: string | null;

  @Field(() => ID, { nullable: true })
  referralId: string | null;

  @Field(() => ID, { nullable: true })
  consentId: string | null;
}

export const AuditEntryConnection = ConnectionType(AuditEntry, 'AuditEntry');
