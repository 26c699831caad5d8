/**
 * The one disclosure decision (個人情報の第三者提供の判断) every path that shares or shows a person's data uses.
 *
 * Pure: no Nest, no database, no clock — `now` is always passed in, and consent status is derived from the
 * stored facts at that moment, never stored. Everything fails closed: what is not positively covered by the
 * person's consent (個人情報保護法 第27条第1項) or by a named legal basis is not shared and not shown.
 */
import { type Sector } from '@tsunagu/directory';
import { ConsentPurpose, ConsentStatus, DataCategory, LegalBasis } from '../dto/enums.js';

/** One consent record, as stored (never edited; withdrawal is a separate fact). */
export interface ConsentFacts {
  id: string;
  personId: string;
  /** Exactly one of recipientAgencyId / recipientSector is set. */
  recipientAgencyId: string | null;
  recipientSector: Sector | null;
  purposes: ConsentPurpose[];
  dataCategories: DataCategory[];
  obtainedAt: Date;
  expiresAt: Date | null;
  withdrawnAt: Date | null;
}

export interface AgencyFacts {
  id: string;
  sector: Sector;
}

/** A 支援会議 or 要保護児童対策地域協議会 with its member agencies. */
export interface MeetingFacts {
  id: string;
  kind: LegalBasis.SUPPORT_MEETING | LegalBasis.CHILD_PROTECTION_COUNCIL;
  memberAgencyIds: string[];
}

export interface ShareRequest {
  personId: string;
  sender: AgencyFacts;
  recipient: AgencyFacts;
  purpose: ConsentPurpose;
  categories: DataCategory[];
  legalBasis: LegalBasis;
  meeting?: MeetingFacts | null;
  justification?: string | null;
  /** All the person's consents (any status, any recipient): the decision filters. */
  consents: ConsentFacts[];
  now: Date;
}

export type ShareDecision =
  | { allowed: true; basis: LegalBasis; consentIds: string[]; reviewRequired: boolean }
  | { allowed: false; missing: Missing };

export type MissingReason =
  | 'NO_CONSENT_FOR_RECIPIENT'
  | 'PURPOSE_NOT_COVERED'
  | 'CATEGORIES_NOT_COVERED'
  | 'CONSENT_EXPIRED'
  | 'CONSENT_WITHDRAWN'
  | 'NOT_A_MEETING_MEMBER'
  | 'MEETING_REQUIRED'
  | 'WRONG_MEETING_KIND'
  | 'JUSTIFICATION_REQUIRED';

/** What lacks cover, machine-readable (becomes CONSENT_REQUIRED's `extensions.missing`). */
export interface Missing {
  legalBasis: LegalBasis;
  recipientAgencyId: string;
  recipientSector: Sector;
  purpose: ConsentPurpose;
  /** The categories not covered (for CONSENT); all requested for a failing legal basis. In DataCategory order. */
  categories: DataCategory[];
  reason: MissingReason;
}

/** One referral through which data was shared with the viewer. */
export interface DisclosureGrant {
  referralId: string;
  senderAgencyId: string;
  categories: DataCategory[];
  legalBasis: LegalBasis;
  meetingId: string | null;
  consentIds: string[];
}

/**
 * One case conference (個別支援会議) in which the viewer takes part as a participating agency other than the
 * lead: the lead shares the conference's categories with it, on the person's consent for CASE_CONFERENCE or
 * under a 支援会議 / 要保護児童対策地域協議会 both belong to, while the conference is open and for the access
 * period after it was recorded or cancelled.
 */
export interface ConferenceGrant {
  conferenceId: string;
  leadAgencyId: string;
  categories: DataCategory[];
  legalBasis: LegalBasis;
  meetingId: string | null;
  /** SCHEDULED or HELD: open. RECORDED or CANCELLED: closed, readable until `accessUntil`. */
  open: boolean;
  accessUntil: Date | null;
}

export type DisclosureBasis =
  | { kind: 'REGISTRANT' }
  | { kind: 'REFERRAL'; referralId: string; legalBasis: LegalBasis; categories: DataCategory[] }
  | { kind: 'CASE_CONFERENCE'; conferenceId: string; legalBasis: LegalBasis; categories: DataCategory[] };

export interface VisibleCategoriesInput {
  viewerAgencyId: string;
  registeredByAgencyId: string;
  /** The referrals through which the person's data was sent TO the viewer. */
  grants: DisclosureGrant[];
  now: Date;
  /** The person's consents (any status, any recipient); the caller passes only this person's. */
  consents: ConsentFacts[];
  /** The meetings the grants name, with their current members. */
  meetings: MeetingFacts[];
  viewer: AgencyFacts;
  /** The case conferences through which the person's data is shared with the viewer (none when absent). */
  conferenceGrants?: ConferenceGrant[];
}

export interface VisibleCategories {
  categories: DataCategory[];
  bases: DisclosureBasis[];
}

/** A VITAL_INTEREST share needs a justification of at least this many characters (trimmed). */
export const MIN_JUSTIFICATION_LENGTH = 10;

const CATEGORY_ORDER: readonly DataCategory[] = Object.values(DataCategory);

/**
 * WITHDRAWN if withdrawnAt <= now, else EXPIRED if expiresAt <= now, else ACTIVE.
 * An unreadable (invalid) withdrawal or expiry date counts as reached: fail closed.
 */
export function consentStatus(consent: ConsentFacts, now: Date): ConsentStatus {
  const at = timeOf(now);
  if (consent.withdrawnAt !== null && !(at < consent.withdrawnAt.getTime())) return ConsentStatus.WITHDRAWN;
  if (consent.expiresAt !== null && !(at < consent.expiresAt.getTime())) return ConsentStatus.EXPIRED;
  return ConsentStatus.ACTIVE;
}

/**
 * Whether the consent, at `now`, lets its data go to `recipient` for `purpose`: it is ACTIVE, names the agency
 * or the agency's sector, and includes the purpose. That it is the right person's consent is the caller's
 * matter (decideShare filters by personId). Categories are not checked here.
 */
export function consentCovers(
  consent: ConsentFacts,
  recipient: AgencyFacts,
  purpose: ConsentPurpose,
  now: Date,
): boolean {
  return (
    consentStatus(consent, now) === ConsentStatus.ACTIVE &&
    namesRecipient(consent, recipient) &&
    consent.purposes.includes(purpose)
  );
}

/** Decides whether `request.categories` of the person may go from sender to recipient now, and on what basis. */
export function decideShare(request: ShareRequest): ShareDecision {
  timeOf(request.now);
  const requested = inOrder(request.categories);
  const deny = (reason: MissingReason, categories: DataCategory[] = requested): ShareDecision => ({
    allowed: false,
    missing: {
      legalBasis: request.legalBasis,
      recipientAgencyId: request.recipient.id,
      recipientSector: request.recipient.sector,
      purpose: request.purpose,
      categories,
      reason,
    },
  });

  const basis = request.legalBasis;
  switch (basis) {
    case LegalBasis.CONSENT: {
      const naming = request.consents.filter(
        (consent) => consent.personId === request.personId && namesRecipient(consent, request.recipient),
      );
      if (naming.length === 0) return deny('NO_CONSENT_FOR_RECIPIENT');

      const active = naming.filter((consent) => consentStatus(consent, request.now) === ConsentStatus.ACTIVE);
      if (active.length === 0) {
        const allWithdrawn = naming.every((consent) => consentStatus(consent, request.now) === ConsentStatus.WITHDRAWN);
        return deny(allWithdrawn ? 'CONSENT_WITHDRAWN' : 'CONSENT_EXPIRED');
      }

      const forPurpose = active.filter((consent) => consent.purposes.includes(request.purpose));
      if (forPurpose.length === 0) return deny('PURPOSE_NOT_COVERED');

      const covered = new Set(forPurpose.flatMap((consent) => consent.dataCategories));
      const uncovered = requested.filter((category) => !covered.has(category));
      if (uncovered.length > 0) return deny('CATEGORIES_NOT_COVERED', uncovered);

      // The consents relied on: those covering at least one requested category (all of them if none was asked).
      const reliedOn =
        requested.length === 0
          ? forPurpose
          : forPurpose.filter((consent) => consent.dataCategories.some((category) => requested.includes(category)));
      return { allowed: true, basis, consentIds: reliedOn.map((consent) => consent.id), reviewRequired: false };
    }

    case LegalBasis.SUPPORT_MEETING:
    case LegalBasis.CHILD_PROTECTION_COUNCIL: {
      const meeting = request.meeting;
      if (meeting === null || meeting === undefined) return deny('MEETING_REQUIRED');
      if (meeting.kind !== basis) return deny('WRONG_MEETING_KIND');
      if (!isMember(meeting, request.sender.id) || !isMember(meeting, request.recipient.id)) {
        return deny('NOT_A_MEETING_MEMBER');
      }
      return { allowed: true, basis, consentIds: [], reviewRequired: false };
    }

    case LegalBasis.VITAL_INTEREST: {
      if (!isJustified(request.justification)) return deny('JUSTIFICATION_REQUIRED');
      return { allowed: true, basis, consentIds: [], reviewRequired: true };
    }

    default: {
      const unknown: never = basis;
      throw new Error(`Unknown legal basis: ${String(unknown)}`);
    }
  }
}

/**
 * What of a person the viewer may see now, and why (for masking and the audit log).
 *
 * The registering agency sees everything. Any other agency sees, per referral sent to it, the categories that
 * are still covered now — consent grants are re-checked against the person's current consents (so a withdrawal
 * or expiry masks from that moment), meeting grants only while both sender and viewer are still members of
 * that meeting, VITAL_INTEREST grants stay (the disclosure happened under law; the hub admin reviews them).
 * Each case conference the viewer takes part in (not as its lead) adds, while its access period is open, the
 * conference's categories still covered by a consent for CASE_CONFERENCE or by its meeting.
 */
export function visibleCategories(input: VisibleCategoriesInput): VisibleCategories {
  timeOf(input.now);
  if (input.viewer.id !== input.viewerAgencyId) {
    throw new Error(`viewer.id (${input.viewer.id}) and viewerAgencyId (${input.viewerAgencyId}) differ`);
  }
  if (input.viewerAgencyId === input.registeredByAgencyId) {
    return { categories: [...CATEGORY_ORDER], bases: [{ kind: 'REGISTRANT' }] };
  }

  const byConsent = new Set(
    input.consents
      .filter((consent) => consentCovers(consent, input.viewer, ConsentPurpose.REFERRAL, input.now))
      .flatMap((consent) => consent.dataCategories),
  );

  const visible = new Set<DataCategory>();
  const bases: DisclosureBasis[] = [];
  for (const grant of input.grants) {
    const contributed = inOrder(grant.categories).filter((category) => stillCovered(grant, category, byConsent, input));
    if (contributed.length === 0) continue;
    contributed.forEach((category) => visible.add(category));
    bases.push({
      kind: 'REFERRAL',
      referralId: grant.referralId,
      legalBasis: grant.legalBasis,
      categories: contributed,
    });
  }

  const byConferenceConsent = new Set(
    input.consents
      .filter((consent) => consentCovers(consent, input.viewer, ConsentPurpose.CASE_CONFERENCE, input.now))
      .flatMap((consent) => consent.dataCategories),
  );
  for (const grant of input.conferenceGrants ?? []) {
    if (!conferenceAccessOpen(grant, input.now)) continue;
    const contributed = inOrder(grant.categories).filter((category) =>
      conferenceCategoryCovered(grant, category, byConferenceConsent, input),
    );
    if (contributed.length === 0) continue;
    contributed.forEach((category) => visible.add(category));
    bases.push({
      kind: 'CASE_CONFERENCE',
      conferenceId: grant.conferenceId,
      legalBasis: grant.legalBasis,
      categories: contributed,
    });
  }
  return { categories: inOrder([...visible]), bases };
}

/**
 * Whether a conference still gives its participants access at `now`: while SCHEDULED or HELD, and once RECORDED
 * or CANCELLED until its access period ends (`accessUntil`, exclusive). Fails closed on a closed conference
 * without an end.
 */
export function conferenceAccessOpen(grant: Pick<ConferenceGrant, 'open' | 'accessUntil'>, now: Date): boolean {
  const at = timeOf(now);
  if (grant.open) return true;
  return grant.accessUntil !== null && at < grant.accessUntil.getTime();
}

/**
 * Whether the basis on which a conference shares the person's data with the viewer still holds now, as a whole
 * (for the conference's free-text record, which is not split by category): the access period is open, and every
 * category of the conference is covered by a current consent for CASE_CONFERENCE naming the viewer (or its
 * sector), or the meeting the conference is held under still has both the lead and the viewer as members.
 */
export function conferenceGrantStands(grant: ConferenceGrant, input: VisibleCategoriesInput): boolean {
  if (!conferenceAccessOpen(grant, input.now)) return false;
  const covered = new Set(
    input.consents
      .filter((consent) => consentCovers(consent, input.viewer, ConsentPurpose.CASE_CONFERENCE, input.now))
      .flatMap((consent) => consent.dataCategories),
  );
  return grant.categories.every((category) => conferenceCategoryCovered(grant, category, covered, input));
}

function conferenceCategoryCovered(
  grant: ConferenceGrant,
  category: DataCategory,
  byConsent: ReadonlySet<DataCategory>,
  input: VisibleCategoriesInput,
): boolean {
  const basis = grant.legalBasis;
  switch (basis) {
    case LegalBasis.CONSENT:
      return byConsent.has(category);
    case LegalBasis.SUPPORT_MEETING:
    case LegalBasis.CHILD_PROTECTION_COUNCIL: {
      const meeting = input.meetings.find((candidate) => candidate.id === grant.meetingId);
      return (
        meeting !== undefined &&
        meeting.kind === basis &&
        isMember(meeting, grant.leadAgencyId) &&
        isMember(meeting, input.viewerAgencyId)
      );
    }
    // A conference is never held under VITAL_INTEREST (an emergency share is a referral): fail closed.
    case LegalBasis.VITAL_INTEREST:
      return false;
    default: {
      const unknown: never = basis;
      throw new Error(`Unknown legal basis: ${String(unknown)}`);
    }
  }
}

/**
 * Whether the basis on which one referral reached the viewer still holds now, as a whole: the free text of
 * the referral (summary, notes, messages) is not split by category, so it stays visible only while every
 * category the referral shared is still covered — by a current consent (and at least one consent covers the
 * viewer for referrals, when nothing was shared), by the meeting both agencies still belong to, or by
 * VITAL_INTEREST. Fails closed like `visibleCategories`, whose rules it applies per referral.
 */
export function grantStands(grant: DisclosureGrant, input: VisibleCategoriesInput): boolean {
  timeOf(input.now);
  const basis = grant.legalBasis;
  switch (basis) {
    case LegalBasis.CONSENT: {
      const covering = input.consents.filter((consent) =>
        consentCovers(consent, input.viewer, ConsentPurpose.REFERRAL, input.now),
      );
      const covered = new Set(covering.flatMap((consent) => consent.dataCategories));
      return covering.length > 0 && grant.categories.every((category) => covered.has(category));
    }
    case LegalBasis.SUPPORT_MEETING:
    case LegalBasis.CHILD_PROTECTION_COUNCIL:
      return meetingStands(grant, basis, input);
    case LegalBasis.VITAL_INTEREST:
      return true;
    default: {
      const unknown: never = basis;
      throw new Error(`Unknown legal basis: ${String(unknown)}`);
    }
  }
}

function stillCovered(
  grant: DisclosureGrant,
  category: DataCategory,
  byConsent: ReadonlySet<DataCategory>,
  input: VisibleCategoriesInput,
): boolean {
  const basis = grant.legalBasis;
  switch (basis) {
    case LegalBasis.CONSENT:
      return byConsent.has(category);
    case LegalBasis.SUPPORT_MEETING:
    case LegalBasis.CHILD_PROTECTION_COUNCIL:
      return meetingStands(grant, basis, input);
    case LegalBasis.VITAL_INTEREST:
      return true;
    default: {
      const unknown: never = basis;
      throw new Error(`Unknown legal basis: ${String(unknown)}`);
    }
  }
}

/** The grant's meeting is of its kind and both the sender and the viewer still belong to it. */
function meetingStands(
  grant: DisclosureGrant,
  kind: LegalBasis.SUPPORT_MEETING | LegalBasis.CHILD_PROTECTION_COUNCIL,
  input: VisibleCategoriesInput,
): boolean {
  const meeting = input.meetings.find((candidate) => candidate.id === grant.meetingId);
  return (
    meeting !== undefined &&
    meeting.kind === kind &&
    isMember(meeting, grant.senderAgencyId) &&
    isMember(meeting, input.viewerAgencyId)
  );
}

/** A consent names an agency, or (only when it names none) a sector; a malformed record naming both counts as the agency. */
function namesRecipient(consent: ConsentFacts, recipient: AgencyFacts): boolean {
  if (consent.recipientAgencyId !== null) return consent.recipientAgencyId === recipient.id;
  return consent.recipientSector !== null && consent.recipientSector === recipient.sector;
}

function isMember(meeting: MeetingFacts, agencyId: string): boolean {
  return meeting.memberAgencyIds.includes(agencyId);
}

/** Non-blank and at least MIN_JUSTIFICATION_LENGTH characters (code points, so 日本語 counts per character). */
function isJustified(justification: string | null | undefined): boolean {
  const text = justification?.trim() ?? '';
  return [...text].length >= MIN_JUSTIFICATION_LENGTH;
}

/** Deduplicated, in DataCategory declaration order. */
function inOrder(categories: readonly DataCategory[]): DataCategory[] {
  return CATEGORY_ORDER.filter((category) => categories.includes(category));
}

function timeOf(now: Date): number {
  const at = now.getTime();
  if (Number.isNaN(at)) throw new Error('now is not a valid date');
  return at;
}
