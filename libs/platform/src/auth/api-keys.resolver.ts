import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { loader, type RequestContext } from '../graphql/request-context.js';
import { pageRequest, type Connection } from '../pagination/connection.js';
import { UuidPipe } from '../validation/uuid.pipe.js';
import { Authenticated, CurrentAuth } from './access.decorators.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { ApiKeysService } from './api-keys.service.js';
import { type AuthContext } from './auth-context.js';
import { ApiKeyConnection, ApiKeyIssuerModel, ApiKeyModel, IssuedApiKeyModel } from './dto/api-key.model.js';
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
    revokedAt: key.revokedAt ?? null,
    expiresAt: key.expiresAt ?? null,
    lastUsedAt: key.lastUsedAt ?? null,
    createdByKeyId: key.createdByKeyId ?? null,
  };
}

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Query(() => ApiKeyConnection, {
    description:
      "The calling agency's keys, newest first, revoked ones included (never their secrets). A hub admin " +
      "lists an agency's keys with agencyId, or the hub-admin keys without it.",
  })
  @Authenticated()
  async apiKeys(
    @CurrentAuth() caller: AuthContext,
    @Args('agencyId', { type: () => ID, nullable: true }, UuidPipe) agencyId: string | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<ApiKeyModel>> {
    const page = await this.keys.list(caller, agencyId, pageRequest(first, after, this.keys.pageSizeMax));
    return { ...page, edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toApiKeyModel(edge.node) })) };
  }

  @Mutation(() => IssuedApiKeyModel, { description: 'Issues a key; its secret is returned in this response only.' })
  @Authenticated()
  async issueApiKey(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: IssueApiKeyInput,
  ): Promise<IssuedApiKeyModel> {
    const issued = await this.keys.issue(caller, { ...input, scopes: input.scopes as Scope[] });
    return { apiKey: toApiKeyModel(issued.apiKey), secret: issued.secret };
  }

  @Mutation(() => ApiKeyModel, {
    description: 'Revokes a key and every key it issued, transitively; they stop working at once.',
  })
  @Authenticated()
  async revokeApiKey(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<ApiKeyModel> {
    return toApiKeyModel((await this.keys.revoke(caller, id)).apiKey);
  }

  @ResolveField(() => ApiKeyIssuerModel, {
    nullable: true,
    description: 'The key that issued this one; null for keys not issued through the API (configured, demo).',
  })
  async issuedBy(@Parent() key: ApiKeyModel, @Context() context: RequestContext): Promise<ApiKeyIssuerModel | null> {
    if (!key.createdByKeyId) return null;
    const issuers = loader(
      context,
      'apiKeyIssuers',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const found = new Map((await this.keys.findByIds(ids)).map((issuer) => [issuer.id, issuer]));
          return ids.map((id) => found.get(id) ?? null);
        }),
    );
    const issuer = await issuers.load(key.createdByKeyId);
    return issuer ? { id: issuer.id, prefix: issuer.prefix, isHubAdmin: issuer.agencyId === null } : null;
  }
}
