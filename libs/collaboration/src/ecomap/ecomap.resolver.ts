import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { CurrentAuth, RequireScopes, Scope, UuidPipe, type AuthContext } from '@tsunagu/platform';
import { Ecomap } from './dto/ecomap.model.js';
import { EcomapService, type EcomapView } from './ecomap.service.js';

@Resolver(() => Ecomap)
export class EcomapResolver {
  constructor(private readonly ecomaps: EcomapService) {}

  @Query(() => Ecomap, {
    description: 'The person’s ecomap (エコマップ) as nodes, edges and an SVG picture, masked for the caller; audited.',
  })
  @RequireScopes(Scope.PERSONS_READ)
  ecomap(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
  ): Promise<EcomapView> {
    return this.ecomaps.ecomap(caller, personId);
  }
}
