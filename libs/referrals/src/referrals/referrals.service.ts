import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  AuditAction,
  auditInsert,
  type AuditRecord,
  AuditService,
  type AgencySector,
  ConsentPurpose,
  ConsentsService,
  DisclosureService,
  LegalBasis,
  requireAgency,
  type Consent,
} from '@tsunagu/consent';
import { AgenciesService, AgencyEntity, isNeedCategory } from '@tsunagu/directory';
import {
  addResponseDuration,
  APP_CONFIG,
  appendToOutbox,
  BadUserInputError,
  Clock,
  ConflictError,
  cursorAfter,
  NotFoundError,
  toConnection,
  type AppConfig,
  type AuthContext,
  type Connection,
  Metrics,
  type PageRequest,
  EntityRows,
  preparedQuery,
  runAutocommit,
  runTransaction,
  type TransactionOptions,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { Box, type DeclineReason, ReferralStatus } from '../dto/enums.js';
import { type CreateReferralInput, type ReferralFilter } from '../dto/referral.model.js';
import { ReferralEventEntity, ReferralEventType, ReferralMessageEntity } from '../entities/referral-event.entity.js';
import { ReferralEntity } from '../entities/referral.entity.js';
import { RoutingService } from '../routing/routing.service.js';
import {
  acknowledgedFrom,
  allowedNextStatuses,
  decideTransition,
  isOpen,
  ReferralAction,
  ReferralSide,
  transitionRule,
} from '../state-machine/referral-state-machine.js';
import { ConsentRequiredError, InvalidTransitionError } from './referral-errors.js';
import { ReferralMetrics, type CommittedTransition } from './referral-metrics.js';

const EVENT_OF_ACTION: Record<ReferralAction, ReferralEventType> = {
  [ReferralAction.SEND]: ReferralEventType.SENT,
  [ReferralAction.ACKNOWLEDGE]: ReferralEventType.ACKNOWLEDGED,
  [ReferralAction.ACCEPT]: ReferralEventType.ACCEPTED,
  [ReferralAction.DECLINE]: ReferralEventType.DECLINED,
  [ReferralAction.START]: ReferralEventType.STARTED,
  [ReferralAction.HOLD]: ReferralEventType.HELD,
  [ReferralAction.COMPLETE]: ReferralEventType.COMPLETED,
  [ReferralAction.FAIL]: ReferralEventType.FAILED,
  [ReferralAction.CANCEL]: ReferralEventType.CANCELLED,
};

export interface TransitionInput {
  note?: string | null;
  declineReason?: DeclineReason;
  outcome?: string;
  reason?: string;
  expectedVersion?: number | null;
}

/** Attempts of a status change before giving up on a row that keeps changing under it. */
const TRANSITION_ATTEMPTS = 5;

/** The columns of a history event and of its outbox event (same id): 12 parameters per event. */
const EVENT_COLUMNS = `("id", "referral_id", "type", "from_status", "to_status", "actor_agency_id", "actor_key_id", "note", "at")`;
const OUTBOX_COLUMNS = `("id", "type", "aggregate_id", "agency_ids", "payload", "occurred_at")`;
const EVENT_PARAMETERS = 12;
const eventValues = (n: number) =>
  `($${n + 1}::uuid, $${n + 2}::uuid, $${n + 3}::varchar, $${n + 4}::varchar, $${n + 5}::varchar, $${n + 6}::uuid, ` +
  `$${n + 7}::uuid, $${n + 8}::text, $${n + 9}::timestamptz)`;
const outboxValues = (n: number) =>
  `($${n + 1}::uuid, $${n + 10}::varchar, $${n + 2}::uuid, $${n + 11}::uuid[], $${n + 12}::jsonb, $${n + 9}::timestamptz)`;

/**
 * A referral's history event and its outbox event (same id) in one statement: the outbox row is what the relay
 * delivers, so the two commit or fail together, for one round trip.
 */
const APPEND_EVENT = `
  WITH "event" AS (INSERT INTO "referral_event" ${EVENT_COLUMNS} VALUES ${eventValues(0)})
  INSERT INTO "outbox_event" ${OUTBOX_COLUMNS} VALUES ${outboxValues(0)}`;

/**
 * A status change as one statement. The row changes only if the caller is on the side that performs the step
 * ($3), it is in a status the step leaves ($2), at the expected version if one is given ($4), and still at the
 * version the statement read: a change committed in between (under READ COMMITTED the update then sees the
 * new row) leaves it alone. The history event and its outbox event are written only with it, from the row:
 * the outbox payload is referralEventPayload's, built in SQL (test/outbox-events.e2e-spec.ts holds them
 * equal). Returns the row as changed (`columns`, qualified by "r") and the status it left.
 */
function transitionText(setClause: string, side: ReferralSide, columns: string): string {
  const visible =
    side === ReferralSide.SENDER
      ? `"r"."from_agency_id" = $3::uuid`
      : `"r"."to_agency_id" = $3::uuid AND "r"."sent_at" IS NOT NULL`;
  return `
  WITH "updated" AS (
    UPDATE "referral" AS "r" SET ${setClause}, "version" = "r"."version" + 1, "updated_at" = CURRENT_TIMESTAMP
      FROM (SELECT "status", "version" FROM "referral" WHERE "id" = $1::uuid) AS "old"
     WHERE "r"."id" = $1::uuid AND "r"."version" = "old"."version" AND "r"."status" = ANY($2::varchar[])
       AND ${visible} AND ($4::int IS NULL OR "r"."version" = $4::int)
    RETURNING ${columns}, "old"."status" AS "previous_status"
  ), "event" AS (
    INSERT INTO "referral_event" ${EVENT_COLUMNS}
    SELECT $5::uuid, "id", $6::varchar, "previous_status", "status", $3::uuid, $7::uuid, $8::text, $9::timestamptz
      FROM "updated"
  ), "outbox" AS (
    INSERT INTO "outbox_event" ${OUTBOX_COLUMNS}
    SELECT $5::uuid, $10::varchar, "id",
           CASE WHEN "sent_at" IS NULL THEN ARRAY["from_agency_id"] ELSE ARRAY["from_agency_id", "to_agency_id"] END,
           jsonb_build_object(
             'eventId', $5::uuid, 'type', $10::varchar, 'referralId', "id", 'fromAgencyId', "from_agency_id",
             'toAgencyId', "to_agency_id", 'urgency', "urgency", 'fromStatus', "previous_status",
             'toStatus', "status", 'actorAgencyId', $3::uuid, 'at', $11::text),
           $9::timestamptz
      FROM "updated"
  )
  SELECT * FROM "updated"`;
}

/** The properties set on an object (an undefined one is left as it is, as TypeORM's query builder does). */
function definedEntries(values: object): [string, unknown][] {
  return Object.entries(values).filter(([, value]) => value !== undefined);
}

/** The recipient's response target for an urgency (its due times). */
const RESPONSE_TARGET = `SELECT "acknowledge_within", "decide_within", "business_time" FROM "agency_response_target"
  WHERE "agency_id" = $1 AND "urgency" = $2`;
interface ResponseTargetRow {
  acknowledge_within: string;
  decide_within: string;
  business_time: boolean;
}

/** What sending changes on a referral, and the audit record of what it discloses. */
interface SendPlan {
  changes: Partial<ReferralEntity>;
  audit: AuditRecord;
}

/** A history event to append: its statement parameters and, for a status change, what the metrics count. */
interface EventRow {
  parameters: unknown[];
  transition: CommittedTransition | null;
}

/** The referral aggregate: creation under idempotency, the state machine, the consent gate, events, messages. */
@Injectable()
export class ReferralsService {
  private readonly referralMetrics: ReferralMetrics;
  /** The status changes each open transaction has appended, counted in the metrics after its commit. */
  private readonly transitions = new WeakMap<EntityManager, CommittedTransition[]>();
  /** Whole referrals read by id in fixed SQL (the hot path reads one per transition). */
  private readonly rows: EntityRows<ReferralEntity>;

  constructor(
    @InjectRepository(ReferralEntity) private readonly referrals: Repository<ReferralEntity>,
    private readonly agencies: AgenciesService,
    private readonly disclosure: DisclosureService,
    private readonly consents: ConsentsService,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    this.referralMetrics = new ReferralMetrics(metrics, referrals.manager);
    this.rows = new EntityRows(referrals.manager.connection, ReferralEntity);
  }

  async create(caller: AuthContext, input: CreateReferralInput): Promise<ReferralEntity> {
    const fromId = requireAgency(caller);
    input.needCategories.forEach((code, index) => {
      if (!isNeedCategory(code)) {
        throw new BadUserInputError(`input.needCategories.${index}`, `Unknown need category ${code}`, {
          reason: 'UNKNOWN_NEED_CATEGORY',
        });
      }
    });
    // The sender (for the disclosure rules) and a named recipient, in one read.
    const agencies = await this.agencies.findByIds(input.toAgencyId ? [fromId, input.toAgencyId] : [fromId]);
    const sender = agencies.find((agency) => agency.id === fromId);
    const view = (await this.disclosure.visibleTo(sender ?? fromId, [input.personId])).get(input.personId);
    if (!view) throw new NotFoundError('Person', { field: 'input.personId', id: input.personId });
    const shared = [...new Set(input.sharedCategories)];
    const undisclosed = shared.filter((category) => !view.categories.includes(category));
    if (undisclosed.length > 0) {
      throw new ConsentRequiredError({ reason: 'NOT_DISCLOSED_TO_SENDER', categories: undisclosed });
    }
    this.checkLegalBasisInput(input);
    if (input.legalBasisRef) await this.requireMeeting(input.legalBasisRef);
    const { recipient, routingNote } = await this.chooseRecipient(
      caller,
      fromId,
      input,
      view.person.municipalityCode,
      agencies,
    );
    const requestHash = hashRequest(input);

    const key = input.idempotencyKey ?? null;
    const now = this.clock.now();
    const draft = Object.assign(new ReferralEntity(), {
      id: randomUUID(),
      fromAgencyId: fromId,
      toAgencyId: recipient.id,
      personId: input.personId,
      status: ReferralStatus.DRAFT,
      urgency: input.urgency,
      needCategories: [...new Set(input.needCategories)],
      summary: input.summary,
      sharedCategories: shared,
      legalBasis: input.legalBasis,
      meetingId: input.legalBasisRef ?? null,
      justification: input.justification ?? null,
      routingNote,
      idempotencyKey: key,
      requestHash,
      sentAt: null,
    });
    const events = [eventRow(draft, ReferralEventType.CREATED, null, ReferralStatus.DRAFT, caller, null, now)];
    if (routingNote) events.push(eventRow(draft, ReferralEventType.ROUTED, null, null, caller, routingNote, now));
    let plan: SendPlan | null = null;
    if (input.send) {
      try {
        // What this request already read is passed on, not read again: the agencies and what the sender sees.
        plan = await this.planSend(this.referrals.manager, caller, draft, now, {
          sender,
          recipient,
          senderCategories: view.categories,
        });
      } catch (error) {
        // The retry of a request that was sent gets its referral, whatever the gate would say now.
        const earlier = key ? await this.replay(this.referrals.manager, fromId, key, requestHash) : null;
        if (earlier) return earlier;
        throw error;
      }
      events.push(
        eventRow(draft, ReferralEventType.SENT, ReferralStatus.DRAFT, ReferralStatus.REQUESTED, caller, null, now),
      );
    }
    // The referral sent at once goes in as sent (version 2: created, then sent), with its events, their outbox
    // rows and the audit of what it shares, in one statement: no transaction to open and commit.
    const values: Partial<ReferralEntity> = plan ? { ...draft, ...plan.changes, version: 2 } : draft;
    // `ours`: this request wrote the referral (its metrics count), as against replaying an earlier request's.
    const { referral, ours } = await runAutocommit(this.referrals.manager.connection, async (manager) => {
      const row = await this.insertWithEvents(manager, values, events, plan ? [plan.audit] : []);
      if (row) return { referral: this.rows.fromRow(row), ours: true };
      // Nothing inserted: this request's own attempt whose answer was lost (its id), or an earlier request
      // with the same idempotency key.
      const own = await this.rows.byId(draft.id, manager);
      if (own) return { referral: own, ours: true };
      const earlier = key ? await this.replay(manager, fromId, key, requestHash) : null;
      if (!earlier) throw new Error(`referral ${draft.id} conflicted with neither its id nor its idempotency key`);
      return { referral: earlier, ours: false };
    });
    if (ours) {
      await this.referralMetrics.record(events.flatMap((event) => (event.transition ? [event.transition] : [])));
    }
    return referral;
  }

  send(caller: AuthContext, id: string, expectedVersion?: number | null): Promise<ReferralEntity> {
    return this.transition(caller, id, ReferralAction.SEND, { expectedVersion });
  }

  /**
   * Every lifecycle step but creation and forwarding: a read, the state machine, and one statement that changes
   * the row only if it is still the version read, with its event and outbox row. A referral changed in between
   * is read again and decided again (a second acknowledge finds RECEIVED: nothing to do). Sending keeps its
   * transaction: the consent gate reads more than the row.
   */
  async transition(
    caller: AuthContext,
    id: string,
    action: ReferralAction,
    input: TransitionInput = {},
  ): Promise<ReferralEntity> {
    const agencyId = requireAgency(caller);
    if (action === ReferralAction.SEND) {
      return this.transaction(async (manager) => {
        const referral = await this.lockVisible(manager, agencyId, id);
        if (!this.decide(referral, agencyId, action, input)) return referral;
        return this.applySend(manager, caller, referral, this.clock.now());
      });
    }
    return runAutocommit(this.referrals.manager.connection, async (manager) => {
      for (let attempt = 1; ; attempt++) {
        const changed = await this.tryTransition(manager, caller, id, action, input);
        if (changed) return changed;
        // Nothing changed. The read says why: not a referral of the caller's (NOT_FOUND), not a step from its
        // status (INVALID_TRANSITION), a stale expectedVersion (CONFLICT); or it is already there (the referral
        // as it is); or it changed between the statement's read and its lock (try again).
        const referral = await this.findVisible(manager, agencyId, id);
        if (!this.decide(referral, agencyId, action, input)) return referral;
        if (attempt >= TRANSITION_ATTEMPTS) {
          throw new ConflictError('The referral was changed at the same time; read it again');
        }
      }
    });
  }

  /**
   * A status change as one statement, when the referral is one the caller may move this way now (its side, a
   * status the rule leaves, the expected version if given): the change, its event and the event's outbox row.
   * The referral as changed, or null when nothing was written.
   */
  private async tryTransition(
    manager: EntityManager,
    caller: AuthContext,
    id: string,
    action: ReferralAction,
    input: TransitionInput,
  ): Promise<ReferralEntity | null> {
    const rule = transitionRule(action);
    const now = this.clock.now();
    const type = EVENT_OF_ACTION[action];
    const note = input.outcome ?? input.reason ?? input.note ?? null;
    // $1–$12 as transitionText reads them; optional values follow.
    const parameters: unknown[] = [
      id,
      rule.from,
      caller.agencyId,
      input.expectedVersion ?? null,
      randomUUID(),
      type,
      caller.keyId,
      note,
      now,
      `referral.${type.toLowerCase()}`,
      now.toISOString(),
      rule.to,
    ];
    const parameter = (value: unknown) => `$${parameters.push(value)}`;
    const at = '$9::timestamptz';
    const set = ['"status" = $12'];
    const acknowledging = acknowledgedFrom(action);
    if (action === ReferralAction.ACKNOWLEDGE) set.push(`"acknowledged_at" = ${at}`);
    else if (acknowledging.length > 0) {
      set.push(
        `"acknowledged_at" = CASE WHEN "r"."status" = ANY(${parameter(acknowledging)}::varchar[]) THEN ${at} ` +
          `ELSE "r"."acknowledged_at" END`,
      );
    }
    if (action === ReferralAction.ACCEPT || action === ReferralAction.DECLINE) set.push(`"decided_at" = ${at}`);
    if (action === ReferralAction.DECLINE && input.declineReason !== undefined) {
      set.push(`"decline_reason" = ${parameter(input.declineReason)}`);
    }
    if (action === ReferralAction.START) set.push(`"started_at" = COALESCE("r"."started_at", ${at})`);
    if (action === ReferralAction.COMPLETE) {
      if (input.outcome !== undefined) set.push(`"outcome" = ${parameter(input.outcome)}`);
      set.push(`"closed_at" = ${at}`);
    }
    if (action === ReferralAction.FAIL || action === ReferralAction.CANCEL) {
      if (input.reason !== undefined) set.push(`"close_reason" = ${parameter(input.reason)}`);
      set.push(`"closed_at" = ${at}`);
    }
    const [row] = await preparedQuery<(Record<string, unknown> & { previous_status: ReferralStatus })[]>(
      manager,
      transitionText(set.join(', '), rule.side, this.rows.columnList('r')),
      parameters,
    );
    if (!row) return null;
    const referral = this.rows.fromRow(row);
    await this.referralMetrics.record([
      {
        fromStatus: row.previous_status,
        toStatus: referral.status,
        toAgencyId: referral.toAgencyId,
        urgency: referral.urgency,
        sentAt: referral.sentAt,
        at: now,
      },
    ]);
    return referral;
  }

  /**
   * The state machine and the caller's expected version: the status to move to, or null when the referral is
   * already there (nothing to do); an invalid or forbidden step, or a stale version, throws.
   */
  private decide(
    referral: ReferralEntity,
    agencyId: string,
    action: ReferralAction,
    input: TransitionInput,
  ): { status: ReferralStatus; acknowledgedNow: boolean } | null {
    const side = referral.fromAgencyId === agencyId ? ReferralSide.SENDER : ReferralSide.RECIPIENT;
    const decision = decideTransition(referral.status, action, side);
    switch (decision.kind) {
      case 'noop':
        return null;
      case 'forbidden':
        throw new InvalidTransitionError(
          referral.status,
          action,
          allowedNextStatuses(referral.status, side),
          decision.reason,
        );
      case 'invalid':
        throw new InvalidTransitionError(referral.status, action, decision.allowed);
      case 'apply':
        break;
    }
    if (input.expectedVersion != null && input.expectedVersion !== referral.version) {
      throw new ConflictError('The referral was changed since you read it', {
        expectedVersion: input.expectedVersion,
        currentVersion: referral.version,
      });
    }
    return { status: decision.to, acknowledgedNow: decision.acknowledgedNow };
  }

  /** A rejected referral sent on to another agency, as a new referral linked to the old one. */
  async forward(caller: AuthContext, id: string, toAgencyId: string, note: string | null): Promise<ReferralEntity> {
    const agencyId = requireAgency(caller);
    const [recipient] = await this.agencies.findByIds([toAgencyId]);
    if (!recipient) throw new NotFoundError('Agency', { field: 'toAgencyId', id: toAgencyId });
    if (recipient.id === agencyId) throw new BadUserInputError('toAgencyId', 'A referral cannot be sent to its sender');
    return this.transaction(async (manager) => {
      const original = await this.lockVisible(manager, agencyId, id);
      if (original.fromAgencyId !== agencyId || original.status !== ReferralStatus.REJECTED) {
        const side = original.fromAgencyId === agencyId ? ReferralSide.SENDER : ReferralSide.RECIPIENT;
        throw new InvalidTransitionError(
          original.status,
          'FORWARD',
          allowedNextStatuses(original.status, side),
          'Only the sender can forward, and only a rejected referral',
        );
      }
      const now = this.clock.now();
      const inserted = await manager.insert(ReferralEntity, {
        fromAgencyId: agencyId,
        toAgencyId: recipient.id,
        personId: original.personId,
        status: ReferralStatus.DRAFT,
        urgency: original.urgency,
        needCategories: original.needCategories,
        summary: original.summary,
        sharedCategories: original.sharedCategories,
        legalBasis: original.legalBasis,
        meetingId: original.meetingId,
        justification: original.justification,
        forwardedFromId: original.id,
      });
      const newId = (inserted.identifiers[0] as { id: string }).id;
      await this.appendEvent(
        manager,
        original,
        ReferralEventType.FORWARDED,
        null,
        null,
        caller,
        note ?? `forwarded as ${newId}`,
        now,
      );
      const created = await manager.findOneByOrFail(ReferralEntity, { id: newId });
      await this.appendEvent(
        manager,
        created,
        ReferralEventType.CREATED,
        null,
        ReferralStatus.DRAFT,
        caller,
        note,
        now,
      );
      return this.applySend(manager, caller, created, now);
    });
  }

  async postMessage(caller: AuthContext, referralId: string, body: string): Promise<ReferralMessageEntity> {
    const agencyId = requireAgency(caller);
    return runTransaction(this.referrals.manager, async (manager) => {
      const referral = await this.lockVisible(manager, agencyId, referralId);
      if (referral.sentAt) await this.requireBasis(manager, referral);
      const at = this.clock.now();
      const message = manager.create(ReferralMessageEntity, {
        referralId,
        fromAgencyId: agencyId,
        authorKeyId: caller.keyId,
        body,
        at,
      });
      await manager.insert(ReferralMessageEntity, message);
      // The other side hears of it (ids only: the body may hold personal data and is read through the API).
      const eventId = randomUUID();
      await appendToOutbox(manager, [
        {
          id: eventId,
          type: MESSAGE_POSTED,
          aggregateId: referral.id,
          agencyIds: referral.sentAt ? [referral.fromAgencyId, referral.toAgencyId] : [referral.fromAgencyId],
          payload: {
            eventId,
            type: MESSAGE_POSTED,
            referralId: referral.id,
            fromAgencyId: referral.fromAgencyId,
            toAgencyId: referral.toAgencyId,
            urgency: referral.urgency,
            fromStatus: null,
            toStatus: null,
            actorAgencyId: agencyId,
            messageId: message.id,
            at: at.toISOString(),
          },
          occurredAt: at,
        },
      ]);
      return manager.findOneByOrFail(ReferralMessageEntity, { id: message.id });
    });
  }

  /**
   * The consent gate of sending. A message on a sent referral shares more about the person with the recipient,
   * so it passes the same gate: once the consent is withdrawn or expired (or a meeting left), no new messages
   * from either side — CONSENT_REQUIRED with what is missing. Closing the loop (decline, complete, fail) stays open.
   */
  private async requireBasis(
    manager: EntityManager,
    referral: ReferralEntity,
    agencies?: { sender: AgencySector; recipient: AgencySector },
  ) {
    const decision = await this.disclosure.decideShare(
      {
        personId: referral.personId,
        senderAgencyId: referral.fromAgencyId,
        recipientAgencyId: referral.toAgencyId,
        purpose: ConsentPurpose.REFERRAL,
        categories: referral.sharedCategories,
        legalBasis: referral.legalBasis,
        meetingId: referral.meetingId,
        justification: referral.justification,
        agencies,
      },
      manager,
    );
    if (!decision.allowed) throw new ConsentRequiredError(decision.missing);
    return decision;
  }

  /** Withdraws a consent and records the fact on every open referral that relied on it, in one transaction. */
  async withdrawConsent(caller: AuthContext, consentId: string, reason: string | null): Promise<Consent> {
    return runTransaction(this.referrals.manager, async (manager) => {
      const { consent, withdrawal, changed } = await this.consents.withdraw(caller, consentId, reason, manager);
      if (changed) {
        const affected = await manager
          .createQueryBuilder(ReferralEntity, 'referral')
          .where(':consentId = ANY(referral.consent_ids)', { consentId })
          .getMany();
        for (const referral of affected.filter((candidate) => isOpen(candidate.status))) {
          await this.appendEvent(
            manager,
            referral,
            ReferralEventType.CONSENT_WITHDRAWN,
            null,
            null,
            caller,
            // The reason stays on the consent's withdrawal record, for the person's registrant: the recipient
            // of the referral is never told it.
            `consent ${consentId} withdrawn`,
            withdrawal.withdrawnAt,
          );
        }
      }
      return this.consents.toModel(consent, withdrawal, caller.agencyId);
    });
  }

  /** A referral the caller may see: as sender, as recipient once sent, or (hub admin) one awaiting review. */
  async get(caller: AuthContext, id: string): Promise<ReferralEntity> {
    const referral = await this.rows.byId(id);
    if (!referral || !this.mayView(caller, referral)) throw new NotFoundError('Referral', { id });
    return referral;
  }

  async list(
    caller: AuthContext,
    filter: ReferralFilter | null | undefined,
    page: PageRequest,
  ): Promise<Connection<ReferralEntity>> {
    const query = this.referrals.createQueryBuilder('referral');
    const agencyId = caller.agencyId;
    if (!agencyId) {
      // The hub admin reviews disclosures made under VITAL_INTEREST; nothing else.
      query.where('referral.review_required AND referral.sent_at IS NOT NULL');
    } else if (filter?.box === Box.INBOX) {
      query.where('referral.to_agency_id = :agencyId AND referral.sent_at IS NOT NULL', { agencyId });
    } else if (filter?.box === Box.OUTBOX) {
      query.where('referral.from_agency_id = :agencyId', { agencyId });
    } else {
      query.where(
        '(referral.from_agency_id = :agencyId OR (referral.to_agency_id = :agencyId AND referral.sent_at IS NOT NULL))',
        { agencyId },
      );
    }
    if (filter?.status?.length) query.andWhere('referral.status IN (:...statuses)', { statuses: filter.status });
    if (filter?.urgency) query.andWhere('referral.urgency = :urgency', { urgency: filter.urgency });
    if (filter?.personId) query.andWhere('referral.person_id = :personId', { personId: filter.personId });
    if (filter?.reviewRequired != null)
      query.andWhere('referral.review_required = :review', { review: filter.reviewRequired });
    if (filter?.overdue != null) {
      const overdue = `((referral.status = 'REQUESTED' AND referral.acknowledge_due_at < :now)
        OR (referral.status IN ('REQUESTED', 'RECEIVED') AND referral.decision_due_at < :now))`;
      query.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { now: this.clock.now() });
    }
    const totalCount = await query.getCount();
    const after = cursorAfter(page, ['timestamp', 'uuid']);
    if (after) {
      const [createdAt, id] = after;
      query.andWhere('(referral.created_at, referral.id) < (:createdAt, :id)', { createdAt: new Date(createdAt), id });
    }
    const rows = await query
      .orderBy('referral.created_at', 'DESC')
      .addOrderBy('referral.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toConnection(rows, page, totalCount, (row) => [row.createdAt.toISOString(), row.id]);
  }

  isOverdue(referral: ReferralEntity): boolean {
    const now = this.clock.now().getTime();
    const ackLate =
      referral.status === ReferralStatus.REQUESTED && (referral.acknowledgeDueAt?.getTime() ?? Infinity) < now;
    const decisionLate =
      (referral.status === ReferralStatus.REQUESTED || referral.status === ReferralStatus.RECEIVED) &&
      (referral.decisionDueAt?.getTime() ?? Infinity) < now;
    return ackLate || decisionLate;
  }

  async eventsOf(referralIds: readonly string[]): Promise<ReferralEventEntity[][]> {
    const rows = await this.referrals.manager.find(ReferralEventEntity, {
      where: { referralId: In([...referralIds]) },
      order: { seq: 'ASC' },
    });
    return referralIds.map((id) => rows.filter((row) => row.referralId === id));
  }

  async messagesOf(referralIds: readonly string[]): Promise<ReferralMessageEntity[][]> {
    const rows = await this.referrals.manager.find(ReferralMessageEntity, {
      where: { referralId: In([...referralIds]) },
      order: { seq: 'ASC' },
    });
    return referralIds.map((id) => rows.filter((row) => row.referralId === id));
  }

  async findByIds(caller: AuthContext, ids: readonly string[]): Promise<(ReferralEntity | null)[]> {
    const rows = await this.referrals.findBy({ id: In([...ids]) });
    return ids.map((id) => rows.find((row) => row.id === id && this.mayView(caller, row)) ?? null);
  }

  get pageSizeMax(): number {
    return this.config.PAGE_SIZE_MAX;
  }

  private mayView(caller: AuthContext, referral: ReferralEntity): boolean {
    // Seen by the recipient (and the hub admin) once it was sent: a draft cancelled unsent never reached it.
    if (!caller.agencyId) return referral.reviewRequired && referral.sentAt !== null;
    if (referral.fromAgencyId === caller.agencyId) return true;
    return referral.toAgencyId === caller.agencyId && referral.sentAt !== null;
  }

  /** A referral the agency takes part in; anyone else (and the recipient of a draft) gets NOT_FOUND. */
  private async findVisible(manager: EntityManager, agencyId: string, id: string): Promise<ReferralEntity> {
    const referral = await this.rows.byId(id, manager);
    if (!referral || !this.mayView({ agencyId } as AuthContext, referral)) throw new NotFoundError('Referral', { id });
    return referral;
  }

  /** Locks a referral the agency takes part in; anyone else (and the recipient of a draft) gets NOT_FOUND. */
  private async lockVisible(manager: EntityManager, agencyId: string, id: string): Promise<ReferralEntity> {
    const referral = await manager.findOne(ReferralEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!referral || !this.mayView({ agencyId } as AuthContext, referral)) throw new NotFoundError('Referral', { id });
    return referral;
  }

  /** DRAFT → REQUESTED behind the consent gate, with the recipient's due times. */
  private async applySend(
    manager: EntityManager,
    caller: AuthContext,
    referral: ReferralEntity,
    now: Date,
  ): Promise<ReferralEntity> {
    const plan = await this.planSend(manager, caller, referral, now);
    const updated = await this.update(manager, referral, plan.changes);
    await this.appendEvent(
      manager,
      referral,
      ReferralEventType.SENT,
      referral.status,
      ReferralStatus.REQUESTED,
      caller,
      null,
      now,
    );
    await this.audit.record([plan.audit], manager);
    return updated;
  }

  /**
   * The checks of sending (the recipient accepts referrals, the sender may see what it shares, the consent
   * gate) and what sending changes: the basis, the review flag, the recipient's due times, and the audit of
   * the disclosure. Throws what stops it; writes nothing.
   */
  private async planSend(
    manager: EntityManager,
    caller: AuthContext,
    referral: ReferralEntity,
    now: Date,
    /** Read by the same request a moment before (create and send in one call). */
    loaded: { sender?: AgencyEntity; recipient?: AgencyEntity; senderCategories?: readonly string[] } = {},
  ): Promise<SendPlan> {
    const { sender, recipient } = await this.partiesOf(manager, referral, loaded);
    this.referralMetrics.rememberSector(recipient);
    if (!recipient.acceptingReferrals) {
      throw new ConflictError(`${recipient.name} is not accepting referrals at the moment`, {
        reason: 'RECIPIENT_NOT_ACCEPTING',
        agencyId: recipient.id,
      });
    }
    // The sender passes on only what it may see itself now: a draft can outlive the sender's own grant.
    const senderCategories =
      loaded.senderCategories ??
      (await this.disclosure.visibleTo(referral.fromAgencyId, [referral.personId], now, manager)).get(referral.personId)
        ?.categories ??
      [];
    const undisclosed = referral.sharedCategories.filter((category) => !senderCategories.includes(category));
    if (undisclosed.length > 0) {
      throw new ConsentRequiredError({ reason: 'NOT_DISCLOSED_TO_SENDER', categories: undisclosed });
    }
    const decision = await this.requireBasis(manager, referral, { sender, recipient });
    const [target] = await preparedQuery<ResponseTargetRow[]>(manager, RESPONSE_TARGET, [
      recipient.id,
      referral.urgency,
    ]);
    return {
      changes: {
        status: ReferralStatus.REQUESTED,
        sentAt: now,
        consentIds: decision.consentIds,
        reviewRequired: decision.reviewRequired,
        acknowledgeDueAt: target ? addResponseDuration(now, target.acknowledge_within, target.business_time) : null,
        decisionDueAt: target ? addResponseDuration(now, target.decide_within, target.business_time) : null,
      },
      audit: {
        action: AuditAction.DATA_SHARED,
        personId: referral.personId,
        caller,
        categories: referral.sharedCategories,
        basis: [
          {
            kind: decision.basis,
            consentIds: decision.consentIds,
            meetingId: referral.meetingId,
            recipientAgencyId: recipient.id,
          },
        ],
        operation: 'sendReferral',
        referralId: referral.id,
        at: now,
      },
    };
  }

  /**
   * A new referral with its events, their outbox rows and audit records, in one statement: the row as
   * inserted, or null when it conflicts with an existing one (its id, or its sender's idempotency key), in
   * which case nothing is written.
   */
  private async insertWithEvents(
    manager: EntityManager,
    values: Partial<ReferralEntity>,
    events: readonly EventRow[],
    audits: readonly AuditRecord[],
  ): Promise<Record<string, unknown> | null> {
    const parameters: unknown[] = events.flatMap((event) => event.parameters);
    const columns = definedEntries(values).map(([property, value]) => {
      parameters.push(value ?? null);
      return this.rows.columnOf(property);
    });
    const inserted = 'EXISTS (SELECT FROM "referral")';
    const audit = auditInsert(audits, { offset: parameters.length, only: inserted });
    parameters.push(...audit.parameters);
    const valuesOffset = events.length * EVENT_PARAMETERS;
    const offsets = events.map((_, index) => index * EVENT_PARAMETERS);
    const rows = await preparedQuery<Record<string, unknown>[]>(
      manager,
      `WITH "referral" AS (
         INSERT INTO "referral" (${columns.map((column) => `"${column}"`).join(', ')})
         VALUES (${columns.map((_, index) => `$${valuesOffset + index + 1}`).join(', ')})
         ON CONFLICT DO NOTHING
         RETURNING ${this.rows.columnList()}
       ), "event" AS (
         INSERT INTO "referral_event" ${EVENT_COLUMNS}
         SELECT * FROM (VALUES ${offsets.map(eventValues).join(', ')}) AS "row" WHERE ${inserted}
       ), "outbox" AS (
         INSERT INTO "outbox_event" ${OUTBOX_COLUMNS}
         SELECT * FROM (VALUES ${offsets.map(outboxValues).join(', ')}) AS "row" WHERE ${inserted}
       )${audits.length > 0 ? `, "audit" AS (${audit.text})` : ''}
       SELECT ${this.rows.columnList()} FROM "referral"`,
      parameters,
    );
    return rows[0] ?? null;
  }

  /** The sender and the recipient of a referral: as the request already read them, else in one read. */
  private async partiesOf(
    manager: EntityManager,
    referral: ReferralEntity,
    loaded: { sender?: AgencyEntity; recipient?: AgencyEntity },
  ): Promise<{ sender: AgencyEntity; recipient: AgencyEntity }> {
    let sender = loaded.sender?.id === referral.fromAgencyId ? loaded.sender : undefined;
    let recipient = loaded.recipient?.id === referral.toAgencyId ? loaded.recipient : undefined;
    if (!sender || !recipient) {
      const rows = await this.agencies.findByIds([referral.fromAgencyId, referral.toAgencyId], manager);
      sender ??= rows.find((row) => row.id === referral.fromAgencyId);
      recipient ??= rows.find((row) => row.id === referral.toAgencyId);
    }
    if (!sender || !recipient) throw new Error(`an agency of referral ${referral.id} vanished`);
    return { sender, recipient };
  }

  private async update(
    manager: EntityManager,
    referral: ReferralEntity,
    changes: Partial<ReferralEntity>,
  ): Promise<ReferralEntity> {
    const result = await manager
      .createQueryBuilder()
      .update(ReferralEntity)
      .set(changes)
      .where('id = :id AND version = :version', { id: referral.id, version: referral.version })
      // Property names: TypeORM maps them to their columns (and drops a name it does not know).
      .returning(['version', 'updatedAt'])
      .execute();
    if (result.affected !== 1) throw new ConflictError('The referral was changed at the same time; read it again');
    const [row] = result.raw as { version: number; updated_at: Date }[];
    return changed(referral, changes, row);
  }

  /** A transaction of the referral aggregate; its status changes count in the metrics once it has committed. */
  private async transaction<T>(
    work: (manager: EntityManager) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const transitions: CommittedTransition[] = [];
    const result = await runTransaction(
      this.referrals.manager,
      (manager) => {
        transitions.length = 0; // a retried attempt starts over
        this.transitions.set(manager, transitions);
        return work(manager);
      },
      options,
    );
    await this.referralMetrics.record(transitions);
    return result;
  }

  /** Appends a history event and, in the same statement, its outbox event. */
  private async appendEvent(manager: EntityManager, ...values: Parameters<typeof eventRow>): Promise<void> {
    const event = eventRow(...values);
    await preparedQuery(manager, APPEND_EVENT, event.parameters);
    if (event.transition) this.transitions.get(manager)?.push(event.transition);
  }

  /**
   * The same idempotency key again: the same referral for the same request, CONFLICT for another; null when no
   * referral of the sender has the key.
   */
  private async replay(
    manager: EntityManager,
    fromId: string,
    key: string,
    requestHash: string,
  ): Promise<ReferralEntity | null> {
    const existing = await manager.findOne(ReferralEntity, {
      where: { fromAgencyId: fromId, idempotencyKey: key },
      select: { id: true, requestHash: true },
    });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw new ConflictError('This idempotency key was used for a different request', {
        field: 'input.idempotencyKey',
        reason: 'IDEMPOTENCY_KEY_REUSED',
        referralId: existing.id,
      });
    }
    return this.rows.byId(existing.id, manager);
  }

  /** A legalBasisRef must name a meeting (else the insert fails on fk_referral_meeting: a 500). */
  private async requireMeeting(id: string): Promise<void> {
    const rows: unknown[] = await this.referrals.manager.query('SELECT 1 FROM support_meeting WHERE id = $1', [id]);
    if (rows.length === 0) throw new NotFoundError('SupportMeeting', { field: 'input.legalBasisRef', id });
  }

  private checkLegalBasisInput(input: CreateReferralInput): void {
    const needsMeeting =
      input.legalBasis === LegalBasis.SUPPORT_MEETING || input.legalBasis === LegalBasis.CHILD_PROTECTION_COUNCIL;
    if (needsMeeting && !input.legalBasisRef) {
      throw new BadUserInputError(
        'input.legalBasisRef',
        `${input.legalBasis} needs legalBasisRef: the meeting relied on`,
      );
    }
    if (!needsMeeting && input.legalBasisRef) {
      throw new BadUserInputError(
        'input.legalBasisRef',
        `legalBasisRef is only for SUPPORT_MEETING and CHILD_PROTECTION_COUNCIL`,
      );
    }
  }

  private async chooseRecipient(
    caller: AuthContext,
    fromId: string,
    input: CreateReferralInput,
    personMunicipality: string | null,
    /** The agencies the request already read: a named recipient is among them if it exists. */
    loaded: readonly AgencyEntity[],
  ): Promise<{ recipient: AgencyEntity; routingNote: string | null }> {
    if (Boolean(input.toAgencyId) === Boolean(input.toSector)) {
      throw new BadUserInputError('input.toAgencyId', 'Give exactly one of toAgencyId and toSector');
    }
    if (input.toAgencyId) {
      const recipient = loaded.find((agency) => agency.id === input.toAgencyId);
      if (!recipient) throw new NotFoundError('Agency', { field: 'input.toAgencyId', id: input.toAgencyId });
      if (recipient.id === fromId)
        throw new BadUserInputError('input.toAgencyId', 'A referral cannot be sent to its sender');
      return { recipient, routingNote: null };
    }
    const place = RoutingService.placeFor(input.municipalityCode, personMunicipality);
    const [best] = await this.routing.suggest(
      {
        needCategories: input.needCategories,
        municipalityCode: place,
        urgency: input.urgency,
        sector: input.toSector,
        fromAgencyId: caller.agencyId,
      },
      'input',
    );
    if (!best) {
      throw new NotFoundError('Agency', {
        field: 'input.toSector',
        reason: 'NO_MATCHING_AGENCY',
        detail: `No agency of ${input.toSector} accepting these needs serves ${place}`,
      });
    }
    return {
      recipient: best.agency,
      routingNote: `${best.agency.code} chosen (score ${best.score}): ${best.reasons.join('; ')}`,
    };
  }
}

/** A history event with its outbox event (same id) for the agencies that hear of it. */
function eventRow(
  referral: Pick<ReferralEntity, 'id' | 'fromAgencyId' | 'toAgencyId' | 'urgency' | 'sentAt'>,
  type: ReferralEventType,
  fromStatus: ReferralStatus | null,
  toStatus: ReferralStatus | null,
  caller: AuthContext,
  note: string | null,
  at: Date,
): EventRow {
  const id = randomUUID();
  // The recipient hears of a referral from the moment it is sent, never of a draft.
  const agencyIds =
    referral.sentAt || type === ReferralEventType.SENT
      ? [...new Set([referral.fromAgencyId, referral.toAgencyId])]
      : [referral.fromAgencyId];
  const payload = referralEventPayload(id, type, referral, fromStatus, toStatus, caller.agencyId, at);
  return {
    parameters: [
      id,
      referral.id,
      type,
      fromStatus,
      toStatus,
      caller.agencyId,
      caller.keyId,
      note,
      at,
      `referral.${type.toLowerCase()}`,
      agencyIds,
      JSON.stringify(payload),
    ],
    transition: toStatus
      ? {
          fromStatus,
          toStatus,
          toAgencyId: referral.toAgencyId,
          urgency: referral.urgency,
          sentAt: referral.sentAt,
          at,
        }
      : null,
  };
}

/**
 * The row read with the changes and what PostgreSQL set: nothing else changes it (its triggers run after the
 * update and write other tables), so no second read. A new object: callers still read the status before the
 * change from `referral`.
 */
function changed(
  referral: ReferralEntity,
  changes: Partial<ReferralEntity>,
  row: { version: number; updated_at: Date },
): ReferralEntity {
  return Object.assign(new ReferralEntity(), referral, changes, { version: row.version, updatedAt: row.updated_at });
}

/**
 * What partners are told about a referral event: identifiers, statuses and time — never a person's data
 * or free text, which they read through the API under its access rules.
 */
export function referralEventPayload(
  eventId: string,
  type: ReferralEventType,
  referral: Pick<ReferralEntity, 'id' | 'fromAgencyId' | 'toAgencyId' | 'urgency'>,
  fromStatus: ReferralStatus | null,
  toStatus: ReferralStatus | null,
  actorAgencyId: string | null,
  at: Date,
): Record<string, unknown> {
  return {
    eventId,
    type: `referral.${type.toLowerCase()}`,
    referralId: referral.id,
    fromAgencyId: referral.fromAgencyId,
    toAgencyId: referral.toAgencyId,
    urgency: referral.urgency,
    fromStatus,
    toStatus,
    actorAgencyId,
    at: at.toISOString(),
  };
}

/** The outbox event of a message on a referral (messages are not history events). */
export const MESSAGE_POSTED = 'referral.message_posted';

/** A stable digest of what a create request asks for, to tell a retry from a different request. */
function hashRequest(input: CreateReferralInput): string {
  const { idempotencyKey: _key, ...rest } = input;
  const canonical = JSON.stringify(rest, Object.keys(rest).sort());
  return createHash('sha256').update(canonical).digest('hex');
}
