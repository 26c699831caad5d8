import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { lookupLocalGovernment, overlappingMunicipalityCodes, type Urgency } from '@tsunagu/directory';
import { appendToOutbox, type OutboxEvent } from '@tsunagu/platform';
import { ReferralEventEntity, ReferralEventType, ReferralStatus, referralEventPayload } from '@tsunagu/referrals';
import { DataSource, type EntityManager } from 'typeorm';
import { type CheckDueData, type SlaClock } from './check-due.job.js';

/** The statuses in which each clock still runs: once the referral moved on, its clock triggers nothing. */
export const RUNNING_IN: Record<SlaClock, readonly ReferralStatus[]> = {
  ACKNOWLEDGE: [ReferralStatus.REQUESTED],
  DECISION: [ReferralStatus.REQUESTED, ReferralStatus.RECEIVED],
};

const COLUMNS: Record<SlaClock, { due: string; reminded: string; breached: string }> = {
  ACKNOWLEDGE: {
    due: 'acknowledge_due_at',
    reminded: 'acknowledge_reminded_at',
    breached: 'acknowledge_breached_at',
  },
  DECISION: { due: 'decision_due_at', reminded: 'decision_reminded_at', breached: 'decision_breached_at' },
};

interface LockedReferral {
  id: string;
  from_agency_id: string;
  to_agency_id: string;
  urgency: Urgency;
  status: ReferralStatus;
  due_at: Date | null;
  now: Date;
}

export type CheckDueOutcome = 'GONE' | 'MOVED_ON' | 'NO_DUE_TIME' | 'ALREADY_DONE' | 'REMINDED' | 'BREACHED';

/** A breach job ran before its due time (clock skew): it fails the attempt and is retried with backoff. */
export class NotDueYetError extends Error {
  constructor(data: CheckDueData, due: Date) {
    super(`${data.referralId} ${data.clock}: due at ${due.toISOString()}, not yet`);
    this.name = 'NotDueYetError';
  }
}

/**
 * The referral SLA clocks' effects, each exactly once: a reminder to the recipient before a due time; at the
 * breach, the referral marked, the sender and the recipient told, and the hub coordinators of the recipient's
 * area told. Each runs in one transaction with the referral locked; the `… IS NULL` guard of its column makes a
 * second run (a retried or duplicated job) change nothing.
 */
@Injectable()
export class ReferralClocksService {
  constructor(private readonly dataSource: DataSource) {}

  checkDue(data: CheckDueData): Promise<CheckDueOutcome> {
    return this.dataSource.transaction((manager) => this.checkDueIn(manager, data));
  }

  private async checkDueIn(manager: EntityManager, data: CheckDueData): Promise<CheckDueOutcome> {
    const columns = COLUMNS[data.clock];
    const [referral] = await manager.query<LockedReferral[]>(
      `SELECT "id", "from_agency_id", "to_agency_id", "urgency", "status", "${columns.due}" AS "due_at",
              clock_timestamp() AS "now"
         FROM "referral" WHERE "id" = $1 FOR UPDATE`,
      [data.referralId],
    );
    if (!referral) return 'GONE';
    if (!RUNNING_IN[data.clock].includes(referral.status)) return 'MOVED_ON';
    if (!referral.due_at) return 'NO_DUE_TIME';
    if (data.step === 'BREACH' && referral.now.getTime() < referral.due_at.getTime()) {
      throw new NotDueYetError(data, referral.due_at);
    }

    const column = data.step === 'REMIND' ? columns.reminded : columns.breached;
    // node-postgres reports a raw UPDATE as [rows, affected count].
    const [, changed] = await manager.query<[unknown[], number]>(
      `UPDATE "referral" SET "${column}" = $2 WHERE "id" = $1 AND "${column}" IS NULL`,
      [referral.id, referral.now],
    );
    if (changed !== 1) return 'ALREADY_DONE';

    const at = referral.now;
    if (data.step === 'REMIND') {
      await this.record(manager, referral, data.clock, ReferralEventType.DUE_SOON, [referral.to_agency_id], at);
      return 'REMINDED';
    }
    await this.record(
      manager,
      referral,
      data.clock,
      ReferralEventType.OVERDUE,
      [referral.from_agency_id, referral.to_agency_id],
      at,
    );
    const coordinators = await this.hubCoordinatorsFor(manager, referral);
    if (coordinators.length > 0) {
      await this.record(manager, referral, data.clock, ReferralEventType.ESCALATED, coordinators, at);
    }
    return 'BREACHED';
  }

  /** A history event (the note names the clock) and its outbox event, same id, for `agencyIds`. */
  private async record(
    manager: EntityManager,
    referral: LockedReferral,
    clock: SlaClock,
    type: ReferralEventType,
    agencyIds: string[],
    at: Date,
  ): Promise<void> {
    const id = randomUUID();
    await manager.insert(ReferralEventEntity, {
      id,
      referralId: referral.id,
      type,
      fromStatus: null,
      toStatus: null,
      actorAgencyId: null,
      actorKeyId: null,
      note: clock,
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
      agencyIds,
      payload: {
        ...referralEventPayload(id, type, subject, null, null, null, at),
        clock,
        dueAt: referral.due_at?.toISOString() ?? null,
      },
      occurredAt: at,
    };
    await appendToOutbox(manager, [event]);
  }

  /**
   * The hub-coordinator agencies whose service areas overlap the recipient's (the agencies filter's rule: the
   * same municipality, a ward and its city, or a prefecture-wide area of the same prefecture), neither the
   * sender nor the recipient.
   */
  private async hubCoordinatorsFor(manager: EntityManager, referral: LockedReferral): Promise<string[]> {
    const areas = await manager.query<{ prefecture_code: string; municipality_code: string | null }[]>(
      `SELECT "prefecture_code", "municipality_code" FROM "agency_service_area" WHERE "agency_id" = $1`,
      [referral.to_agency_id],
    );
    const municipalities = new Set<string>();
    const prefectures = new Set<string>();
    const wholePrefectures = new Set<string>();
    for (const area of areas) {
      prefectures.add(area.prefecture_code);
      if (!area.municipality_code) {
        wholePrefectures.add(area.prefecture_code);
        continue;
      }
      const government = lookupLocalGovernment(area.municipality_code);
      const codes = government ? overlappingMunicipalityCodes(government) : [area.municipality_code];
      for (const code of codes) municipalities.add(code);
    }
    if (prefectures.size === 0) return [];
    const rows = await manager.query<{ id: string }[]>(
      `SELECT DISTINCT agency."id"
         FROM "agency" agency
         JOIN "agency_service_area" area ON area."agency_id" = agency."id"
        WHERE agency."is_hub_coordinator"
          AND agency."id" <> ALL($1::uuid[])
          AND (area."municipality_code" = ANY($2::char(6)[])
               OR (area."level" = 'PREFECTURE' AND area."prefecture_code" = ANY($3::char(6)[]))
               OR area."prefecture_code" = ANY($4::char(6)[]))
        ORDER BY agency."id"`,
      [[referral.from_agency_id, referral.to_agency_id], [...municipalities], [...prefectures], [...wholePrefectures]],
    );
    return rows.map((row) => row.id);
  }
}
