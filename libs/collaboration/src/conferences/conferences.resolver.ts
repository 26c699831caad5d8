import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { type DisclosureBasis } from '@tsunagu/consent';
import { agencyLoader, AgenciesService, Agency, type AgencyEntity } from '@tsunagu/directory';
import {
  assertPersonsRead,
  CurrentAuth,
  InputValidationPipe,
  loader,
  pageRequest,
  RequireScopes,
  Scope,
  TextPipe,
  UuidPipe,
  type AuthContext,
  type Connection,
  type RequestContext,
} from '@tsunagu/platform';
import DataLoader from 'dataloader';
import { type CaseConferenceEntity, type CaseConferenceParticipantEntity } from './conference.entity.js';
import {
  CaseConference,
  CaseConferenceAgency,
  CaseConferenceAssignment,
  CaseConferenceConnection,
  CaseConferenceFilter,
  CaseConferenceParticipant,
  CaseConferenceRecord,
  CaseConferenceRecordInput,
  ConferenceAgencyInput,
  ConferenceChecklistWarning,
  ConferenceParticipantInput,
  ScheduleCaseConferenceInput,
} from './conference.model.js';
import { conferenceChecklist } from './conference-rules.js';
import { ConferencesService, type ConferenceRecordRows } from './conferences.service.js';

const versionArg = { type: () => Int, nullable: true, description: 'Fail with CONFLICT unless still at this version.' };
const RECORD_TEXT = ['informationShared', 'personWish', 'agreedDirection', 'goals', 'supports', 'assignments'];

@Resolver(() => CaseConference)
export class ConferencesResolver {
  constructor(
    private readonly service: ConferencesService,
    private readonly directory: AgenciesService,
  ) {}

  @Query(() => CaseConference, {
    nullable: true,
    description: 'A case conference the calling agency takes part in (until its access period ends).',
  })
  @RequireScopes(Scope.CONFERENCES_READ)
  caseConference(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<CaseConferenceEntity> {
    return this.service.get(caller, id);
  }

  @Query(() => CaseConferenceConnection, {
    description: 'The case conferences the calling agency takes part in, latest scheduled first.',
  })
  @RequireScopes(Scope.CONFERENCES_READ)
  caseConferences(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => CaseConferenceFilter, nullable: true }, new InputValidationPipe(CaseConferenceFilter))
    filter: CaseConferenceFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<CaseConferenceEntity>> {
    return this.service.list(caller, filter, pageRequest(first, after, this.service.pageSizeMax));
  }

  @Mutation(() => CaseConference, {
    description:
      'Schedules a case conference about a person, with the calling agency as lead (主担当); checks the basis for each agency.',
  })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  scheduleCaseConference(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: ScheduleCaseConferenceInput,
  ): Promise<CaseConferenceEntity> {
    return this.service.schedule(caller, input);
  }

  @Mutation(() => CaseConference, { description: 'Adds a participating agency behind the consent gate (lead).' })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  addCaseConferenceAgency(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: ConferenceAgencyInput,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.service.addAgency(caller, id, input, expectedVersion);
  }

  @Mutation(() => CaseConference, { description: 'Adds a participant without an account (lead).' })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  addCaseConferenceParticipant(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: ConferenceParticipantInput,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.service.addParticipant(caller, id, input, expectedVersion);
  }

  @Mutation(() => CaseConference, { description: 'SCHEDULED → HELD (lead).' })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  holdCaseConference(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.service.hold(caller, id, expectedVersion);
  }

  @Mutation(() => CaseConference, {
    description: 'HELD → RECORDED with the four-step record; revises the person’s support plan (lead).',
  })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  recordCaseConference(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('record') record: CaseConferenceRecordInput,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.service.record(caller, id, expectedVersion, record);
  }

  @Mutation(() => CaseConference, { description: 'SCHEDULED or HELD → CANCELLED with a reason (lead).' })
  @RequireScopes(Scope.CONFERENCES_WRITE)
  cancelCaseConference(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', new TextPipe(2000, true)) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<CaseConferenceEntity> {
    return this.service.cancel(caller, id, reason, expectedVersion);
  }

  @ResolveField(() => Agency)
  leadAgency(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.directory).load(conference.leadAgencyId);
  }

  @ResolveField(() => ID, { nullable: true })
  legalBasisRef(@Parent() conference: CaseConferenceEntity): string | null {
    return conference.meetingId;
  }

  @ResolveField(() => [CaseConferenceAgency], { description: 'The participating agencies, the lead first.' })
  async agencies(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<CaseConferenceAgency[]> {
    const rows = await loader(
      context,
      'conference.agencies',
      () => new DataLoader((ids: readonly string[]) => this.service.agenciesOf(ids)),
    ).load(conference.id);
    return rows
      .map((row) => ({
        agencyId: row.agencyId,
        roleLabel: row.roleLabel,
        lead: row.agencyId === conference.leadAgencyId,
      }))
      .sort((a, b) => Number(b.lead) - Number(a.lead));
  }

  @ResolveField(() => [CaseConferenceParticipant], { description: 'Participants without accounts: role and name.' })
  participants(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<CaseConferenceParticipantEntity[]> {
    return this.participantsOf(context, conference.id);
  }

  @ResolveField(() => CaseConferenceRecord, {
    nullable: true,
    description:
      'The record, once RECORDED (needs persons:read). Its free text is shown to the lead, and to another participating agency while the conference’s basis still covers it; else masked and listed in `redacted`.',
  })
  async record(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<CaseConferenceRecord | null> {
    assertPersonsRead(context.caller);
    const rows = await this.recordOf(context, conference.id);
    if (!rows) return null;
    const shown = (await this.textBasis(context, conference)) !== undefined;
    const participants = await this.participantsOf(context, conference.id);
    const text = <T>(value: T): T | null => (shown ? value : null);
    return {
      informationShared: text(rows.record.informationShared),
      sharedReferralIds: rows.record.sharedReferralIds,
      hearingSheetShared: rows.record.hearingSheetShared,
      personWish: text(rows.record.personWish),
      agreedDirection: text(rows.record.agreedDirection),
      goals: rows.goals.map((goal) => ({ term: goal.term, text: text(goal.text) })),
      supports: rows.supports.map((support) => ({ timing: support.timing, text: text(support.text) })),
      assignments: rows.assignments.map((assignment): CaseConferenceAssignment => ({
        id: assignment.id,
        assigneeAgencyId: assignment.assigneeAgencyId,
        assigneeParticipant: participants.find((one) => one.id === assignment.assigneeParticipantId) ?? null,
        description: text(assignment.description),
        dueOn: assignment.dueOn,
      })),
      unmetItems: rows.unmetItems,
      unmetConfirmed: rows.record.unmetConfirmed,
      redacted: shown ? [] : RECORD_TEXT,
    };
  }

  @ResolveField(() => [ConferenceChecklistWarning], {
    description: 'Seed 2-8’s five points the conference does not meet, as warnings (not errors).',
  })
  async checklist(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<ConferenceChecklistWarning[]> {
    const [participants, rows] = await Promise.all([
      this.participantsOf(context, conference.id),
      this.recordOf(context, conference.id),
    ]);
    return conferenceChecklist({
      status: conference.status,
      participants,
      record: rows && {
        personWish: rows.record.personWish,
        unmetConfirmed: rows.record.unmetConfirmed,
        goals: rows.goals,
        assignments: rows.assignments,
      },
    });
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      'The reason given on cancellation (needs persons:read). Free text about the person: null when masked for the caller (then listed in `redacted`).',
  })
  async cancelReason(
    @Parent() conference: CaseConferenceEntity,
    @Context() context: RequestContext,
  ): Promise<string | null> {
    assertPersonsRead(context.caller);
    if (conference.cancelReason === null) return null;
    return (await this.textBasis(context, conference)) ? conference.cancelReason : null;
  }

  @ResolveField(() => [String], { description: '["cancelReason"] when the cancel reason is masked for the caller.' })
  async redacted(@Parent() conference: CaseConferenceEntity, @Context() context: RequestContext): Promise<string[]> {
    if (conference.cancelReason === null) return [];
    if (!context.caller?.scopes.includes(Scope.PERSONS_READ)) return ['cancelReason'];
    return (await this.textBasis(context, conference, false)) ? [] : ['cancelReason'];
  }

  private participantsOf(context: RequestContext, id: string): Promise<CaseConferenceParticipantEntity[]> {
    return loader(
      context,
      'conference.participants',
      () => new DataLoader((ids: readonly string[]) => this.service.participantsOf(ids)),
    ).load(id);
  }

  private recordOf(context: RequestContext, id: string): Promise<ConferenceRecordRows | null> {
    return loader(
      context,
      'conference.record',
      () => new DataLoader((ids: readonly string[]) => this.service.recordsOf(ids)),
    ).load(id);
  }

  /**
   * The caller's basis for the conference's free text, decided once per request; audited when the text is read,
   * not when only `redacted` asks.
   */
  private textBasis(
    context: RequestContext,
    conference: CaseConferenceEntity,
    reading = true,
  ): Promise<DisclosureBasis | undefined> {
    const caller = context.caller as AuthContext;
    return loader(
      context,
      reading ? 'conference.textBasis' : 'conference.textBasis.masked',
      () =>
        new DataLoader(
          async (conferences: readonly CaseConferenceEntity[]) => {
            const bases = await this.service.textBases(caller, conferences, reading ? 'caseConference.text' : null);
            return conferences.map((one) => bases.get(one.id));
          },
          { cacheKeyFn: (one) => one.id },
        ),
    ).load(conference);
  }
}

@Resolver(() => CaseConferenceAgency)
export class CaseConferenceAgencyResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @ResolveField(() => Agency)
  agency(@Parent() row: CaseConferenceAgency, @Context() context: RequestContext): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(row.agencyId);
  }
}

@Resolver(() => CaseConferenceAssignment)
export class CaseConferenceAssignmentResolver {
  constructor(private readonly agencies: AgenciesService) {}

  @ResolveField(() => Agency, { nullable: true, description: 'The participating agency that takes it on.' })
  assigneeAgency(
    @Parent() row: CaseConferenceAssignment,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> | null {
    return row.assigneeAgencyId ? agencyLoader(context, this.agencies).load(row.assigneeAgencyId) : null;
  }
}
