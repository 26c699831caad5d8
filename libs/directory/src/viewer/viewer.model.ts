import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Agency } from '../dto/agency.model.js';

@ObjectType()
export class Viewer {
  @Field(() => Agency, { nullable: true, description: "The calling key's agency; null for hub-admin keys." })
  agency?: Agency | null;

  @Field(() => ID)
  apiKeyId: string;

  @Field(() => [String])
  scopes: string[];

  @Field()
  isHubAdmin: boolean;
}
