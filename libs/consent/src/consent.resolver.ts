import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  assertPersonsRead,
  CurrentAuth,
  HubAdminOnly,
  pageRequest,
  RequireScopes,
  Scope,
  UuidPipe,
  type AuthContext,
  type Connection,
  type RequestContext,
} from '@tsunagu/platform';
import { AuditService } from './audit/audit.service.js';
import { ConsentsService } from './consents/consents.service.js';
import { AuditEntryConnection } from './dto/audit-entry.model.js';
import { Consent, RecordConsentInput } from './dto/consent.model.js';
import { Person, RegisterPersonInput } from './dto/person.model.js';
import { CreateSupportMeetingInput, SupportMeeting } from './dto/support-meeting.model.js';
import { type AuditLogEntity } from './entities/audit-log.entity.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { type MaskedPerson } from './persons/person-fields.js';
import { PersonsService } from './persons/persons.service.js';

@Resolver()
export class ConsentResolver {
  constructor(
    private readonly persons: PersonsService,
    private readonly consentService: ConsentsService,
    private readonly meetings: MeetingsService,
    private readonly audit: AuditService,
  ) {}

  @Mutation(() => Person, { description: 'Registers a person (本人) as the calling agency’s.' })
  @RequireScopes(Scope.PERSONS_WRITE)
  registerPerson(@CurrentAuth() caller: AuthContext, @Args('input') input: RegisterPersonInput): Promise<MaskedPerson> {
    return this.persons.register(caller, input);
  }

  @Query(() => Person, { nullable: true, description: 'The person as the caller may see it; every read is audited.' })
  @RequireScopes(Scope.PERSONS_READ)
  person(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<MaskedPerson> {
    return this.persons.get(caller, id);
  }

  @Query(() => [Consent])
  @RequireScopes(Scope.PERSONS_READ)
  consents(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
  ): Promise<Consent[]> {
    return this.consentService.list(caller, personId);
  }

  @Mutation(() => Consent, { description: 'Records the person’s consent: to whom, for what, which data, until when.' })
  @RequireScopes(Scope.PERSONS_WRITE)
  recordConsent(@CurrentAuth() caller: AuthContext, @Args('input') input: RecordConsentInput): Promise<Consent> {
    return this.consentService.record(caller, input);
  }

  @Query(() => AuditEntryConnection, {
    description: 'Who saw or changed what of the person: registrant and hub admin.',
  })
  @RequireScopes(Scope.PERSONS_READ)
  auditTrail(
    @CurrentAuth() caller: AuthContext,
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<AuditLogEntity>> {
    return this.audit.trail(caller, personId, pageRequest(first, after, 100));
  }

  @Query(() => [SupportMeeting], { description: 'Meetings the calling agency belongs to (all, for the hub admin).' })
  @RequireScopes(Scope.PERSONS_READ)
  supportMeetings(@CurrentAuth() caller: AuthContext): Promise<SupportMeeting[]> {
    return this.meetings.list(caller);
  }

  @Mutation(() => SupportMeeting)
  @HubAdminOnly()
  createSupportMeeting(@Args('input') input: CreateSupportMeetingInput): Promise<SupportMeeting> {
    return this.meetings.create(input);
  }

  @Mutation(() => SupportMeeting)
  @HubAdminOnly()
  setSupportMeetingMembers(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('memberAgencyIds', { type: () => [ID] }, UuidPipe) memberAgencyIds: string[],
  ): Promise<SupportMeeting> {
    return this.meetings.setMembers(id, memberAgencyIds);
  }
}

@Resolver(() => Consent)
export class ConsentFieldsResolver {
  /** Free text from the person, so person data: `persons:read` wherever it is reached (a query or a mutation's result). */
  @ResolveField(() => String, {
    nullable: true,
    description: 'Shown to the agency that recorded the consent and the one that recorded the withdrawal only.',
  })
  withdrawalReason(@Parent() consent: Consent, @Context() context: RequestContext): string | null {
    assertPersonsRead(context.caller);
    return consent.withdrawalReason;
  }
}
