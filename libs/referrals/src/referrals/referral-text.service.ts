import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditAction, AuditService, DisclosureService, type DisclosureBasis } from '@tsunagu/consent';
import { assertPersonsRead, Clock, loader, type AuthContext, type RequestContext } from '@tsunagu/platform';
import DataLoader from 'dataloader';
import { In, Repository } from 'typeorm';
import { ReferralEntity } from '../entities/referral.entity.js';

/** The free-text fields of a referral itself; event notes and message bodies follow the same rule. */
export const REFERRAL_TEXT_FIELDS = ['summary', 'justification', 'outcome', 'closeReason', 'routingNote'] as const;
export type ReferralTextField = (typeof REFERRAL_TEXT_FIELDS)[number] | 'note' | 'body';

/** Why the caller may read a referral's free text (recorded in the audit row of each disclosing read). */
export type TextBasis = DisclosureBasis | { kind: 'SENDER' } | { kind: 'REVIEW' };

interface TextAccess {
  basis: TextBasis | null;
  personId: string | null;
}

type ReferralParties = Pick<ReferralEntity, 'id' | 'personId' | 'fromAgencyId' | 'toAgencyId' | 'reviewRequired'>;

/**
 * Cached for one HTTP request; a subscription's context lives as long as its socket, so there each event is
 * decided afresh (a withdrawal masks the next event at once).
 */
function perRequest(context: RequestContext): { cache: boolean } {
  return { cache: context.req !== undefined };
}

/** The fields a basis opens: all of them, or for the hub admin's review of a VITAL_INTEREST share its justification. */
export function textVisible(basis: TextBasis | null, field: ReferralTextField): boolean {
  if (!basis) return false;
  return basis.kind !== 'REVIEW' || field === 'justification';
}

/**
 * Free text written about a person (a referral's summary, its event notes and messages) is person data: it is
 * read under the same rules as the person's fields. The sender keeps its view; the recipient reads it only while
 * the referral's basis stands (a withdrawn or expired consent, or a meeting left, masks it at once); the hub admin
 * reads only the justification of a VITAL_INTEREST share it reviews. A key needs `persons:read`. Each read that
 * discloses text is audited, once per referral and request, in one statement per batch.
 */
@Injectable()
export class ReferralTextService {
  constructor(
    @InjectRepository(ReferralEntity) private readonly referrals: Repository<ReferralEntity>,
    private readonly disclosure: DisclosureService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The text as the caller may see it: null when masked (or empty); audited when disclosed. `author`: the agency
   * that wrote it (an event's actor, a message's sender), which always reads its own words back.
   */
  async read(
    context: RequestContext,
    referralId: string,
    field: ReferralTextField,
    text: string | null,
    author: string | null = null,
  ): Promise<string | null> {
    const caller = assertPersonsRead(context.caller);
    if (text === null) return null;
    const access = await this.access(context).load(referralId);
    if (textVisible(access.basis, field)) {
      await this.audits(context).load(referralId);
      return text;
    }
    return author !== null && author === caller.agencyId ? text : null;
  }

  /** Which of `fields` are masked for the caller (the `redacted` list of the object holding them). */
  async redacted<F extends ReferralTextField>(
    context: RequestContext,
    referralId: string,
    fields: readonly F[],
    author: string | null = null,
  ): Promise<F[]> {
    if (author !== null && author === context.caller?.agencyId) return [];
    const { basis } = await this.access(context).load(referralId);
    return fields.filter((field) => !textVisible(basis, field));
  }

  /** Tells the request's loaders about a referral already read, so its events and messages need no lookup. */
  know(context: RequestContext, referral: ReferralEntity): void {
    this.parties(context).prime(referral.id, referral);
  }

  /** Per request: the basis on which the caller reads each referral's text (null: masked), and its person. */
  private access(context: RequestContext): DataLoader<string, TextAccess> {
    const caller = context.caller as AuthContext;
    return loader(
      context,
      'referral.textAccess',
      () =>
        new DataLoader<string, TextAccess>(async (ids) => {
          const found = await this.parties(context).loadMany(ids);
          const parties = found.filter(
            (party): party is ReferralParties => party !== null && !(party instanceof Error),
          );
          const bases = await this.basesFor(caller, parties);
          return ids.map((id, index) => {
            const party = found[index];
            const personId = party && !(party instanceof Error) ? party.personId : null;
            return { basis: bases.get(id) ?? null, personId };
          });
        }, perRequest(context)),
    );
  }

  /** Per request: one audit row per referral whose text was disclosed, written per batch. */
  private audits(context: RequestContext): DataLoader<string, true> {
    const caller = context.caller as AuthContext;
    return loader(
      context,
      'referral.textAudit',
      () =>
        new DataLoader<string, true>(async (ids) => {
          const accesses = await this.access(context).loadMany(ids);
          const at = this.clock.now();
          await this.audit.record(
            ids.flatMap((id, index) => {
              const access = accesses[index];
              if (access instanceof Error || !access.basis || !access.personId) return [];
              return [
                {
                  action: AuditAction.FREE_TEXT_READ,
                  personId: access.personId,
                  caller,
                  categories: [],
                  basis: [access.basis],
                  operation: 'referral.text',
                  referralId: id,
                  at,
                },
              ];
            }),
          );
          return ids.map(() => true as const);
        }, perRequest(context)),
    );
  }

  /** Per request: who sent each referral to whom, about whom. */
  private parties(context: RequestContext): DataLoader<string, ReferralParties | null> {
    return loader(
      context,
      'referral.textParties',
      () =>
        new DataLoader<string, ReferralParties | null>(async (ids) => {
          const rows = await this.referrals.find({
            where: { id: In([...ids]) },
            select: { id: true, personId: true, fromAgencyId: true, toAgencyId: true, reviewRequired: true },
          });
          return ids.map((id) => rows.find((row) => row.id === id) ?? null);
        }, perRequest(context)),
    );
  }

  private async basesFor(caller: AuthContext, referrals: ReferralParties[]): Promise<Map<string, TextBasis>> {
    const result = new Map<string, TextBasis>();
    const agencyId = caller.agencyId;
    if (!agencyId) {
      for (const referral of referrals.filter((candidate) => candidate.reviewRequired)) {
        result.set(referral.id, { kind: 'REVIEW' });
      }
      return result;
    }
    for (const referral of referrals.filter((candidate) => candidate.fromAgencyId === agencyId)) {
      result.set(referral.id, { kind: 'SENDER' });
    }
    const received = referrals.filter(
      (candidate) => candidate.toAgencyId === agencyId && candidate.fromAgencyId !== agencyId,
    );
    if (received.length > 0) {
      for (const [id, basis] of await this.disclosure.referralTextBases(agencyId, received)) result.set(id, basis);
    }
    return result;
  }
}
