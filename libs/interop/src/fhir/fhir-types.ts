/** The media type of every `/fhir` response. */
export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Code systems and extensions of our own (the hub's codes, not a published terminology). */
export const TSUNAGU = {
  agencyCode: 'https://tsunagu.example/fhir/agency-code',
  sector: 'https://tsunagu.example/fhir/CodeSystem/sector',
  needCategory: 'https://tsunagu.example/fhir/CodeSystem/need-category',
  declineReason: 'https://tsunagu.example/fhir/CodeSystem/decline-reason',
  businessStatus: 'https://tsunagu.example/fhir/CodeSystem/referral-business-status',
  dataCategory: 'https://tsunagu.example/fhir/CodeSystem/data-category',
  consentPurpose: 'https://tsunagu.example/fhir/CodeSystem/consent-purpose',
  legalBasis: 'https://tsunagu.example/fhir/StructureDefinition/legal-basis',
  taskOutput: 'https://tsunagu.example/fhir/CodeSystem/task-output',
  municipalityCode: 'https://tsunagu.example/fhir/StructureDefinition/municipality-code',
  redactedCategory: 'https://tsunagu.example/fhir/StructureDefinition/redacted-category',
  acceptingReferrals: 'https://tsunagu.example/fhir/StructureDefinition/accepting-referrals',
} as const;

/** HL7 URLs used by the mappings. */
export const HL7 = {
  dataAbsentReason: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason',
  nameRepresentation: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation',
  actReason: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue',
  consentScope: 'http://terminology.hl7.org/CodeSystem/consentscope',
  consentAction: 'http://terminology.hl7.org/CodeSystem/consentaction',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
} as const;

/** A FHIR resource as JSON; the mappings build them as plain objects. */
export type FhirResource = { resourceType: string; id?: string } & Record<string, unknown>;

export interface Reference {
  reference?: string;
  identifier?: { system: string; value: string };
  display?: string;
}

export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Extension {
  url: string;
  valueCode?: string;
  valueBoolean?: boolean;
}

export function ref(type: string, id: string): Reference {
  return { reference: `${type}/${id}` };
}

export function concept(system: string, code: string, display?: string, text?: string): CodeableConcept {
  return { coding: [{ system, code, ...(display ? { display } : {}) }], ...(text ? { text } : {}) };
}

/** The data-absent-reason extension saying the element is withheld from this caller. */
export const MASKED: Extension = { url: HL7.dataAbsentReason, valueCode: 'masked' };
