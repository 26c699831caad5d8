import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CurrentAuth,
  HubAdminOnly,
  InputValidationPipe,
  loader,
  pageRequest,
  RequireScopes,
  Scope,
  UuidPipe,
  type AuthContext,
  type Connection,
  type RequestContext,
} from '@tsunagu/platform';
import DataLoader from 'dataloader';
import { AgencyFilter } from '../dto/agency-filter.input.js';
import { CreateAgencyInput, UpdateAgencyInput } from '../dto/agency.input.js';
import { Agency, AgencyConnection, ResponseTarget, ServiceArea } from '../dto/agency.model.js';
import { type AgencyEntity } from '../entities/agency.entity.js';
import { AgenciesService } from './agencies.service.js';

@Resolver(() => Agency)
export class AgenciesResolver {
  constructor(private readonly agencyService: AgenciesService) {}

  @Query(() => AgencyConnection, { description: 'The agency directory, ordered by code.' })
  @RequireScopes(Scope.DIRECTORY_READ)
  agencies(
    @Args('filter', { type: () => AgencyFilter, nullable: true }, new InputValidationPipe(AgencyFilter))
    filter: AgencyFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<AgencyEntity>> {
    return this.agencyService.list(filter, pageRequest(first, after, this.agencyService.pageSizeMax));
  }

  @Query(() => Agency, { nullable: true, description: 'One agency by id or by code (exactly one).' })
  @RequireScopes(Scope.DIRECTORY_READ)
  agency(
    @Args('id', { type: () => ID, nullable: true }, UuidPipe) id: string | null,
    @Args('code', { type: () => String, nullable: true }) code: string | null,
  ): Promise<AgencyEntity> {
    return this.agencyService.get({ id, code });
  }

  @Mutation(() => Agency)
  @HubAdminOnly()
  createAgency(@Args('input') input: CreateAgencyInput): Promise<AgencyEntity> {
    return this.agencyService.create(input);
  }

  @Mutation(() => Agency, { description: 'Hub admin: any field. The agency itself: its own operational settings.' })
  @RequireScopes(Scope.DIRECTORY_WRITE)
  updateAgency(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: UpdateAgencyInput,
  ): Promise<AgencyEntity> {
    return this.agencyService.update(caller, id, input);
  }

  @ResolveField(() => [ServiceArea])
  serviceAreas(@Parent() agency: AgencyEntity, @Context() context: RequestContext): Promise<ServiceArea[]> {
    return loader(
      context,
      'agency.serviceAreas',
      () => new DataLoader((ids: readonly string[]) => this.agencyService.serviceAreasOf(ids)),
    ).load(agency.id);
  }

  @ResolveField(() => [ResponseTarget])
  responseTargets(@Parent() agency: AgencyEntity, @Context() context: RequestContext): Promise<ResponseTarget[]> {
    return loader(
      context,
      'agency.responseTargets',
      () => new DataLoader((ids: readonly string[]) => this.agencyService.responseTargetsOf(ids)),
    ).load(agency.id);
  }
}

/** The per-request agency loader, for every field that points at an agency. */
export function agencyLoader(
  context: RequestContext,
  agencies: AgenciesService,
): DataLoader<string, AgencyEntity | null> {
  return loader(
    context,
    'agency.byId',
    () =>
      new DataLoader(async (ids: readonly string[]) => {
        const rows = await agencies.findByIds(ids);
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
  );
}
