import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentAuth, RequireScopes, Scope, type AuthContext } from '@tsunagu/platform';
import { AgencySuggestion, SuggestAgenciesInput } from '../dto/referral.model.js';
import { RoutingService, type Suggestion } from './routing.service.js';

@Resolver()
export class RoutingResolver {
  constructor(private readonly routing: RoutingService) {}

  @Query(() => [AgencySuggestion], { description: 'Agencies for these needs in this place, best first, with reasons.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  suggestAgencies(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: SuggestAgenciesInput,
  ): Promise<Suggestion[]> {
    return this.routing.suggest({ ...input, fromAgencyId: caller.agencyId });
  }
}
