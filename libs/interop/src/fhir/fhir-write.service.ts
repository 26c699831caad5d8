import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ConsentEntity,
  ConsentPurpose,
  ConsentsService,
  DataCategory,
  LegalBasis,
  PersonsService,
  requireAgency,
  type Missing,
  type MissingReason,
} from '@tsunagu/consent';
import { AgenciesService } from '@tsunagu/directory';
import {
  ConsentRequiredError,
  DeclineReason,
  InvalidTransitionError,
  ReferralAction,
  ReferralEntity,
  ReferralsService,
  ReferralStatus,
  type TransitionInput,
} from '@tsunagu/referrals';
import {
  BadUserInputError,
  Clock,
  ConflictError,
  DomainError,
  ErrorCode,
  NotFoundError,
  TextPipe,
} from '@tsunagu/platform';
import { DataSource, Repository } from 'typeorm';
import type { FhirContext } from './fhir-auth.service.js';
import { parseReferralBundle, type ReferralBundle } from './fhir-bundle-parse.js';
import { referralStatusOf, taskStatus } from './fhir-mappers.js';
import { FhirReadService } from './fhir-read.service.js';
import { requireId } from './fhir-search.js';
import { TSUNAGU, type FhirResource } from './fhir-types.js';

const NOTE = 2000;
const OUTCOME = 4000;

/** The action that moves a referral into each Task status, as the GraphQL mutations do. */
const ACTION_OF_STATUS: Partial<Record<ReferralStatus, ReferralAction>> = {
  [ReferralStatus.REQUESTED]: ReferralAction.SEND,
  [ReferralStatus.RECEIVED]: ReferralAction.ACKNOWLEDGE,
  [ReferralStatus.ACCEPTED]: ReferralAction.ACCEPT,
  [ReferralStatus.REJECTED]: ReferralAction.DECLINE,
  [ReferralStatus.IN_PROGRESS]: ReferralAction.START,
  [ReferralStatus.ON_HOLD]: ReferralAction.HOLD,
  [ReferralStatus.COMPLETED]: ReferralAction.COMPLETE,
  [ReferralStatus.FAILED]: ReferralAction.FAIL,
  [ReferralStatus.CANCELLED]: ReferralAction.CANCEL,
};

/** A change of a Task's status, from a JSON Patch or a PUT. */
export interface TaskChange {
  status: string;
  /** `Task.statusReason`: the decline reason code and/or the note, hold note or reason. */
  statusReason?: { code?: string; text?: string };
  /** `Task.output[outcome].valueString`: the outcome of a completed referral. */
  outcome?: string;
  expectedVersion: number | null;
}

/** The answer of a transaction: its entries' `response`, in request order. */
interface EntryResponse {
  status: string;
  location: string;
}

/**
 * The FHIR write side, through the GraphQL services: `registerPerson`, `recordConsent`, `createReferral` with
 * `send: true`, and the referral transitions. Those services each commit their own transaction, so a Bundle is
 * validated as a whole (inputs, agencies, the consent gate) before the first of them runs; see docs/fhir.md.
 */
@Injectable()
export class FhirWriteService {
  constructor(
    private readonly persons: PersonsService,
    private readonly consents: ConsentsService,
    private readonly referrals: ReferralsService,
    private readonly agencies: AgenciesService,
    private readonly reads: FhirReadService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
    @InjectRepository(ReferralEntity) private readonly referralRows: Repository<ReferralEntity>,
    @InjectRepository(ConsentEntity) private readonly consentRows: Repository<ConsentEntity>,
  ) {}

  /** `POST /fhir` with a transaction Bundle: the person, the consents and the referral, sent at once. */
  async transaction(context: FhirContext, body: unknown): Promise<FhirResource> {
    const agencyId = requireAgency(context.caller);
    const bundle = await parseReferralBundle(body, agencyId);
    if (!bundle.idempotencyKey) return this.createAll(context, bundle);
    // One request per key at a time: a concurrent repeat waits, then finds the referral and replays it.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lockKey = `fhir-bundle:${agencyId}:${bundle.idempotencyKey}`;
    try {
      await runner.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
      const existing = await this.referralRows.findOneBy({
        fromAgencyId: agencyId,
        idempotencyKey: bundle.idempotencyKey,
      });
      if (existing) return await this.replay(bundle, existing);
      return await this.createAll(context, bundle);
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey]).catch(() => undefined);
      await runner.release();
    }
  }

  /** `PATCH` or `PUT /fhir/Task/{id}`: one step of the state machine, by the side the step belongs to. */
  async changeTask(context: FhirContext, id: string, change: TaskChange): Promise<FhirResource> {
    const referralId = requireId('Task', id);
    const target = referralStatusOf(change.status);
    const action = target ? ACTION_OF_STATUS[target] : undefined;
    if (!target || !action)
      throw new BadUserInputError('Task.status', `${change.status} is not a Task status we move to`);
    const input = transitionInput(action, change);
    try {
      await this.referrals.transition(context.caller, referralId, action, input);
    } catch (error) {
      if (error instanceof NotFoundError) throw new NotFoundError('Task');
      if (error instanceof InvalidTransitionError) {
        const allowed = (error.details.allowed as ReferralStatus[]).map(taskStatus);
        const current = taskStatus(error.details.current as ReferralStatus);
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          `A Task in ${current} cannot move to ${change.status} by this agency; allowed: ${allowed.join(', ') || 'none'}`,
          { current, attempted: change.status, allowed },
        );
      }
      throw error;
    }
    return this.reads.task(context, referralId);
  }

  private async createAll(context: FhirContext, bundle: ReferralBundle): Promise<FhirResource> {
    await this.validateAgainstDirectory(context, bundle);
    const person = await this.persons.register(context.caller, bundle.person);
    const consentIds: string[] = [];
    for (const consent of bundle.consents) {
      consentIds.push((await this.consents.record(context.caller, { ...consent.input, personId: person.id })).id);
    }
    const referral = await this.referrals.create(context.caller, {
      ...bundle.referral,
      personId: person.id,
      idempotencyKey: bundle.idempotencyKey,
    });
    return transactionResponse(bundle, person.id, consentIds, referral.id);
  }

  private async replay(bundle: ReferralBundle, existing: ReferralEntity): Promise<FhirResource> {
    const same =
      existing.toAgencyId === bundle.referral.toAgencyId &&
      existing.urgency === bundle.referral.urgency &&
      existing.summary === bundle.referral.summary &&
      sameSet(existing.needCategories, bundle.referral.needCategories) &&
      sameSet(existing.sharedCategories, bundle.referral.sharedCategories);
    if (!same) {
      throw new ConflictError('This Bundle identifier was used for a different referral', {
        field: 'Bundle.identifier',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    // The person was registered by this request, so its consents are the Bundle's: each entry gets the first
    // one recorded with its content (the order recorded breaks ties).
    const recorded = await this.consentRows.find({
      where: { personId: existing.personId },
      order: { recordedAt: 'ASC' },
    });
    const consentIds = bundle.consents.map(({ input }) => {
      const index = recorded.findIndex(
        (row) =>
          row.recipientAgencyId === (input.recipientAgencyId ?? null) &&
          row.recipientSector === (input.recipientSector ?? null) &&
          sameSet(row.purposes, input.purposes) &&
          sameSet(row.dataCategories, input.dataCategories),
      );
      const [match] = index >= 0 ? recorded.splice(index, 1) : [];
      return match?.id ?? '';
    });
    if (consentIds.includes('')) {
      throw new ConflictError('This Bundle identifier was used for different consents', {
        field: 'Bundle.identifier',
        reason: 'IDEMPOTENCY_KEY_REUSED',
      });
    }
    return transactionResponse(bundle, existing.personId, consentIds, existing.id);
  }

  /**
   * What the services would refuse only after the person exists: unknown agencies, a recipient that is the
   * sender or not accepting referrals, and the consent gate (the person is new, so the Bundle's consents are
   * all there is; the same rule as the gate: a consent naming the recipient or its sector, for REFERRAL, in force).
   */
  private async validateAgainstDirectory(context: FhirContext, bundle: ReferralBundle): Promise<void> {
    const agencyId = requireAgency(context.caller);
    const toAgencyId = bundle.referral.toAgencyId ?? '';
    const named = new Set([
      toAgencyId,
      ...bundle.entries.organizations.values(),
      ...bundle.consents.flatMap((consent) =>
        consent.input.recipientAgencyId ? [consent.input.recipientAgencyId] : [],
      ),
    ]);
    const found = new Map((await this.agencies.findByIds([...named])).map((agency) => [agency.id, agency]));
    for (const id of named) if (!found.has(id)) throw new NotFoundError('Organization', { id });
    const recipient = found.get(toAgencyId);
    if (!recipient) throw new NotFoundError('Organization', { id: toAgencyId });
    if (recipient.id === agencyId) {
      throw new BadUserInputError('ServiceRequest.performer', 'A referral cannot be sent to its sender');
    }
    if (!recipient.acceptingReferrals) {
      throw new ConflictError(`${recipient.name} is not accepting referrals at the moment`, {
        reason: 'RECIPIENT_NOT_ACCEPTING',
        agencyId: recipient.id,
        field: 'ServiceRequest.performer',
      });
    }
    const now = this.clock.now().getTime();
    const forRecipient = bundle.consents.filter(
      ({ input }) => input.recipientAgencyId === recipient.id || input.recipientSector === recipient.sector,
    );
    const forReferral = forRecipient.filter(({ input }) => input.purposes.includes(ConsentPurpose.REFERRAL));
    const inForce = forReferral.filter(
      ({ input }) => (input.obtainedAt?.getTime() ?? now) <= now && (input.expiresAt?.getTime() ?? Infinity) > now,
    );
    const covered = new Set(inForce.flatMap(({ input }) => input.dataCategories));
    const missing = bundle.referral.sharedCategories.filter((category) => !covered.has(category));
    if (missing.length === 0) return;
    const reason: MissingReason = !forRecipient.length
      ? 'NO_CONSENT_FOR_RECIPIENT'
      : !forReferral.length
        ? 'PURPOSE_NOT_COVERED'
        : !inForce.length
          ? 'CONSENT_EXPIRED'
          : 'CATEGORIES_NOT_COVERED';
    const detail: Missing = {
      legalBasis: LegalBasis.CONSENT,
      recipientAgencyId: recipient.id,
      recipientSector: recipient.sector,
      purpose: ConsentPurpose.REFERRAL,
      categories: Object.values(DataCategory).filter((category) => missing.includes(category)),
      reason,
    };
    // The gate's own error, with a message that names what lacks cover (the OperationOutcome's text).
    const error = new ConsentRequiredError(detail);
    throw new DomainError(
      ErrorCode.CONSENT_REQUIRED,
      `No consent covers sharing ${detail.categories.join(', ')} with Organization/${recipient.id} for REFERRAL (${reason})`,
      error.details,
    );
  }
}

function sameSet(left: readonly string[], right: readonly string[]): boolean {
  return left.length === new Set(right).size && left.every((item) => right.includes(item));
}

function transactionResponse(
  bundle: ReferralBundle,
  personId: string,
  consentIds: string[],
  referralId: string,
): FhirResource {
  const responses = new Map<number, EntryResponse>();
  const created = (location: string): EntryResponse => ({ status: '201 Created', location });
  responses.set(bundle.entries.patient, created(`Patient/${personId}`));
  bundle.consents.forEach((consent, index) => {
    if (consentIds[index]) responses.set(consent.entry, created(`Consent/${consentIds[index]}`));
  });
  responses.set(bundle.entries.serviceRequest, created(`ServiceRequest/${referralId}`));
  if (bundle.entries.task !== null) responses.set(bundle.entries.task, created(`Task/${referralId}`));
  for (const [index, id] of bundle.entries.organizations) {
    responses.set(index, { status: '200 OK', location: `Organization/${id}` });
  }
  const count = Math.max(...responses.keys()) + 1;
  return {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: Array.from({ length: count }, (_, index) => ({ response: responses.get(index) ?? { status: '200 OK' } })),
  };
}

/** The GraphQL mutation's arguments, with the same text limits (BAD_USER_INPUT naming the FHIR element). */
function transitionInput(action: ReferralAction, change: TaskChange): TransitionInput {
  const text = (max: number, required: boolean, value: string | undefined, field: string) =>
    new TextPipe(max, required).transform(value, { type: 'body', data: field }) ?? null;
  const reasonText = change.statusReason?.text;
  const input: TransitionInput = { expectedVersion: change.expectedVersion };
  switch (action) {
    case ReferralAction.DECLINE: {
      const code = change.statusReason?.code;
      if (!code || !(Object.values(DeclineReason) as string[]).includes(code)) {
        throw new BadUserInputError(
          'Task.statusReason.coding',
          `Declining needs Task.statusReason with a code of ${TSUNAGU.declineReason}`,
        );
      }
      input.declineReason = code as DeclineReason;
      input.note = text(NOTE, false, reasonText, 'Task.statusReason.text');
      break;
    }
    case ReferralAction.ACCEPT:
    case ReferralAction.START:
      input.note = text(NOTE, false, reasonText, 'Task.statusReason.text');
      break;
    case ReferralAction.HOLD:
      input.note = text(NOTE, true, reasonText, 'Task.statusReason.text') ?? undefined;
      break;
    case ReferralAction.FAIL:
    case ReferralAction.CANCEL:
      input.reason = text(NOTE, true, reasonText, 'Task.statusReason.text') ?? undefined;
      break;
    case ReferralAction.COMPLETE:
      input.outcome = text(OUTCOME, true, change.outcome, 'Task.output.valueString') ?? undefined;
      break;
    case ReferralAction.SEND:
    case ReferralAction.ACKNOWLEDGE:
      break;
  }
  return input;
}
