import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsDate, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { ALL_SCOPES } from '../scope.js';

@InputType()
export class IssueApiKeyInput {
  @Field(() => ID, { nullable: true, description: 'The agency the key acts for; omit for a hub-admin key.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(ALL_SCOPES.length)
  @IsIn(ALL_SCOPES, { each: true, message: `each scope must be one of: ${ALL_SCOPES.join(', ')}` })
  scopes: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  label?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the key stops working; in the future, at most ten years ahead, and not after the expiry of the ' +
      'issuing key (which it defaults to). Omit it for a key that does not expire.',
  })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}
