import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Consent, PersonsService, type MaskedPerson, maskPerson, Person } from '@tsunagu/consent';
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
import { DeclineReason } from '../dto/enums.js';
import {
  CreateReferralInput,
  Referral,
  ReferralConnection,
  ReferralEvent,
  ReferralFilter,
  ReferralMessage,
} from '../dto/referral.model.js';
import { type ReferralEventEntity, type ReferralMessageEntity } from '../entities/referral-event.entity.js';
import { type ReferralEntity } from '../entities/referral.entity.js';
import { ReferralAction } from '../state-machine/referral-state-machine.js';
import { REFERRAL_TEXT_FIELDS, ReferralTextService, type ReferralTextField } from './referral-text.service.js';
import { ReferralsService } from './referrals.service.js';

const NOTE = 2000;
const OUTCOME = 4000;
const MASKED = 'Free text about the person: null when masked for the caller (then listed in `redacted`).';
const versionArg = { type: () => Int, nullable: true, description: 'Fail with CONFLICT unless still at this version.' };

@Resolver(() => Referral)
export class ReferralsResolver {
  constructor(
    private readonly referralService: ReferralsService,
    private readonly persons: PersonsService,
    private readonly agencies: AgenciesService,
    private readonly text: ReferralTextService,
  ) {}

  @Query(() => ReferralConnection, { description: 'The calling agency’s referrals, newest first.' })
  @RequireScopes(Scope.REFERRALS_READ)
  referrals(
    @CurrentAuth() caller: AuthContext,
    @Args('filter', { type: () => ReferralFilter, nullable: true }, new InputValidationPipe(ReferralFilter))
    filter: ReferralFilter | null,
    @Args('first', { type: () => Int, nullable: true }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<Connection<ReferralEntity>> {
    return this.referralService.list(caller, filter, pageRequest(first, after, this.referralService.pageSizeMax));
  }

  @Query(() => Referral, { nullable: true })
  @RequireScopes(Scope.REFERRALS_READ)
  referral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
  ): Promise<ReferralEntity> {
    return this.referralService.get(caller, id);
  }

  @Mutation(() => Referral, { description: 'Creates a referral (a DRAFT, or sent at once with send: true).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  createReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('input') input: CreateReferralInput,
  ): Promise<ReferralEntity> {
    return this.referralService.create(caller, input);
  }

  @Mutation(() => Referral, { description: 'DRAFT → REQUESTED, behind the consent gate (sender).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  sendReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.send(caller, id, expectedVersion);
  }

  @Mutation(() => Referral, { description: 'Any open state → CANCELLED (sender).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  cancelReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', new TextPipe(NOTE, true)) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.CANCEL, { reason, expectedVersion });
  }

  @Mutation(() => Referral, {
    description: 'Sends a REJECTED referral on to another agency; returns the new referral.',
  })
  @RequireScopes(Scope.REFERRALS_WRITE)
  forwardReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('toAgencyId', { type: () => ID }, UuidPipe) toAgencyId: string,
    @Args('note', { type: () => String, nullable: true }, new TextPipe(NOTE)) note: string | null,
  ): Promise<ReferralEntity> {
    return this.referralService.forward(caller, id, toAgencyId, note);
  }

  @Mutation(() => Referral, { description: 'REQUESTED → RECEIVED (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  acknowledgeReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.ACKNOWLEDGE, { expectedVersion });
  }

  @Mutation(() => Referral, { description: 'REQUESTED or RECEIVED → ACCEPTED (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  acceptReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('note', { type: () => String, nullable: true }, new TextPipe(NOTE)) note: string | null,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.ACCEPT, { note, expectedVersion });
  }

  @Mutation(() => Referral, { description: 'REQUESTED or RECEIVED → REJECTED with a reason code (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  declineReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', { type: () => DeclineReason }) declineReason: DeclineReason,
    @Args('note', { type: () => String, nullable: true }, new TextPipe(NOTE)) note: string | null,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.DECLINE, {
      declineReason,
      note,
      expectedVersion,
    });
  }

  @Mutation(() => Referral, { description: 'ACCEPTED or ON_HOLD → IN_PROGRESS (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  startReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('note', { type: () => String, nullable: true }, new TextPipe(NOTE)) note: string | null,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.START, { note, expectedVersion });
  }

  @Mutation(() => Referral, { description: 'IN_PROGRESS → ON_HOLD with a note (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  holdReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('note', new TextPipe(NOTE, true)) note: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.HOLD, { note, expectedVersion });
  }

  @Mutation(() => Referral, { description: 'IN_PROGRESS → COMPLETED with the outcome (recipient): closes the loop.' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  completeReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('outcome', new TextPipe(OUTCOME, true)) outcome: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.COMPLETE, { outcome, expectedVersion });
  }

  @Mutation(() => Referral, { description: 'ACCEPTED, IN_PROGRESS or ON_HOLD → FAILED with a reason (recipient).' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  failReferral(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', new TextPipe(NOTE, true)) reason: string,
    @Args('expectedVersion', versionArg) expectedVersion: number | null,
  ): Promise<ReferralEntity> {
    return this.referralService.transition(caller, id, ReferralAction.FAIL, { reason, expectedVersion });
  }

  @Mutation(() => ReferralMessage, { description: 'A message in the thread between the two agencies.' })
  @RequireScopes(Scope.REFERRALS_WRITE)
  postReferralMessage(
    @CurrentAuth() caller: AuthContext,
    @Args('referralId', { type: () => ID }, UuidPipe) referralId: string,
    @Args('body', new TextPipe(4000, true)) body: string,
  ): Promise<ReferralMessageEntity> {
    return this.referralService.postMessage(caller, referralId, body);
  }

  @Mutation(() => Consent, { description: 'Withdraws a consent at once; open referrals relying on it get an event.' })
  @RequireScopes(Scope.PERSONS_WRITE)
  withdrawConsent(
    @CurrentAuth() caller: AuthContext,
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('reason', { type: () => String, nullable: true }, new TextPipe(1000)) reason: string | null,
  ): Promise<Consent> {
    return this.referralService.withdrawConsent(caller, id, reason);
  }

  @ResolveField(() => Agency)
  fromAgency(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(referral.fromAgencyId);
  }

  @ResolveField(() => Agency)
  toAgency(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(referral.toAgencyId);
  }

  @ResolveField(() => Person, {
    description: 'As the caller may see it now: masked fields are null and listed in redacted.',
  })
  person(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<MaskedPerson> {
    const caller = assertPersonsRead(context.caller);
    return loader(
      context,
      'referral.person',
      () =>
        new DataLoader(async (ids: readonly string[]) => {
          const visible = await this.persons.getMany(caller, ids, 'referral.person');
          return ids.map((id) => visible.get(id) ?? maskPerson({ id } as never, []));
        }),
    ).load(referral.personId);
  }

  @ResolveField(() => String, { nullable: true, description: MASKED })
  summary(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.textOf(context, referral, 'summary');
  }

  @ResolveField(() => String, { nullable: true, description: `Why VITAL_INTEREST applied. ${MASKED}` })
  justification(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.textOf(context, referral, 'justification');
  }

  @ResolveField(() => String, {
    nullable: true,
    description: `Why the hub chose the recipient, when a sector was named. ${MASKED}`,
  })
  routingNote(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.textOf(context, referral, 'routingNote');
  }

  @ResolveField(() => String, { nullable: true, description: MASKED })
  outcome(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.textOf(context, referral, 'outcome');
  }

  @ResolveField(() => String, {
    nullable: true,
    description: `The reason given on cancellation or failure. ${MASKED}`,
  })
  closeReason(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.textOf(context, referral, 'closeReason');
  }

  @ResolveField(() => [String], {
    description:
      'The free-text fields of the referral masked for the caller (summary, justification, routingNote, outcome, closeReason); its events and messages list their own.',
  })
  redacted(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<ReferralTextField[]> {
    this.text.know(context, referral);
    return this.text.redacted(context, referral.id, REFERRAL_TEXT_FIELDS);
  }

  private textOf(
    context: RequestContext,
    referral: ReferralEntity,
    field: (typeof REFERRAL_TEXT_FIELDS)[number],
  ): Promise<string | null> {
    this.text.know(context, referral);
    return this.text.read(context, referral.id, field, referral[field]);
  }

  @ResolveField(() => Referral, { nullable: true, description: 'The rejected referral this one forwards.' })
  forwardedFrom(
    @Parent() referral: ReferralEntity,
    @Context() context: RequestContext,
  ): Promise<ReferralEntity | null> | null {
    if (!referral.forwardedFromId) return null;
    const caller = context.caller as AuthContext;
    return loader(
      context,
      'referral.byId',
      () => new DataLoader((ids: readonly string[]) => this.referralService.findByIds(caller, ids)),
    ).load(referral.forwardedFromId);
  }

  @ResolveField(() => ID, { nullable: true })
  legalBasisRef(@Parent() referral: ReferralEntity): string | null {
    return referral.meetingId;
  }

  @ResolveField(() => Boolean)
  overdue(@Parent() referral: ReferralEntity): boolean {
    return this.referralService.isOverdue(referral);
  }

  @ResolveField(() => [ReferralEvent])
  events(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<ReferralEventEntity[]> {
    this.text.know(context, referral);
    return loader(
      context,
      'referral.events',
      () => new DataLoader((ids: readonly string[]) => this.referralService.eventsOf(ids)),
    ).load(referral.id);
  }

  @ResolveField(() => [ReferralMessage])
  messages(@Parent() referral: ReferralEntity, @Context() context: RequestContext): Promise<ReferralMessageEntity[]> {
    this.text.know(context, referral);
    return loader(
      context,
      'referral.messages',
      () => new DataLoader((ids: readonly string[]) => this.referralService.messagesOf(ids)),
    ).load(referral.id);
  }
}

@Resolver(() => ReferralEvent)
export class ReferralEventResolver {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly text: ReferralTextService,
  ) {}

  @ResolveField(() => String, { nullable: true, description: MASKED })
  note(@Parent() event: ReferralEventEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.text.read(context, event.referralId, 'note', event.note, event.actorAgencyId);
  }

  @ResolveField(() => [String], { description: '["note"] when the note is masked for the caller.' })
  redacted(@Parent() event: ReferralEventEntity, @Context() context: RequestContext): Promise<ReferralTextField[]> {
    return this.text.redacted(context, event.referralId, ['note'], event.actorAgencyId);
  }

  @ResolveField(() => Agency, { nullable: true })
  actorAgency(
    @Parent() event: ReferralEventEntity,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> | null {
    return event.actorAgencyId ? agencyLoader(context, this.agencies).load(event.actorAgencyId) : null;
  }
}

@Resolver(() => ReferralMessage)
export class ReferralMessageResolver {
  constructor(
    private readonly agencies: AgenciesService,
    private readonly text: ReferralTextService,
  ) {}

  @ResolveField(() => String, { nullable: true, description: MASKED })
  body(@Parent() message: ReferralMessageEntity, @Context() context: RequestContext): Promise<string | null> {
    return this.text.read(context, message.referralId, 'body', message.body, message.fromAgencyId);
  }

  @ResolveField(() => [String], { description: '["body"] when the body is masked for the caller.' })
  redacted(@Parent() message: ReferralMessageEntity, @Context() context: RequestContext): Promise<ReferralTextField[]> {
    return this.text.redacted(context, message.referralId, ['body'], message.fromAgencyId);
  }

  @ResolveField(() => Agency)
  fromAgency(
    @Parent() message: ReferralMessageEntity,
    @Context() context: RequestContext,
  ): Promise<AgencyEntity | null> {
    return agencyLoader(context, this.agencies).load(message.fromAgencyId);
  }
}
