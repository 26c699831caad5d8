import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type Urgency } from '@tsunagu/directory';
import { appendToOutbox, lockKey, type OutboxEvent } from '@tsunagu/platform';
import { ReferralEventEntity, ReferralEventType, ReferralStatus, referralEventPayload } from '@tsunagu/referrals';
import { DataSource, type EntityManager } from 'typeorm';
import { EXPIRING_SOON_BEFORE_MS, type ConsentExpiryData } from './consent-expiry.job.js';

/** A referral in one of these statuses is no longer (or not yet) open: a consent's expiry leaves it alone. */
const NOT_OPEN: readonly ReferralStatus[] = [
  ReferralStatus.REJECTED,
  ReferralStatus.COMPLETED,
  ReferralStatus.CANCELLED,
  ReferralStatus.FAILED,
  ReferralStatus.DRAFT,
];

interface LockedConsent {
  id: string;
  person_id: string;
  recipient_agency_id: string | null;
  recipient_sector: string | null;
  recorded_by_agency_id: string;
  expires_at: Date | null;
  withdrawn: boolean;
  now: Date;
}

interface OpenReferral {
  id: string;
  from_agency_id: string;
  to_agency_id: string;
  urgency: Urgency;
}

export type ConsentExpiryOutcome = 'GONE' | 'NO_EXPIRY' | 'WITHDRAWN' | 'ALREADY_DONE' | 'NOTIFIED' | 'EXPIRED';

/** A notice job ran before its time (clock skew, or an expiry moved): it fails the attempt and is retried. */
export class ConsentNotDueYetError extends Error {
  constructor(data: ConsentExpiryData, due: Date) {
    super(`consent ${data.consentId} ${data.kind}: due at ${due.toISOString()}, not yet`);
    this.name = 'ConsentNotDueYetError';
  }
}

/**
 * A consent's expiry, each notice exactly once: 14 days before, the registering agency is told; at the expiry,
 * the registering agency and the named recipient agency are told, and every open referral relying on the
 * consent gets a CONSENT_EXPIRED history event (to its sender and recipient). Each runs in one transaction with
 * the consent locked; the consent_notice primary key (INSERT … ON CONFLICT DO NOTHING) makes a second run
 * change nothing. A withdrawn consent gets no expiry notices.
 */
@Injectable()
export class ConsentClocksService {
  constructor(private readonly dataSource: DataSource) {}

  check(data: ConsentExpiryData): Promise<ConsentExpiryOutcome> {
    return this.dataSource.transaction((manager) => this.checkIn(manager, data));
  }

  private async checkIn(manager: EntityManager, data: ConsentExpiryData): Promise<ConsentExpiryOutcome> {
    // Consent rows are append-only (no row locks for the app role): the consent's lock, shared, serialises
    // concurrent runs with a withdrawal, which takes it exclusively.
    await lockKey(manager, `consent:${data.consentId}`, 'shared');
    const [consent] = await manager.query<LockedConsent[]>(
      `SELECT consent."id", consent."person_id", consent."recipient_agency_id", consent."recipient_sector",
              consent."recorded_by_agency_id", consent."expires_at",
              EXISTS (SELECT 1 FROM "consent_withdrawal" w WHERE w."consent_id" = consent."id") AS "withdrawn",
              clock_timestamp() AS "now"
         FROM "consent" consent WHERE consent."id" = $1`,
      [data.consentId],
    );
    if (!consent) return 'GONE';
    if (!consent.expires_at) return 'NO_EXPIRY';
    if (consent.withdrawn) return 'WITHDRAWN';
    const due =
      data.kind === 'EXPIRED' ? consent.expires_at : new Date(consent.expires_at.getTime() - EXPIRING_SOON_BEFORE_MS);
    if (consent.now.getTime() < due.getTime()) throw new ConsentNotDueYetError(data, due);

    const inserted = await manager.query<unknown[]>(
      `INSERT INTO "consent_notice" ("consent_id", "kind", "at") VALUES ($1, $2, $3)
       ON CONFLICT ("consent_id", "kind") DO NOTHING RETURNING "consent_id"`,
      [consent.id, data.kind, consent.now],
    );
    if (inserted.length !== 1) return 'ALREADY_DONE';

    const at = consent.now;
    if (data.kind === 'EXPIRING_SOON') {
      await this.notify(manager, consent, 'consent.expiring_soon', [consent.recorded_by_agency_id], at);
      return 'NOTIFIED';
    }
    await this.notify(
      manager,
      consent,
      'consent.expired',
      consent.recipient_agency_id
        ? [consent.recorded_by_agency_id, consent.recipient_agency_id]
        : [consent.recorded_by_agency_id],
      at,
    );
    const referrals = await manager.query<OpenReferral[]>(
      `SELECT "id", "from_agency_id", "to_agency_id", "urgency" FROM "referral"
        WHERE $1 = ANY("consent_ids") AND "status" <> ALL($2::varchar[])
        ORDER BY "id" FOR UPDATE`,
      [consent.id, NOT_OPEN],
    );
    for (const referral of referrals) await this.markReferral(manager, referral, consent.id, at);
    return 'EXPIRED';
  }

  /** A consent event (ids only) for `agencyIds`. */
  private async notify(
    manager: EntityManager,
    consent: LockedConsent,
    type: string,
    agencyIds: string[],
    at: Date,
  ): Promise<void> {
    const id = randomUUID();
    await appendToOutbox(manager, [
      {
        id,
        type,
        aggregateId: consent.id,
        agencyIds,
        payload: {
          eventId: id,
          type,
          consentId: consent.id,
          personId: consent.person_id,
          recipientAgencyId: consent.recipient_agency_id,
          recipientSector: consent.recipient_sector,
          expiresAt: consent.expires_at?.toISOString() ?? null,
          at: at.toISOString(),
        },
        occurredAt: at,
      },
    ]);
  }

  /** A CONSENT_EXPIRED history event (the note names the consent) and its outbox event, same id. */
  private async markReferral(
    manager: EntityManager,
    referral: OpenReferral,
    consentId: string,
    at: Date,
  ): Promise<void> {
    const id = randomUUID();
    const type = ReferralEventType.CONSENT_EXPIRED;
    await manager.insert(ReferralEventEntity, {
      id,
      referralId: referral.id,
      type,
      fromStatus: null,
      toStatus: null,
      actorAgencyId: null,
      actorKeyId: null,
      note: `consent ${consentId} expired`,
      at,
    });
    const subject = {
      id: referral.id,
      fromAgencyId: referral.from_agency_id,
      toAgencyId: referral.to_agency_id,
      urgency: referral.urgency,
    };
    const event: OutboxEvent = {
      id,
      type: `referral.${type.toLowerCase()}`,
      aggregateId: referral.id,
      agencyIds: [referral.from_agency_id, referral.to_agency_id],
      payload: { ...referralEventPayload(id, type, subject, null, null, null, at), consentId },
      occurredAt: at,
    };
    await appendToOutbox(manager, [event]);
  }
}
