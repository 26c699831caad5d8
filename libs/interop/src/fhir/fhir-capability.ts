import { SERVICE_REQUEST_INCLUDES, SERVICE_REQUEST_REVINCLUDES } from './fhir-read.service.js';
import type { FhirResource } from './fhir-types.js';

const SEARCH_PARAM_DOCS: Record<string, { name: string; type: string; documentation: string }[]> = {
  Organization: [
    { name: 'name', type: 'string', documentation: 'Name or English name starts with (case-insensitive)' },
    { name: 'name:contains', type: 'string', documentation: 'Name or English name contains (case-insensitive)' },
  ],
  ServiceRequest: [
    {
      name: '_id',
      type: 'token',
      documentation: 'The referral id; with _include and _revinclude, the referral as one Bundle',
    },
    { name: 'subject', type: 'reference', documentation: 'Patient/<id>: the referrals about the person' },
    { name: 'patient', type: 'reference', documentation: 'Same as subject' },
  ],
  Task: [
    { name: '_id', type: 'token', documentation: 'The referral id' },
    { name: 'owner', type: 'reference', documentation: 'Organization/<id>: the recipient agency' },
    { name: 'requester', type: 'reference', documentation: 'Organization/<id>: the sending agency' },
    { name: 'status', type: 'token', documentation: 'Task status codes, comma-separated' },
    { name: '_lastUpdated', type: 'date', documentation: 'Prefixes ge, gt, le, lt, eq; may be repeated' },
  ],
  Consent: [{ name: 'patient', type: 'reference', documentation: 'Patient/<id> (required)' }],
  CarePlan: [
    { name: 'subject', type: 'reference', documentation: 'Patient/<id>: the person’s plan (this or patient required)' },
    { name: 'patient', type: 'reference', documentation: 'Same as subject' },
  ],
};

const RESOURCES: {
  type: string;
  search: boolean;
  include?: string[];
  revInclude?: string[];
  /** Instance writes beyond reads (docs/fhir.md, "Writing"). */
  writes?: ('update' | 'patch')[];
  documentation: string;
}[] = [
  { type: 'Organization', search: true, documentation: 'Agencies of the directory (scope directory:read)' },
  {
    type: 'ServiceRequest',
    search: true,
    include: [...SERVICE_REQUEST_INCLUDES, '*'],
    revInclude: [...SERVICE_REQUEST_REVINCLUDES],
    documentation: 'Referrals (scope referrals:read)',
  },
  {
    type: 'Task',
    search: true,
    include: ['Task:focus'],
    writes: ['update', 'patch'],
    documentation:
      'The lifecycle of a referral; the same id as its ServiceRequest (scope referrals:read). ' +
      'PUT or JSON Patch of status (with statusReason, output) moves it (scope referrals:write; If-Match W/"<version>")',
  },
  { type: 'Patient', search: false, documentation: 'The person as the caller may see it now (scope persons:read)' },
  { type: 'Consent', search: true, documentation: 'The person’s consents visible to the caller (scope persons:read)' },
  {
    type: 'CarePlan',
    search: true,
    documentation: 'The person’s shared support plan and its tasks (scopes conferences:read, persons:read)',
  },
];

/** What `/fhir` serves: reads, the searches listed, the referral transaction and Task updates, nothing else (docs/fhir.md). */
export function capabilityStatement(base: string, version: string, date: string): FhirResource {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date,
    publisher: 'Tsunagu',
    kind: 'instance',
    software: { name: 'Tsunagu', version },
    implementation: { description: 'Tsunagu referral hub: FHIR R4 access to referrals', url: base },
    // The R4 JSON Schema's FHIRVersion value set ends at 4.0.0; 4.0.1 is a technical correction of the same R4.
    fhirVersion: '4.0.0',
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Reads and searches; a transaction Bundle that creates and sends a referral; Task status changes. ' +
          'Authorization: Bearer <API key>, with the same scopes as the GraphQL API.',
        security: {
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'Basic' }],
              text: 'Bearer API key',
            },
          ],
          description: 'Send "Authorization: Bearer <api key>"; errors are OperationOutcome with our error code.',
        },
        resource: RESOURCES.map(({ type, search, include, revInclude, writes, documentation }) => ({
          type,
          documentation,
          interaction: [
            { code: 'read' },
            ...(search ? [{ code: 'search-type' }] : []),
            ...(writes ?? []).map((code) => ({ code })),
          ],
          versioning: writes ? 'versioned-update' : 'no-version',
          readHistory: false,
          updateCreate: false,
          ...(include ? { searchInclude: include } : {}),
          ...(revInclude ? { searchRevInclude: revInclude } : {}),
          ...(search
            ? {
                searchParam: [
                  ...SEARCH_PARAM_DOCS[type],
                  ...(type === 'Consent'
                    ? []
                    : [{ name: '_count', type: 'number', documentation: 'Page size (capped); `next` links page on' }]),
                ],
              }
            : {}),
        })),
        interaction: [
          {
            code: 'transaction',
            documentation:
              'POST /fhir: Patient, Consent(s), ServiceRequest and Task (Organization entries: GET Organization/{id}) ' +
              'create and send one referral (scopes persons:write, referrals:write); Bundle.identifier makes it idempotent',
          },
        ],
      },
    ],
  };
}
