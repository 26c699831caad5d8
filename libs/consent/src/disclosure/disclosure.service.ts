import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgenciesService, AgencyEntity, type Sector } from '@tsunagu/directory';
import { Clock, type AuthContext } from '@tsunagu/platform';
import { In, Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type ConsentPurpose, type DataCategory, type LegalBasis } from '../dto/enums.js';
import { AuditAction } from '../entities/audit-log.entity.js';
import { ConsentEntity, ConsentWithdrawalEntity } from '../entities/consent.entity.js';
import { PersonEntity } from '../entities/person.entity.js';
import { SupportMeetingMemberEntity } from '../entities/support-meeting.entity.js';
import {
  decideShare,
  visibleCategories,
  type ConsentFacts,
  type DisclosureBasis,
  type DisclosureGrant,
  type MeetingFacts,
  type ShareDecision,
} from './disclosure-decision.js';

/** Referral statuses through which a recipient may see what was shared with it. */
const GRANTING_STATUSES = ['REQUESTED', 'RECEIVED', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED'];

export interface PersonView {
  person: PersonEntity;
  categories: DataCategory[];
  bases: DisclosureBasis[];
}

export interface ShareCheck {
  personId: string;
  senderAgencyId: string;
  recipientAgencyId: string;
  purpose: ConsentPurpose;
  categories: DataCategory[];
  legalBasis: LegalBasis;
  meetingId?: string | null;
  justification?: string | null;
}

/**
 * The one place that decides what of a person an agency may see or share, and why. Every path that returns
 * person data goes through `view()`, which also writes the audit rows for what it disclosed.
 */
@Injectable()
export class DisclosureService {
  constructor(
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    @InjectRepository(SupportMeetingMemberEntity) private readonly members: Repository<SupportMeetingMemberEntity>,
    private readonly agencies: AgenciesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * What `caller` may see of each person, audited as one read per person with something disclosed.
   * Persons the caller may not see at all are absent from the result.
   */
  async view(caller: AuthContext, personIds: readonly string[], operation: string): Promise<Map<string, PersonView>> {
    const now = this.clock.now();
    const result = caller.agencyId
      ? await this.visibleTo(caller.agencyId, personIds, now)
      : new Map<string, PersonView>();
    await this.audit.record(
      [...result.values()].map((view) => ({
        action: AuditAction.PERSON_READ,
        personId: view.person.id,
        caller,
        categories: view.categories,
        basis: view.bases,
        operation,
        at: now,
      })),
    );
    return result;
  }

  /** What an agency may see of each person now, without reading (and so without auditing) anything. */
  async visibleTo(
    viewerId: string,
    personIds: readonly string[],
    now = this.clock.now(),
    manager: EntityManager = this.persons.manager,
  ): Promise<Map<string, PersonView>> {
    const result = new Map<string, PersonView>();
    if (personIds.length === 0) return result;
    const persons = await manager.findBy(PersonEntity, { id: In([...new Set(personIds)]) });
    const others = persons.filter((person) => person.registeredByAgencyId !== viewerId).map((person) => person.id);
    const grants = others.length
      ? await this.grantsTo(viewerId, others, manager)
      : new Map<string, DisclosureGrant[]>();
    const consentFacts = others.length ? await this.consentFacts(others, manager) : new Map<string, ConsentFacts[]>();
    const meetings = await this.meetingFacts(
      [...grants.values()].flat().flatMap((grant) => grant.meetingId ?? []),
      manager,
    );
    const viewer = await manager.findOneByOrFail(AgencyEntity, { id: viewerId });

    for (const person of persons) {
      const visible = visibleCategories({
        viewerAgencyId: viewerId,
        registeredByAgencyId: person.registeredByAgencyId,
        grants: grants.get(person.id) ?? [],
        now,
        consents: consentFacts.get(person.id) ?? [],
        meetings,
        viewer: { id: viewerId, sector: viewer.sector },
      });
      if (visible.categories.length > 0) result.set(person.id, { person, ...visible });
    }
    return result;
  }

  /** The consent gate: may `senderAgencyId` share these categories of the person with the recipient? */
  async decideShare(check: ShareCheck, manager: EntityManager = this.persons.manager): Promise<ShareDecision> {
    const [sender, recipient] = await this.agencyFacts(manager, check.senderAgencyId, check.recipientAgencyId);
    const meetings = check.meetingId ? await this.meetingFacts([check.meetingId], manager) : [];
    return decideShare({
      personId: check.personId,
      sender,
      recipient,
      purpose: check.purpose,
      categories: check.categories,
      legalBasis: check.legalBasis,
      meeting: meetings[0] ?? null,
      justification: check.justification ?? null,
      consents: (await this.consentFacts([check.personId], manager)).get(check.personId) ?? [],
      now: this.clock.now(),
    });
  }

  /** Referrals sent to the viewer, by person: what was shared and on which basis. */
  private async grantsTo(
    viewerId: string,
    personIds: string[],
    manager: EntityManager,
  ): Promise<Map<string, DisclosureGrant[]>> {
    const rows: {
      id: string;
      person_id: string;
      from_agency_id: string;
      shared_categories: DataCategory[];
      legal_basis: LegalBasis;
      meeting_id: string | null;
      consent_ids: string[];
    }[] = await manager.query(
      `SELECT id, person_id, from_agency_id, shared_categories, legal_basis, meeting_id, consent_ids
         FROM referral WHERE to_agency_id = $1 AND person_id = ANY($2::uuid[]) AND status = ANY($3::text[])`,
      [viewerId, personIds, GRANTING_STATUSES],
    );
    const grants = new Map<string, DisclosureGrant[]>();
    for (const row of rows) {
      const list = grants.get(row.person_id) ?? [];
      list.push({
        referralId: row.id,
        senderAgencyId: row.from_agency_id,
        categories: row.shared_categories,
        legalBasis: row.legal_basis,
        meetingId: row.meeting_id,
        consentIds: row.consent_ids,
      });
      grants.set(row.person_id, list);
    }
    return grants;
  }

  async consentFacts(
    personIds: string[],
    manager: EntityManager = this.consents.manager,
  ): Promise<Map<string, ConsentFacts[]>> {
    const consents = await manager.findBy(ConsentEntity, { personId: In(personIds) });
    const withdrawals = consents.length
      ? await manager.findBy(ConsentWithdrawalEntity, { consentId: In(consents.map((c) => c.id)) })
      : [];
    const withdrawnAt = new Map(withdrawals.map((withdrawal) => [withdrawal.consentId, withdrawal.withdrawnAt]));
    const facts = new Map<string, ConsentFacts[]>();
    for (const consent of consents) {
      const list = facts.get(consent.personId) ?? [];
      list.push({
        id: consent.id,
        personId: consent.personId,
        recipientAgencyId: consent.recipientAgencyId,
        recipientSector: consent.recipientSector,
        purposes: consent.purposes,
        dataCategories: consent.dataCategories,
        obtainedAt: consent.obtainedAt,
        expiresAt: consent.expiresAt,
        withdrawnAt: withdrawnAt.get(consent.id) ?? null,
      });
      facts.set(consent.personId, list);
    }
    return facts;
  }

  private async meetingFacts(
    meetingIds: string[],
    manager: EntityManager = this.members.manager,
  ): Promise<MeetingFacts[]> {
    if (meetingIds.length === 0) return [];
    const rows: { id: string; kind: MeetingFacts['kind']; member_ids: string[] | null }[] = await manager.query(
      `SELECT m.id, m.kind, array_remove(array_agg(mm.agency_id), NULL) AS member_ids
         FROM support_meeting m LEFT JOIN support_meeting_member mm ON mm.meeting_id = m.id
        WHERE m.id = ANY($1::uuid[]) GROUP BY m.id`,
      [[...new Set(meetingIds)]],
    );
    return rows.map((row) => ({ id: row.id, kind: row.kind, memberAgencyIds: row.member_ids ?? [] }));
  }

  private async agencyFacts(manager: EntityManager, ...ids: string[]): Promise<{ id: string; sector: Sector }[]> {
    const agencies = await manager.findBy(AgencyEntity, { id: In(ids) });
    return ids.map((id) => {
      const agency = agencies.find((candidate) => candidate.id === id);
      if (!agency) throw new Error(`agency ${id} vanished`);
      return { id: agency.id, sector: agency.sector };
    });
  }
}
