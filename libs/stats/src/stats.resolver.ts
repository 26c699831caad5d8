import { Args, Context, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Agency, agencyLoader, AgenciesService, type AgencyEntity } from '@tsunagu/directory';
import {
  CurrentAuth,
  InputValidationPipe,
  RequireScopes,
  Scope,
  type AuthContext,
  type RequestContext,
} from '@tsunagu/platform';
import { type GraphQLResolveInfo } from 'graphql';
import { StatsGroupBy } from './dto/enums.js';
import { ResponseTimeStats } from './dto/response-time-stats.model.js';
import { StatsFilter } from './dto/stats-filter.input.js';
import { UnmetNeedCount } from './dto/unmet-need-count.model.js';
import { requestedMeasures } from './queries/measures.js';
import { StatsService } from './stats.service.js';

@Resolver(() => ResponseTimeStats)
export class StatsResolver {
  constructor(
    private readonly stats: StatsService,
    private readonly agencies: AgenciesService,
  ) {}

  @Query(() => [ResponseTimeStats], {
    description:
      'Response times of the referrals sent in the filter’s period, per group. Network-wide groups for every agency; other agencies’ own figures for the hub admin and hub coordinators.',
  })
  @RequireScopes(Scope.STATS_READ)
  responseTimeStats(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => StatsFilter, nullable: true }, new InputValidationPipe(StatsFilter))
    filter: StatsFilter | null,
    @Args('groupBy', { type: () => StatsGroupBy }) groupBy: StatsGroupBy,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ResponseTimeStats[]> {
    return this.stats.responseTimeStats(caller, filter, groupBy, requestedMeasures(info));
  }

  @Query(() => [UnmetNeedCount], {
    description:
      'Declined referrals that show a missing resource, by need category × area × month, for the council (協議会). Small cells are left out.',
  })
  @RequireScopes(Scope.STATS_READ)
  unmetNeeds(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => StatsFilter, nullable: true }, new InputValidationPipe(StatsFilter))
    filter: StatsFilter | null,
  ): Promise<UnmetNeedCount[]> {
    return this.stats.unmetNeeds(caller, filter);
  }

  @ResolveField(() => Agency, { nullable: true })
  agency(@Parent() stats: ResponseTimeStats, @Context() context: RequestContext): Promise<AgencyEntity | null> | null {
    return stats.agencyId ? agencyLoader(context, this.agencies).load(stats.agencyId) : null;
  }
}
