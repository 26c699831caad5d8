import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { UuidPipe } from '../validation/uuid.pipe.js';
import { Authenticated, CurrentAuth } from './access.decorators.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysService } from './api-keys.service.js';
import { type AuthContext } from './auth-context.js';
import { ApiKeyModel, IssuedApiKeyModel } from './dto/api-key.model.js';
import { IssueApiKeyInput } from './dto/issue-api-key.input.js';
import { type Scope } from './scope.js';

export function toApiKeyModel(key: ApiKeyEntity): ApiKeyModel {
  return {
    id: key.id,
    prefix: key.prefix,
    label: key.label,
    scopes: key.scopes,
    agencyId: key.agencyId,
    isHubAdmin: key.agencyId === null,
    createdAt: key.createdAt,
    revokedAt: key.revokedAt,
  };
}

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Mutation(() => IssuedApiKeyModel, { description: 'Issues a key; its secret is returned in this response only.' })
  @Authenticated()
  async issueApiKey(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: IssueApiKeyInput,
  ): Promise<IssuedApiKeyModel> {
    const issued = await this.apiKeys.issue(caller, { ...input, scopes: input.scopes as Scope[] });
    return { apiKey: toApiKeyModel(issued.apiKey), secret: issued.secret };
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes a key; it stops working at once.' })
  @Authenticated()
  async revokeApiKey(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<ApiKeyModel> {
    return toApiKeyModel(await this.apiKeys.revoke(caller, id));
  }
}
