import { ConsentStatus, DataCategory, type Consent, type MaskedPerson } from '@tsunagu/consent';
import { NEED_CATEGORIES, Urgency, type AgencyEntity } from '@tsunagu/directory';
import { DeclineReason, ReferralStatus, type ReferralEntity } from '@tsunagu/referrals';
import {
  concept,
  HL7,
  MASKED,
  ref,
  TSUNAGU,
  type CodeableConcept,
  type Extension,
  type FhirResource,
  type Reference,
} from './fhir-types.js';

/** Our referral statuses are the FHIR R4 Task status codes, upper-cased (shared/API.md). */
export function taskStatus(status: ReferralStatus): string {
  return status.toLowerCase().replace('_', '-');
}

/** The inverse of `taskStatus`; undefined for a code that is not a Task status we use. */
export function referralStatusOf(code: string): ReferralStatus | undefined {
  const candidate = code.trim().toUpperCase().replace('-', '_');
  return (Object.values(ReferralStatus) as string[]).includes(candidate) ? (candidate as ReferralStatus) : undefined;
}

/** ServiceRequest.status (request-status): the request stands while the Task is open; a refusal revokes it. */
export function serviceRequestStatus(status: ReferralStatus): string {
  switch (status) {
    case ReferralStatus.DRAFT:
      return 'draft';
    case ReferralStatus.REQUESTED:
    case ReferralStatus.RECEIVED:
    case ReferralStatus.ACCEPTED:
    case ReferralStatus.IN_PROGRESS:
      return 'active';
    case ReferralStatus.ON_HOLD:
      return 'on-hold';
    case ReferralStatus.COMPLETED:
      return 'completed';
    case ReferralStatus.REJECTED:
    case ReferralStatus.CANCELLED:
    case ReferralStatus.FAILED:
      return 'revoked';
  }
}

/** request-priority. */
export function priorityOf(urgency: Urgency): string {
  switch (urgency) {
    case Urgency.EMERGENCY:
      return 'stat';
    case Urgency.HIGH:
      return 'urgent';
    case Urgency.NORMAL:
    case Urgency.LOW:
      return 'routine';
  }
}

const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  [DeclineReason.NO_CAPACITY]: '受け入れる余力がない / No capacity',
  [DeclineReason.OUT_OF_AREA]: '対象区域外 / Out of area',
  [DeclineReason.NOT_ELIGIBLE]: '対象要件に該当しない / Not eligible',
  [DeclineReason.SERVICE_NOT_AVAILABLE]: '該当するサービスがない / Service not available',
  [DeclineReason.DUPLICATE]: '重複した紹介 / Duplicate referral',
  [DeclineReason.PERSON_DECLINED]: '本人が希望しない / Declined by the person',
  [DeclineReason.OTHER]: 'その他 / Other',
};

function iso(date: Date | null | undefined): string | undefined {
  return date ? date.toISOString() : undefined;
}

function meta(version: number, updatedAt: Date): { versionId: string; lastUpdated: string } {
  return { versionId: String(version), lastUpdated: updatedAt.toISOString() };
}

/** Drops undefined members, so absent elements are absent rather than `null` (FHIR JSON has no nulls). */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

export function organization(agency: AgencyEntity): FhirResource {
  return compact({
    resourceType: 'Organization',
    id: agency.id,
    meta: meta(agency.version, agency.updatedAt),
    extension: [{ url: TSUNAGU.acceptingReferrals, valueBoolean: agency.acceptingReferrals }],
    identifier: [{ system: TSUNAGU.agencyCode, value: agency.code }],
    active: true,
    type: [concept(TSUNAGU.sector, agency.sector, undefined, agency.kind)],
    name: agency.name,
    alias: agency.nameEn ? [agency.nameEn] : undefined,
    telecom: agency.contactEmail ? [{ system: 'email', value: agency.contactEmail, use: 'work' }] : undefined,
  });
}

function needCategoryCodes(codes: readonly string[]): CodeableConcept {
  const labels = codes.map((code) => NEED_CATEGORIES.find((info) => info.code === code));
  return {
    coding: codes.map((code, index) =>
      compact({ system: TSUNAGU.needCategory, code, display: labels[index]?.labelEn }),
    ),
    text: labels.map((label, index) => label?.labelJa ?? codes[index]).join('・'),
  };
}

/** The referral's free text as the caller may read it now (null: masked or empty). */
export interface ReferralText {
  summary: string | null;
  summaryMasked: boolean;
  outcome: string | null;
  outcomeMasked: boolean;
}

export function serviceRequest(referral: ReferralEntity, text: ReferralText): FhirResource {
  return compact({
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: meta(referral.version, referral.updatedAt),
    extension: [{ url: TSUNAGU.legalBasis, valueCode: referral.legalBasis }],
    basedOn: referral.forwardedFromId ? [ref('ServiceRequest', referral.forwardedFromId)] : undefined,
    status: serviceRequestStatus(referral.status),
    intent: 'order',
    category: [concept(HL7.snomed, '3457005', 'Patient referral')],
    priority: priorityOf(referral.urgency),
    code: needCategoryCodes(referral.needCategories),
    subject: ref('Patient', referral.personId),
    authoredOn: iso(referral.sentAt ?? referral.createdAt),
    requester: ref('Organization', referral.fromAgencyId),
    performer: [ref('Organization', referral.toAgencyId)],
    supportingInfo: referral.consentIds.length ? referral.consentIds.map((id) => ref('Consent', id)) : undefined,
    note: text.summary ? [{ text: text.summary }] : text.summaryMasked ? [{ _text: maskedElement() }] : undefined,
  });
}

export function task(referral: ReferralEntity, text: ReferralText, overdue: boolean): FhirResource {
  const executionPeriod = compact({ start: iso(referral.startedAt), end: iso(referral.closedAt) });
  const dueAt = referral.status === ReferralStatus.REQUESTED ? referral.acknowledgeDueAt : referral.decisionDueAt;
  const open = referral.status === ReferralStatus.REQUESTED || referral.status === ReferralStatus.RECEIVED;
  return compact({
    resourceType: 'Task',
    id: referral.id,
    meta: meta(referral.version, referral.updatedAt),
    basedOn: [ref('ServiceRequest', referral.id)],
    status: taskStatus(referral.status),
    statusReason: referral.declineReason
      ? concept(TSUNAGU.declineReason, referral.declineReason, undefined, DECLINE_REASON_LABELS[referral.declineReason])
      : undefined,
    businessStatus: overdue ? concept(TSUNAGU.businessStatus, 'overdue', 'Overdue', '期限超過 / Overdue') : undefined,
    intent: 'order',
    priority: priorityOf(referral.urgency),
    focus: ref('ServiceRequest', referral.id),
    for: ref('Patient', referral.personId),
    executionPeriod: Object.keys(executionPeriod).length ? executionPeriod : undefined,
    authoredOn: iso(referral.createdAt),
    lastModified: iso(referral.updatedAt),
    requester: ref('Organization', referral.fromAgencyId),
    owner: ref('Organization', referral.toAgencyId),
    restriction: open && dueAt ? { period: { end: iso(dueAt) } } : undefined,
    output: taskOutput(text),
  });
}

function taskOutput(text: ReferralText): unknown[] | undefined {
  const type = concept(TSUNAGU.taskOutput, 'outcome', 'Outcome');
  if (text.outcome) return [{ type, valueString: text.outcome }];
  if (text.outcomeMasked) return [{ type, _valueString: { extension: [MASKED] } }];
  return undefined;
}

function maskedElement(): { extension: Extension[] } {
  return { extension: [MASKED] };
}

/** The person as the caller may see it now: masked categories absent, marked `data-absent-reason: masked`. */
export function patient(person: MaskedPerson): FhirResource {
  const identityShown = !person.redacted.includes(DataCategory.IDENTITY);
  const contactShown = !person.redacted.includes(DataCategory.CONTACT);
  const names: Record<string, unknown>[] = [];
  if (identityShown) {
    names.push(humanName(person.familyName, person.givenName, 'IDE'));
    if (person.familyNameKana || person.givenNameKana) {
      names.push(humanName(person.familyNameKana, person.givenNameKana, 'SYL'));
    }
  }
  const telecom = [
    person.phone ? { system: 'phone', value: person.phone } : undefined,
    person.email ? { system: 'email', value: person.email } : undefined,
  ].filter((item) => item !== undefined);
  const address = compact({
    extension: person.municipalityCode
      ? [{ url: TSUNAGU.municipalityCode, valueCode: person.municipalityCode }]
      : undefined,
    text: person.address ?? undefined,
  });
  return compact({
    resourceType: 'Patient',
    id: person.id,
    meta: person.redacted.length
      ? { security: [{ system: HL7.actReason, code: 'MASKED', display: 'masked' }] }
      : undefined,
    extension: person.redacted.length
      ? person.redacted.map((category) => ({ url: TSUNAGU.redactedCategory, valueCode: category }))
      : undefined,
    name: identityShown ? names : [maskedElement()],
    telecom: contactShown ? (telecom.length ? telecom : undefined) : [maskedElement()],
    birthDate: identityShown ? (person.birthDate ?? undefined) : undefined,
    _birthDate: identityShown ? undefined : maskedElement(),
    address: contactShown ? (Object.keys(address).length ? [address] : undefined) : [maskedElement()],
  });
}

function humanName(
  family: string | null,
  given: string | null,
  representation: 'IDE' | 'SYL',
): Record<string, unknown> {
  return compact({
    extension: [{ url: HL7.nameRepresentation, valueCode: representation }],
    use: 'official',
    text: [family, given].filter(Boolean).join(' ') || undefined,
    family: family ?? undefined,
    given: given ? [given] : undefined,
  });
}

/** consent-state-codes: a withdrawn or expired consent no longer applies. */
export function consentState(status: ConsentStatus): string {
  switch (status) {
    case ConsentStatus.ACTIVE:
      return 'active';
    case ConsentStatus.EXPIRED:
    case ConsentStatus.WITHDRAWN:
      return 'inactive';
  }
}

export function consent(model: Consent): FhirResource {
  // Exactly one of the two is set (recordConsent enforces it); no actor rather than an empty identifier.
  const recipient: Reference | undefined = model.recipientAgencyId
    ? ref('Organization', model.recipientAgencyId)
    : model.recipientSector
      ? { identifier: { system: TSUNAGU.sector, value: model.recipientSector } }
      : undefined;
  const end = model.withdrawnAt ?? model.expiresAt;
  return compact({
    resourceType: 'Consent',
    id: model.id,
    meta: { lastUpdated: (model.withdrawnAt ?? model.recordedAt).toISOString() },
    status: consentState(model.status),
    scope: concept(HL7.consentScope, 'patient-privacy', 'Privacy Consent'),
    category: [concept(HL7.loinc, '59284-0', 'Patient Consent')],
    patient: ref('Patient', model.personId),
    dateTime: model.obtainedAt.toISOString(),
    organization: [ref('Organization', model.recordedByAgencyId)],
    policyRule: concept(HL7.actCode, 'OPTIN', 'opt-in'),
    provision: compact({
      type: 'permit',
      period: compact({ start: model.obtainedAt.toISOString(), end: iso(end) }),
      actor: recipient
        ? [{ role: concept(HL7.participationType, 'IRCP', 'information recipient'), reference: recipient }]
        : undefined,
      action: [concept(HL7.consentAction, 'disclose', 'Disclose')],
      purpose: model.purposes.map((purpose) => ({ system: TSUNAGU.consentPurpose, code: purpose })),
      code: model.dataCategories.map((category) => concept(TSUNAGU.dataCategory, category)),
    }),
  });
}
