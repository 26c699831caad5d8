import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgenciesService } from '@tsunagu/directory';
import {
  appendToOutbox,
  BadUserInputError,
  Clock,
  lockKey,
  NotFoundError,
  runTransaction,
  type AuthContext,
} from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { consentStatus } from '../disclosure/disclosure-decision.js';
import { DisclosureService } from '../disclosure/disclosure.service.js';
import { type Consent, type RecordConsentInput } from '../dto/consent.model.js';
import { AuditAction } from '../entities/audit-log.entity.js';
import { ConsentEntity, ConsentWithdrawalEntity } from '../entities/consent.entity.js';
import { PersonsService, requireAgency } from '../persons/persons.service.js';

/** Leeway for clocks of partner systems that run slightly ahead when stating when consent was obtained. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface Withdrawal {
  consent: ConsentEntity;
  withdrawal: ConsentWithdrawalEntity;
  /** False when the consent had already been withdrawn (nothing changed). */
  changed: boolean;
}

@Injectable()
export class ConsentsService {
  constructor(
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    private readonly persons: PersonsService,
    private readonly disclosure: DisclosureService,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Records a consent for a person of the calling agency. Consents are never edited afterwards. */
  async record(caller: AuthContext, input: RecordConsentInput): Promise<Consent> {
    const agencyId = requireAgency(caller);
    await this.persons.requireRegistrant(caller, input.personId);
    if (Boolean(input.recipientAgencyId) === Boolean(input.recipientSector)) {
      throw new BadUserInputError(
        'input.recipientAgencyId',
        'Give exactly one of recipientAgencyId and recipientSector',
      );
    }
    if (input.recipientAgencyId && (await this.agencies.findByIds([input.recipientAgencyId])).length === 0) {
      throw new NotFoundError('Agency', { field: 'input.recipientAgencyId', id: input.recipientAgencyId });
    }
    const now = this.clock.now();
    const obtainedAt = input.obtainedAt ?? now;
    if (obtainedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
      throw new BadUserInputError('input.obtainedAt', 'obtainedAt may not be in the future');
    }
    if (input.expiresAt && input.expiresAt.getTime() <= Math.max(now.getTime(), obtainedAt.getTime())) {
      throw new BadUserInputError('input.expiresAt', 'expiresAt must be in the future and after obtainedAt');
    }
    return runTransaction(this.consents.manager, async (manager) => {
      const consent = await manager.save(
        manager.create(ConsentEntity, {
          personId: input.personId,
          recipientAgencyId: input.recipientAgencyId ?? null,
          recipientSector: input.recipientSector ?? null,
          purposes: [...new Set(input.purposes)],
          dataCategories: [...new Set(input.dataCategories)],
          method: input.method,
          evidenceRef: input.evidenceRef ?? null,
          obtainedAt,
          expiresAt: input.expiresAt ?? null,
          recordedByAgencyId: agencyId,
          recordedByKeyId: caller.keyId,
          recordedAt: now,
        }),
      );
      await this.audit.record(
        [
          {
            action: AuditAction.CONSENT_RECORDED,
            personId: consent.personId,
            caller,
            categories: consent.dataCategories,
            basis: [{ kind: 'CONSENT', purposes: consent.purposes }],
            operation: 'recordConsent',
            consentId: consent.id,
            at: now,
          },
        ],
        manager,
      );
      // The worker schedules the consent's expiry notices from this event; ids only, never the person's data.
      const eventId = randomUUID();
      await appendToOutbox(manager, [
        {
          id: eventId,
          type: 'consent.recorded',
          aggregateId: consent.id,
          agencyIds: consent.recipientAgencyId ? [agencyId, consent.recipientAgencyId] : [agencyId],
          payload: {
            eventId,
            type: 'consent.recorded',
            consentId: consent.id,
            personId: consent.personId,
            recipientAgencyId: consent.recipientAgencyId,
            recipientSector: consent.recipientSector,
            expiresAt: consent.expiresAt?.toISOString() ?? null,
            at: now.toISOString(),
          },
          occurredAt: now,
        },
      ]);
      return toConsent(consent, null, now);
    });
  }

  /**
   * The person's consents: all of them for the registering agency; for another agency that may see the
   * person, the consents that name it or its sector. Anyone else gets `NOT_FOUND`.
   */
  async list(caller: AuthContext, personId: string): Promise<Consent[]> {
    const agencyId = requireAgency(caller);
    const now = this.clock.now();
    const visible = (await this.disclosure.visibleTo(agencyId, [personId], now)).get(personId);
    if (!visible) throw new NotFoundError('Person', { id: personId });
    let consents = await this.consents.find({ where: { personId }, order: { recordedAt: 'ASC' } });
    const registrant = visible.person.registeredByAgencyId === agencyId;
    if (!registrant) {
      const [agency] = await this.agencies.findByIds([agencyId]);
      consents = consents.filter((c) => c.recipientAgencyId === agencyId || c.recipientSector === agency.sector);
    }
    // Why the person withdrew is for the registrant (and whoever recorded the withdrawal), not the recipient.
    return this.withWithdrawals(consents, now, registrant ? null : agencyId);
  }

  /**
   * Withdraws a consent at once (history kept: the consent row stays, the withdrawal is a row of its own).
   * The registering agency or the consent's recipient may record it; repeating it changes nothing.
   */
  async withdraw(caller: AuthContext, id: string, reason: string | null, manager: EntityManager): Promise<Withdrawal> {
    const agencyId = requireAgency(caller);
    // Consent rows are append-only (no row locks for the app role): the consent's lock, as the expiry clock takes it.
    await lockKey(manager, `consent:${id}`, 'exclusive');
    const consent = await manager.findOneBy(ConsentEntity, { id });
    if (!consent || !(await this.mayManage(agencyId, consent, manager))) throw new NotFoundError('Consent', { id });
    const existing = await manager.findOneBy(ConsentWithdrawalEntity, { consentId: id });
    if (existing) return { consent, withdrawal: existing, changed: false };
    const now = this.clock.now();
    const withdrawal = manager.create(ConsentWithdrawalEntity, {
      consentId: id,
      withdrawnAt: now,
      reason,
      recordedByAgencyId: agencyId,
      recordedByKeyId: caller.keyId,
    });
    await manager.insert(ConsentWithdrawalEntity, withdrawal);
    await this.audit.record(
      [
        {
          action: AuditAction.CONSENT_WITHDRAWN,
          personId: consent.personId,
          caller,
          categories: consent.dataCategories,
          basis: [{ kind: 'CONSENT', reason }],
          operation: 'withdrawConsent',
          consentId: id,
          at: now,
        },
      ],
      manager,
    );
    // The registering agency and a named recipient hear of it (ids only; the reason is read through the API).
    const eventId = randomUUID();
    await appendToOutbox(manager, [
      {
        id: eventId,
        type: 'consent.withdrawn',
        aggregateId: consent.id,
        agencyIds: consent.recipientAgencyId
          ? [consent.recordedByAgencyId, consent.recipientAgencyId]
          : [consent.recordedByAgencyId],
        payload: {
          eventId,
          type: 'consent.withdrawn',
          consentId: consent.id,
          personId: consent.personId,
          recipientAgencyId: consent.recipientAgencyId,
          recipientSector: consent.recipientSector,
          withdrawnByAgencyId: agencyId,
          at: now.toISOString(),
        },
        occurredAt: now,
      },
    ]);
    return { consent, withdrawal, changed: true };
  }

  /** The consent as `viewerId` may see it: the withdrawal reason only for the registrant and its recorder. */
  toModel(consent: ConsentEntity, withdrawal: ConsentWithdrawalEntity | null, viewerId: string | null): Consent {
    const model = toConsent(consent, withdrawal, this.clock.now());
    if (viewerId !== consent.recordedByAgencyId && viewerId !== withdrawal?.recordedByAgencyId) {
      model.withdrawalReason = null;
    }
    return model;
  }

  private async mayManage(agencyId: string, consent: ConsentEntity, manager: EntityManager): Promise<boolean> {
    if (consent.recipientAgencyId === agencyId) return true;
    const rows: { registered_by_agency_id: string }[] = await manager.query(
      'SELECT registered_by_agency_id FROM person WHERE id = $1',
      [consent.personId],
    );
    return rows[0]?.registered_by_agency_id === agencyId;
  }

  /** The consents with their withdrawals; `recipientId`: the reason only where that agency recorded it. */
  private async withWithdrawals(consents: ConsentEntity[], now: Date, recipientId: string | null): Promise<Consent[]> {
    const withdrawals = consents.length
      ? await this.consents.manager.findBy(ConsentWithdrawalEntity, { consentId: In(consents.map((c) => c.id)) })
      : [];
    const byConsent = new Map(withdrawals.map((withdrawal) => [withdrawal.consentId, withdrawal]));
    return consents.map((consent) => {
      const withdrawal = byConsent.get(consent.id) ?? null;
      const model = toConsent(consent, withdrawal, now);
      if (recipientId !== null && withdrawal?.recordedByAgencyId !== recipientId) model.withdrawalReason = null;
      return model;
    });
  }
}

function toConsent(consent: ConsentEntity, withdrawal: ConsentWithdrawalEntity | null, now: Date): Consent {
  return {
    ...consent,
    status: consentStatus({ ...consent, withdrawnAt: withdrawal?.withdrawnAt ?? null }, now),
    withdrawnAt: withdrawal?.withdrawnAt ?? null,
    withdrawalReason: withdrawal?.reason ?? null,
  };
}
