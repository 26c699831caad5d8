import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AgenciesService, AgencyEntity, type Sector } from '@tsunagu/directory';
import { Clock, EntityRows, preparedQuery, type AuthContext } from '@tsunagu/platform';
import { Repository, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { type ConsentPurpose, type DataCategory, type LegalBasis } from '../dto/enums.js';
import { AuditAction } from '../entities/audit-log.entity.js';
import { ConsentEntity } from '../entities/consent.entity.js';
import { PersonEntity } from '../entities/person.entity.js';
import { SupportMeetingMemberEntity } from '../entities/support-meeting.entity.js';
import {
  conferenceGrantStands,
  decideShare,
  grantStands,
  visibleCategories,
  type ConferenceGrant,
  type ConsentFacts,
  type DisclosureBasis,
  type DisclosureGrant,
  type MeetingFacts,
  type ShareDecision,
  type VisibleCategoriesInput,
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
  /** The two agencies when the caller has just read them (their sectors decide sector-wide consents). */
  agencies?: { sender: AgencySector; recipient: AgencySector };
}

/** An agency as the disclosure rules see it. */
export type AgencySector = Pick<AgencyEntity, 'id' | 'sector'>;

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
  ) {
    this.personRows = new EntityRows(persons.manager.connection, PersonEntity);
  }

  /** Persons by id in fixed SQL (every referral created reads its person). */
  private readonly personRows: EntityRows<PersonEntity>;

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
    viewer: string | AgencySector,
    personIds: readonly string[],
    now = this.clock.now(),
    manager: EntityManager = this.persons.manager,
  ): Promise<Map<string, PersonView>> {
    const result = new Map<string, PersonView>();
    for (const { person, input } of await this.viewFacts(viewer, personIds, now, manager)) {
      const visible = visibleCategories(input);
      if (visible.categories.length > 0) result.set(person.id, { person, ...visible });
    }
    return result;
  }

  /**
   * On which basis an agency may read the free text (summary, notes, messages) of each of these referrals sent
   * to it, by referral id: the person's registrant may; otherwise only while the referral still grants the
   * agency the person's data and its basis stands as a whole (`grantStands`). Referrals absent: masked.
   */
  async referralTextBases(
    viewerId: string,
    referrals: readonly { id: string; personId: string }[],
    now = this.clock.now(),
    manager: EntityManager = this.persons.manager,
  ): Promise<Map<string, DisclosureBasis>> {
    const result = new Map<string, DisclosureBasis>();
    const facts = await this.viewFacts(
      viewerId,
      referrals.map((referral) => referral.personId),
      now,
      manager,
    );
    for (const { person, input } of facts) {
      for (const referral of referrals.filter((candidate) => candidate.personId === person.id)) {
        if (input.registeredByAgencyId === viewerId) {
          result.set(referral.id, { kind: 'REGISTRANT' });
          continue;
        }
        const grant = input.grants.find((candidate) => candidate.referralId === referral.id);
        if (grant && grantStands(grant, input)) {
          result.set(referral.id, {
            kind: 'REFERRAL',
            referralId: grant.referralId,
            legalBasis: grant.legalBasis,
            categories: grant.categories,
          });
        }
      }
    }
    return result;
  }

  /** The persons and, for each, what the disclosure rules need to know about the viewer's grants now. */
  private async viewFacts(
    viewerOrId: string | AgencySector,
    personIds: readonly string[],
    now: Date,
    manager: EntityManager,
  ): Promise<{ person: PersonEntity; input: VisibleCategoriesInput }[]> {
    if (personIds.length === 0) return [];
    const viewerId = typeof viewerOrId === 'string' ? viewerOrId : viewerOrId.id;
    const persons = await this.personRows.byIds(personIds, manager);
    const others = persons.filter((person) => person.registeredByAgencyId !== viewerId).map((person) => person.id);
    const grants = others.length
      ? await this.grantsTo(viewerId, others, manager)
      : new Map<string, DisclosureGrant[]>();
    const consentFacts = others.length ? await this.consentFacts(others, manager) : new Map<string, ConsentFacts[]>();
    const conferenceGrants = others.length
      ? await this.conferenceGrantsTo(viewerId, others, manager)
      : new Map<string, ConferenceGrant[]>();
    const meetings = await this.meetingFacts(
      [...[...grants.values()].flat(), ...[...conferenceGrants.values()].flat()].flatMap(
        (grant) => grant.meetingId ?? [],
      ),
      manager,
    );
    const viewer = typeof viewerOrId === 'string' ? await this.agency(viewerId, manager) : viewerOrId;
    return persons.map((person) => ({
      person,
      input: {
        viewerAgencyId: viewerId,
        registeredByAgencyId: person.registeredByAgencyId,
        grants: grants.get(person.id) ?? [],
        now,
        consents: consentFacts.get(person.id) ?? [],
        meetings,
        viewer: { id: viewerId, sector: viewer.sector },
        conferenceGrants: conferenceGrants.get(person.id) ?? [],
      },
    }));
  }

  /**
   * On which basis an agency may read the free-text record of each of these case conferences it takes part in,
   * by conference id: the person's registrant and the conference's lead may; another participating agency only
   * while its conference grant stands as a whole (`conferenceGrantStands`). Conferences absent: masked.
   */
  async conferenceTextBases(
    viewerId: string,
    conferences: readonly { id: string; personId: string; leadAgencyId: string }[],
    now = this.clock.now(),
    manager: EntityManager = this.persons.manager,
  ): Promise<Map<string, DisclosureBasis>> {
    const result = new Map<string, DisclosureBasis>();
    const facts = await this.viewFacts(
      viewerId,
      conferences.map((conference) => conference.personId),
      now,
      manager,
    );
    for (const { person, input } of facts) {
      for (const conference of conferences.filter((candidate) => candidate.personId === person.id)) {
        if (input.registeredByAgencyId === viewerId) {
          result.set(conference.id, { kind: 'REGISTRANT' });
          continue;
        }
        const grant = input.conferenceGrants?.find((candidate) => candidate.conferenceId === conference.id);
        if (conference.leadAgencyId === viewerId || (grant && conferenceGrantStands(grant, input))) {
          const own = grant ?? (await this.ownConferenceGrant(conference.id, manager));
          if (own) {
            result.set(conference.id, {
              kind: 'CASE_CONFERENCE',
              conferenceId: own.conferenceId,
              legalBasis: own.legalBasis,
              categories: own.categories,
            });
          }
        }
      }
    }
    return result;
  }

  /**
   * The case conferences about these persons in which the viewer takes part as an agency other than the lead
   * (the lead sees the person on its own basis), by person. Whether each still grants access now is the
   * decision's (`visibleCategories`).
   */
  private async conferenceGrantsTo(
    viewerId: string,
    personIds: string[],
    manager: EntityManager,
  ): Promise<Map<string, ConferenceGrant[]>> {
    const rows: (ConferenceRow & { person_id: string })[] = await manager.query(
      `SELECT c.id, c.person_id, c.lead_agency_id, c.data_categories, c.legal_basis, c.meeting_id, c.status,
              c.access_until
         FROM case_conference c JOIN case_conference_agency a ON a.conference_id = c.id
        WHERE a.agency_id = $1 AND c.lead_agency_id <> $1 AND c.person_id = ANY($2::uuid[])`,
      [viewerId, personIds],
    );
    const grants = new Map<string, ConferenceGrant[]>();
    for (const row of rows) {
      const list = grants.get(row.person_id) ?? [];
      list.push(conferenceGrantOf(row));
      grants.set(row.person_id, list);
    }
    return grants;
  }

  /** A conference's own terms (for its lead, who reads its record on the lead's own basis). */
  private async ownConferenceGrant(conferenceId: string, manager: EntityManager): Promise<ConferenceGrant | null> {
    const rows: ConferenceRow[] = await manager.query(
      `SELECT id, lead_agency_id, data_categories, legal_basis, meeting_id, status, access_until
         FROM case_conference WHERE id = $1`,
      [conferenceId],
    );
    return rows[0] ? conferenceGrantOf(rows[0]) : null;
  }

  /** The consent gate: may `senderAgencyId` share these categories of the person with the recipient? */
  async decideShare(check: ShareCheck, manager: EntityManager = this.persons.manager): Promise<ShareDecision> {
    const known = check.agencies;
    const [sender, recipient] =
      known?.sender.id === check.senderAgencyId && known.recipient.id === check.recipientAgencyId
        ? [known.sender, known.recipient]
        : await this.agencyFacts(manager, check.senderAgencyId, check.recipientAgencyId);
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

  /** The persons' consents with their withdrawal times, in one statement. */
  async consentFacts(
    personIds: string[],
    manager: EntityManager = this.consents.manager,
  ): Promise<Map<string, ConsentFacts[]>> {
    const rows: {
      id: string;
      person_id: string;
      recipient_agency_id: string | null;
      recipient_sector: Sector | null;
      purposes: ConsentPurpose[];
      data_categories: DataCategory[];
      obtained_at: Date;
      expires_at: Date | null;
      withdrawn_at: Date | null;
    }[] = await preparedQuery(
      manager,
      `SELECT c.id, c.person_id, c.recipient_agency_id, c.recipient_sector, c.purposes, c.data_categories,
              c.obtained_at, c.expires_at, w.withdrawn_at
         FROM consent c LEFT JOIN consent_withdrawal w ON w.consent_id = c.id
        WHERE c.person_id = ANY($1::uuid[])`,
      [personIds],
    );
    const facts = new Map<string, ConsentFacts[]>();
    for (const row of rows) {
      const list = facts.get(row.person_id) ?? [];
      list.push({
        id: row.id,
        personId: row.person_id,
        recipientAgencyId: row.recipient_agency_id,
        recipientSector: row.recipient_sector,
        purposes: row.purposes,
        dataCategories: row.data_categories,
        obtainedAt: row.obtained_at,
        expiresAt: row.expires_at,
        withdrawnAt: row.withdrawn_at,
      });
      facts.set(row.person_id, list);
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

  private async agency(id: string, manager: EntityManager): Promise<AgencyEntity> {
    const [agency] = await this.agencies.findByIds([id], manager);
    if (!agency) throw new Error(`agency ${id} vanished`);
    return agency;
  }

  private async agencyFacts(manager: EntityManager, ...ids: string[]): Promise<{ id: string; sector: Sector }[]> {
    const agencies = await this.agencies.findByIds(ids, manager);
    return ids.map((id) => {
      const agency = agencies.find((candidate) => candidate.id === id);
      if (!agency) throw new Error(`agency ${id} vanished`);
      return { id: agency.id, sector: agency.sector };
    });
  }
}

interface ConferenceRow {
  id: string;
  lead_agency_id: string;
  data_categories: DataCategory[];
  legal_basis: LegalBasis;
  meeting_id: string | null;
  status: string;
  access_until: Date | null;
}

function conferenceGrantOf(row: ConferenceRow): ConferenceGrant {
  return {
    conferenceId: row.id,
    leadAgencyId: row.lead_agency_id,
    categories: row.data_categories,
    legalBasis: row.legal_basis,
    meetingId: row.meeting_id,
    open: row.status === 'SCHEDULED' || row.status === 'HELD',
    accessUntil: row.access_until,
  };
}
