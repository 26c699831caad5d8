import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../pagination/connection.js';

@ObjectType('ApiKey', { description: 'A partner API key. The secret itself is shown once, when issued.' })
export class ApiKeyModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The visible part of the key (tsu_<prefix>_…), to recognise it.' })
  prefix: string;

  @Field(() => String, { nullable: true })
  label: string | null;

  @Field(() => [String])
  scopes: string[];

  @Field(() => ID, { nullable: true, description: 'Null for hub-admin keys.' })
  agencyId: string | null;

  @Field()
  isHubAdmin: boolean;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the key stops working; null if it does not expire.' })
  expiresAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the key was last used, to the minute; null if it has never been used.',
  })
  lastUsedAt: Date | null;

  /** The issuing key's id, resolved into `issuedBy`. */
  createdByKeyId: string | null;
}

@ObjectType('ApiKeyIssuer', {
  description: 'The key that issued a key: revoking it revokes every key it issued, transitively.',
})
export class ApiKeyIssuerModel {
  @Field(() => ID)
  id: string;

  @Field({ description: 'The visible part of the issuing key.' })
  prefix: string;

  @Field()
  isHubAdmin: boolean;
}

@ObjectType('IssuedApiKey')
export class IssuedApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;

  @Field({ description: 'The key itself. Shown only in this response; store it now.' })
  secret: string;
}

export const ApiKeyConnection = ConnectionType(ApiKeyModel, 'ApiKey');
