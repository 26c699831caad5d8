import { Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ApiKeyModel, Authenticated, CurrentAuth, type AuthContext, type RequestContext } from '@tsunagu/platform';
import { agencyLoader } from '../agencies/agencies.resolver.js';
import { AgenciesService } from '../agencies/agencies.service.js';
import { Agency } from '../dto/agency.model.js';
import { type AgencyEntity } from '../entities/agency.entity.js';
import { Viewer } from './viewer.model.js';

interface ViewerSource {
  agencyId: string | null;
  apiKeyId: string;
  scopes: string[];
  isHubAdmin: boolean;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @Query(() => Viewer, { description: "The calling key's agency and scopes." })
  @Authenticated()
  viewer(@CurrentAuth() caller: AuthContext): ViewerSource {
    return {
      agencyId: caller.agencyId,
      apiKeyId: caller.keyId,
      scopes: [...caller.scopes],
      isHubAdmin: caller.isHubAdmin,
    };
  }

  @ResolveField(() => Agency, { nullable: true })
  agency(@Parent() viewer: ViewerSource, @Context() context: RequestContext): Promise<AgencyEntity | null> | null {
    return viewer.agencyId ? agencyLoader(context, this.agencies).load(viewer.agencyId) : null;
  }
}

@Resolver(() => ApiKeyModel)
export class ApiKeyAgencyResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @ResolveField(() => Agency, { nullable: true, description: 'The agency the key acts for; null for hub-admin keys.' })
  agency(@Parent() key: ApiKeyModel, @Context() context: RequestContext): Promise<AgencyEntity | null> | null {
    return key.agencyId ? agencyLoader(context, this.agencies).load(key.agencyId) : null;
  }
}
