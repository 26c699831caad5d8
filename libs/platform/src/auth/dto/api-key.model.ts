import { Field, ID, ObjectType } from '@nestjs/graphql';

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
}

@ObjectType('IssuedApiKey')
export class IssuedApiKeyModel {
  @Field(() => ApiKeyModel)
  apiKey: ApiKeyModel;

  @Field({ description: 'The key itself. Shown only in this response; store it now.' })
  secret: string;
}
