import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { agencyLoader, AgenciesService, Agency, type AgencyEntity } from '@tsunagu/directory';
import { CurrentAuth, RequireScopes, Scope, UuidPipe, type AuthContext, type RequestContext } from '@tsunagu/platform';
import { HearingSheet, HearingSheetAnswerInput, HearingSheetRevision } from './dto/hearing-sheet.model.js';
import { AddPersonRelationInput, PersonRelation, UpdatePersonRelationInput } from './dto/person-relation.model.js';
import { type PersonRelationEntity } from './entities/person-relation.entity.js';
import { HearingService, type HearingSheetView } from './hearing.service.js';
import { PersonRelationsService } from './person-relations.service.js';

const versionArg = { type: () => Int, nullable: true, description: 'Fail with CONFLICT unless still at this version.' };

@Resolver(() => HearingSheet)
export class HearingResolver {
  constructor(
    private readonly hearing: HearingService,
    private readonly relations: PersonRelationsService,
    private readonly agencies: AgenciesService,
  ) {}

  @Query(() => HearingSheet, {
    description: 'The person’s hearing sheet (SUPPORT_NETWORK); version 0 with empty items before the first save.',
  })
  @RequireScopes(Scope.PERSONS_READ)
  hearingSheet(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
  ): Promise<HearingSheetView> {
    return this.hearing.get(caller, personId);
  }

  @Mutation(() => HearingSheet, {
    description: 'Replaces the whole sheet when it is still at expectedVersion (0 before the first save).',
  })
  @RequireScopes(Scope.PERSONS_WRITE, Scope.PERSONS_READ)
  saveHearingSheet(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @Args('answers', { type: () => [HearingSheetAnswerInput] }) answers: HearingSheetAnswerInput[],
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<HearingSheetView> {
    return this.hearing.save(caller, personId, answers, expectedVersion);
  }

  @Query(() => [PersonRelation], { description: 'The person’s relations (SUPPORT_NETWORK), oldest first.' })
  @RequireScopes(Scope.PERSONS_READ)
  personRelations(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
  ): Promise<PersonRelationEntity[]> {
    return this.relations.list(caller, personId);
  }

  @Mutation(() => PersonRelation)
  @RequireScopes(Scope.PERSONS_WRITE, Scope.PERSONS_READ)
  addPersonRelation(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: AddPersonRelationInput,
  ): Promise<PersonRelationEntity> {
    return this.relations.add(caller, input);
  }

  @Mutation(() => PersonRelation)
  @RequireScopes(Scope.PERSONS_WRITE, Scope.PERSONS_READ)
  updatePersonRelation(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: UpdatePersonRelationInput,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<PersonRelationEntity> {
    return this.relations.update(caller, id, input, expectedVersion ?? null);
  }

  @Mutation(() => ID, { description: 'Removes the relation from the ecomap; returns its id.' })
  @RequireScopes(Scope.PERSONS_WRITE)
  removePersonRelation(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<string> {
    return this.relations.remove(caller, id, expectedVersion ?? null);
  }

  @ResolveField(() => Agency, { nullable: true })
  updatedByAgency(@Parent() sheet: HearingSheetView, @Context() context: RequestContext): Promise<AgencyEntity | null> {
    return sheet.updatedByAgencyId
      ? agencyLoader(context, this.agencies).load(sheet.updatedByAgencyId)
      : Promise.resolve(null);
  }
}

@Resolver(() => HearingSheetRevision)
export class HearingSheetRevisionResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @ResolveField(() => Agency, { nullable: true })
  savedByAgency(
    @Parent() revision: { savedByAgencyId: string },
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(revision.savedByAgencyId);
  }
}
