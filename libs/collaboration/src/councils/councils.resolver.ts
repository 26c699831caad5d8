import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  agencyLoader,
  AgenciesService,
  Agency,
  CommunityResource,
  type AgencyEntity,
  type CommunityResourceEntity,
} from '@tsunagu/directory';
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
import { AgendaFormat, type RegionalIssueStage } from './council-enums.js';
import {
  type CouncilBodyEntity,
  type CouncilEntity,
  type CouncilMeetingEntity,
  type CouncilMemberEntity,
  type RegionalIssueEntity,
  type RegionalIssueMoveEntity,
} from './council.entity.js';
import {
  AddCouncilMemberInput,
  CommunityGap,
  CommunityGapsInput,
  Council,
  CouncilAgendaFile,
  CouncilBody,
  CouncilMeeting,
  CouncilMeetingConnection,
  CouncilMember,
  CreateCouncilInput,
  DissolveCouncilBodyInput,
  IssueEvidence,
  LinkRegionalIssueEvidenceInput,
  MergeRegionalIssuesInput,
  MoveRegionalIssueInput,
  RaiseRegionalIssueInput,
  RegionalIssue,
  RegionalIssueConnection,
  RegionalIssueFilter,
  RegionalIssueMove,
  RemoveCouncilMemberInput,
  ScheduleCouncilMeetingInput,
  SetUpCouncilBodyInput,
} from './council.model.js';
import { CouncilsService } from './councils.service.js';
import { type EvidenceSummary } from './evidence-counts.js';
import { allowedNextStages } from './issue-stages.js';
import { RegionalIssuesService, type CommunityGapRow } from './regional-issues.service.js';
import { RegionalIssueStage as Stage } from './council-enums.js';

function bodyLoader(context: RequestContext, service: CouncilsService): DataLoader<string, CouncilBodyEntity | null> {
  return loader(
    context,
    'council.bodyById',
    () => new DataLoader((ids: readonly string[]) => service.bodiesByIds(ids)),
  );
}

function meetingLoader(
  context: RequestContext,
  service: CouncilsService,
): DataLoader<string, CouncilMeetingEntity | null> {
  return loader(
    context,
    'council.meetingById',
    () => new DataLoader((ids: readonly string[]) => service.meetingsByIds(ids)),
  );
}

@Resolver(() => Council)
export class CouncilsResolver {
  constructor(private readonly service: CouncilsService) {}

  @Query(() => [Council], {
    description:
      'The councils the calling agency is a member of (hub admin: all), by name; with a code, those whose area covers or overlaps it.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  councilList(
    @CurrentAuth() caller: AuthContext,
    @Args('municipalityCode', { type: () => String, nullable: true }) municipalityCode: string | null,
  ): Promise<CouncilEntity[]> {
    return this.service.list(caller, municipalityCode ?? null);
  }

  @Query(() => Council, {
    nullable: true,
    description: 'A council the calling agency is a member of (hub admin: any).',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  council(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<CouncilEntity> {
    return this.service.get(caller, id);
  }

  @Query(() => CouncilMeetingConnection, { description: 'A council’s meetings, latest first (members).' })
  @RequireScopes(Scope.COUNCILS_READ)
  councilMeetings(
    @CurrentAuth() caller: AuthContext,
    @Args('councilId', { type: () => ID }, UuidPipe) councilId: string,
    @Args('bodyId', { type: () => ID, nullable: true }, UuidPipe) bodyId: string | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<CouncilMeetingEntity>> {
    return this.service.meetings(
      caller,
      councilId,
      bodyId ?? null,
      pageRequest(first, after, this.service.pageSizeMax),
    );
  }

  @Mutation(() => Council, { description: 'Creates a council with its secretariat (事務局) and members (hub admin).' })
  @HubAdminOnly()
  createCouncil(@Args('input') input: CreateCouncilInput): Promise<CouncilEntity> {
    return this.service.create(input);
  }

  @Mutation(() => Council, { description: 'Adds a member agency or changes its role (secretariat or hub admin).' })
  @RequireScopes(Scope.COUNCILS_WRITE)
  addCouncilMember(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: AddCouncilMemberInput,
  ): Promise<CouncilEntity> {
    return this.service.addMember(caller, input);
  }

  @Mutation(() => Council, {
    description: 'Removes a member agency; the last secretariat stays (secretariat or hub admin).',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  removeCouncilMember(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: RemoveCouncilMemberInput,
  ): Promise<CouncilEntity> {
    return this.service.removeMember(caller, input);
  }

  @Mutation(() => CouncilBody, {
    description:
      'Sets up a body: 運営会議, 定例会, a 専門部会 named by disability, issue or area, 全体会 (secretariat or hub admin).',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  setUpCouncilBody(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: SetUpCouncilBodyInput,
  ): Promise<CouncilBodyEntity> {
    return this.service.setUpBody(caller, input);
  }

  @Mutation(() => CouncilBody, {
    description: 'Dissolves a body, naming the bodies it was merged into or split into (secretariat or hub admin).',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  dissolveCouncilBody(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: DissolveCouncilBodyInput,
  ): Promise<CouncilBodyEntity> {
    return this.service.dissolveBody(caller, input);
  }

  @Mutation(() => CouncilMeeting, { description: 'Schedules a meeting of a council body (secretariat).' })
  @RequireScopes(Scope.COUNCILS_WRITE)
  scheduleCouncilMeeting(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: ScheduleCouncilMeetingInput,
  ): Promise<CouncilMeetingEntity> {
    return this.service.scheduleMeeting(caller, input);
  }

  @ResolveField(() => [CouncilMember])
  async members(@Parent() council: CouncilEntity, @Context() context: RequestContext): Promise<CouncilMember[]> {
    const rows = await loader(
      context,
      'council.members',
      () => new DataLoader((ids: readonly string[]) => this.service.membersOf(ids)),
    ).load(council.id);
    return rows.map((row: CouncilMemberEntity) => ({ agencyId: row.agencyId, role: row.role, joinedAt: row.joinedAt }));
  }

  @ResolveField(() => [CouncilBody])
  bodies(@Parent() council: CouncilEntity, @Context() context: RequestContext): Promise<CouncilBodyEntity[]> {
    return loader(
      context,
      'council.bodies',
      () => new DataLoader((ids: readonly string[]) => this.service.bodiesOf(ids)),
    ).load(council.id);
  }
}

@Resolver(() => CouncilMember)
export class CouncilMemberResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @ResolveField(() => Agency)
  agency(@Parent() member: CouncilMember, @Context() context: RequestContext): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(member.agencyId);
  }
}

@Resolver(() => CouncilMeeting)
export class CouncilMeetingResolver {
  constructor(private readonly councils: CouncilsService) {}

  @ResolveField(() => CouncilBody)
  body(@Parent() meeting: CouncilMeetingEntity, @Context() context: RequestContext): Promise<CouncilBodyEntity | null> {
    return bodyLoader(context, this.councils).load(meeting.bodyId);
  }
}

@Resolver(() => RegionalIssue)
export class RegionalIssuesResolver {
  constructor(
    private readonly service: RegionalIssuesService,
    private readonly councils: CouncilsService,
    private readonly agencies: AgenciesService,
  ) {}

  @Query(() => RegionalIssue, {
    nullable: true,
    description: 'A regional issue of a council the caller is a member of.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  regionalIssue(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<RegionalIssueEntity> {
    return this.service.get(caller, id);
  }

  @Query(() => RegionalIssueConnection, {
    description: 'Regional issues of the councils the caller is a member of (hub admin: all), latest raised first.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  regionalIssues(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => RegionalIssueFilter, nullable: true }, new InputValidationPipe(RegionalIssueFilter))
    filter: RegionalIssueFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<RegionalIssueEntity>> {
    return this.service.list(caller, filter, pageRequest(first, after, this.service.pageSizeMax));
  }

  @Query(() => [RegionalIssue], {
    description: 'Open issues of the same council with a need category and an area in common: candidates for merging.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  similarRegionalIssues(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<RegionalIssueEntity[]> {
    return this.service.similar(caller, id);
  }

  @Query(() => [CommunityGap], {
    description:
      'What the community could not do for people, how often, and what became of it: per need category and area, counts of "cannot do now" items and declines for want of a resource (suppressed as unmetNeeds), the issues carrying them and the resources they led to.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  communityGaps(
    @CurrentAuth() caller: AuthContext,
    @Args('input', { type: () => CommunityGapsInput }) input: CommunityGapsInput,
  ): Promise<CommunityGapRow[]> {
    return this.service.communityGaps(caller, input);
  }

  @Query(() => CouncilAgendaFile, {
    description:
      'A council meeting’s agenda (議題): the issues at its body and those decided at it, with evidence counts and history, as Markdown or CSV.',
  })
  @RequireScopes(Scope.COUNCILS_READ)
  councilMeetingAgenda(
    @CurrentAuth() caller: AuthContext,
    @Args('meetingId', { type: () => ID }, UuidPipe) meetingId: string,
    @Args('format', { type: () => AgendaFormat, defaultValue: AgendaFormat.MARKDOWN }) format: AgendaFormat,
  ): Promise<CouncilAgendaFile> {
    return this.service.agenda(caller, meetingId, format);
  }

  @Mutation(() => RegionalIssue, {
    description:
      'Raises a regional issue (地域課題) to a council the caller is a member of, with its conferences’ "cannot do now" items and declined referrals as evidence.',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  raiseRegionalIssue(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: RaiseRegionalIssueInput,
  ): Promise<RegionalIssueEntity> {
    return this.service.raise(caller, input);
  }

  @Mutation(() => RegionalIssue, { description: 'Links more evidence to an open issue (any member).' })
  @RequireScopes(Scope.COUNCILS_WRITE)
  linkRegionalIssueEvidence(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: LinkRegionalIssueEvidenceInput,
  ): Promise<RegionalIssueEntity> {
    return this.service.link(caller, input);
  }

  @Mutation(() => RegionalIssue, {
    description: 'Moves an issue to its next stage at a meeting of the right body (secretariat).',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  moveRegionalIssue(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: MoveRegionalIssueInput,
  ): Promise<RegionalIssueEntity> {
    return this.service.move(caller, input);
  }

  @Mutation(() => RegionalIssue, {
    description: 'Merges `from` into `into`; `from` becomes MERGED and its evidence is kept by `into` (secretariat).',
  })
  @RequireScopes(Scope.COUNCILS_WRITE)
  mergeRegionalIssues(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: MergeRegionalIssuesInput,
  ): Promise<RegionalIssueEntity> {
    return this.service.merge(caller, input);
  }

  @ResolveField(() => CouncilBody, { nullable: true })
  body(
    @Parent() issue: RegionalIssueEntity,
    @Context() context: RequestContext,
  ): Promise<CouncilBodyEntity | null> | null {
    return issue.bodyId ? bodyLoader(context, this.councils).load(issue.bodyId) : null;
  }

  @ResolveField(() => [Stage])
  allowedNextStages(@Parent() issue: RegionalIssueEntity): RegionalIssueStage[] {
    return allowedNextStages(issue.stage);
  }

  @ResolveField(() => Agency)
  raisedByAgency(
    @Parent() issue: RegionalIssueEntity,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(issue.raisedByAgencyId);
  }

  @ResolveField(() => IssueEvidence)
  evidence(@Parent() issue: RegionalIssueEntity, @Context() context: RequestContext): Promise<EvidenceSummary> {
    return loader(
      context,
      'regionalIssue.evidence',
      () => new DataLoader((ids: readonly string[]) => this.service.evidenceOf(ids)),
    ).load(issue.id);
  }

  @ResolveField(() => [RegionalIssueMove])
  history(
    @Parent() issue: RegionalIssueEntity,
    @Context() context: RequestContext,
  ): Promise<RegionalIssueMoveEntity[]> {
    return loader(
      context,
      'regionalIssue.history',
      () => new DataLoader((ids: readonly string[]) => this.service.historyOf(ids)),
    ).load(issue.id);
  }

  @ResolveField(() => CommunityResource, { nullable: true })
  resource(
    @Parent() issue: RegionalIssueEntity,
    @Context() context: RequestContext,
  ): Promise<CommunityResourceEntity | null> {
    return loader(
      context,
      'regionalIssue.resource',
      () => new DataLoader((ids: readonly string[]) => this.service.resourceOf(ids)),
    ).load(issue.id);
  }
}

@Resolver(() => RegionalIssueMove)
export class RegionalIssueMoveResolver {
  constructor(
    private readonly councils: CouncilsService,
    private readonly agencies: AgenciesService,
  ) {}

  @ResolveField(() => CouncilBody, { nullable: true })
  body(
    @Parent() move: RegionalIssueMoveEntity,
    @Context() context: RequestContext,
  ): Promise<CouncilBodyEntity | null> | null {
    return move.bodyId ? bodyLoader(context, this.councils).load(move.bodyId) : null;
  }

  @ResolveField(() => CouncilMeeting, { nullable: true })
  meeting(
    @Parent() move: RegionalIssueMoveEntity,
    @Context() context: RequestContext,
  ): Promise<CouncilMeetingEntity | null> | null {
    return move.meetingId ? meetingLoader(context, this.councils).load(move.meetingId) : null;
  }

  @ResolveField(() => Agency)
  movedByAgency(
    @Parent() move: RegionalIssueMoveEntity,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(move.movedByAgencyId);
  }
}
