import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import {
  CurrentAuth,
  HubAdminOnly,
  InputValidationPipe,
  pageRequest,
  RequireScopes,
  Scope,
  UuidPipe,
  type AuthContext,
  type Connection,
} from '@tsunagu/platform';
import { type CommunityResourceEntity } from './community-resource.entity.js';
import {
  CommunityResource,
  CommunityResourceConnection,
  CommunityResourceFilter,
  CommunityResourceInput,
} from './community-resource.model.js';
import { CommunityResourcesService } from './community-resources.service.js';

@Resolver(() => CommunityResource)
export class CommunityResourcesResolver {
  constructor(private readonly resources: CommunityResourcesService) {}

  @Query(() => CommunityResourceConnection, {
    description:
      'Community resources (社会資源) that are not agencies, ordered by name; ACTIVE only unless includeClosed.',
  })
  @RequireScopes(Scope.DIRECTORY_READ)
  communityResources(
    @Args(
      'filter',
      { type: () => CommunityResourceFilter, nullable: true },
      new InputValidationPipe(CommunityResourceFilter),
    )
    filter: CommunityResourceFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<CommunityResourceEntity>> {
    return this.resources.list(filter, pageRequest(first, after, this.resources.pageSizeMax));
  }

  @Query(() => CommunityResource, { description: 'One community resource, also a CLOSED one.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  communityResource(@Args('id', { type: () => ID }, UuidPipe) id: string): Promise<CommunityResourceEntity> {
    return this.resources.get(id);
  }

  @Mutation(() => CommunityResource, { description: 'Hub admin: add a resource the hub maintains.' })
  @HubAdminOnly()
  createCommunityResource(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: CommunityResourceInput,
  ): Promise<CommunityResourceEntity> {
    return this.resources.create(input, caller.agencyId);
  }

  @Mutation(() => CommunityResource, {
    description: 'Hub admin: replace the resource’s fields; CONFLICT unless it is still at expectedVersion.',
  })
  @HubAdminOnly()
  updateCommunityResource(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('input') input: CommunityResourceInput,
  ): Promise<CommunityResourceEntity> {
    return this.resources.update(id, expectedVersion, input);
  }

  @Mutation(() => CommunityResource, {
    description:
      'Hub admin: the resource is no longer suggested (ecomaps keep it); the reason is kept in its description.',
  })
  @HubAdminOnly()
  closeCommunityResource(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('reason') reason: string,
  ): Promise<CommunityResourceEntity> {
    return this.resources.close(id, expectedVersion, reason);
  }
}
